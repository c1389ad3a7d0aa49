"""Who sees which loan application: the one place that decides, in querysets.

Region-wide roles see every application; a unit representative the applications of the units they
represent; a bank officer only the applications introduced to their own bank (their desk). Other agency
officers see none.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from jahesh.core.models import Role

from .models import Application


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def applications_for(user: Any) -> QuerySet[Application]:
    apps = Application.objects.all()
    if not _active(user):
        return apps.none()
    if user.is_region_wide:
        return apps
    if user.role == Role.UNIT:
        return apps.filter(unit__representatives=user)
    if user.role == Role.BANK and user.agency_id:
        return apps.filter(introduction__bank_id=user.agency_id)
    return apps.none()


def get_application(user: Any, pk: Any) -> Application:
    """The application ``pk`` if ``user`` may see it; 404 otherwise."""
    try:
        return (
            applications_for(user)
            .select_related("unit", "unit__county", "programme", "introduction__bank", "decision", "case")
            .get(pk=int(pk))
        )
    except (Application.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such application") from None


def is_staff(user: Any) -> bool:
    return _active(user) and (user.is_superuser or user.role in (Role.ADMIN, Role.SECRETARIAT))


def is_bank_of(user: Any, application: Application) -> bool:
    """The user is an officer of the bank the application was introduced to."""
    intro = getattr(application, "introduction", None)
    return (
        _active(user)
        and user.role == Role.BANK
        and bool(user.agency_id)
        and intro is not None
        and intro.bank_id == user.agency_id
    )
