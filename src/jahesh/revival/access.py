"""Who sees what of the revival app: the one place that decides, in querysets.

The watch list, the screening and the scenarios are the working group's own analysis: region-wide roles only
(admin, secretariat, leadership). A revival file is seen by the region-wide roles and by the representatives
of its unit (their own unit's way back); agency and bank officers see none — a bank reaches the unit's
money through the loans app, which has its own scoping.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from jahesh.core.models import Role

from .models import RevivalFile, Scenario


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def scenarios_for(user: Any) -> QuerySet[Scenario]:
    if _active(user) and user.is_region_wide:
        return Scenario.objects.all()
    return Scenario.objects.none()


def get_scenario(user: Any, pk: Any) -> Scenario:
    try:
        return scenarios_for(user).select_related("created_by").get(pk=int(pk))
    except (Scenario.DoesNotExist, ValueError, TypeError):
        raise Http404("No such scenario") from None


def files_for(user: Any) -> QuerySet[RevivalFile]:
    files = RevivalFile.objects.all()
    if not _active(user):
        return files.none()
    if user.is_region_wide:
        return files
    if user.role == Role.UNIT:
        return files.filter(unit__representatives=user)
    return files.none()


def get_file(user: Any, pk: Any) -> RevivalFile:
    try:
        return files_for(user).select_related("unit", "unit__county", "scenario").get(pk=int(pk))
    except (RevivalFile.DoesNotExist, ValueError, TypeError):
        raise Http404("No such revival file") from None
