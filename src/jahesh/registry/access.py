"""Access to production units and their reports: the one place that decides who sees which unit.

Every view and endpoint that touches a unit goes through these helpers; none fetches a unit by id alone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from jahesh.core.models import Role

from .models import MonthlyReport, Unit


def units_for(user: Any) -> QuerySet[Unit]:
    """The units ``user`` may see.

    Region-wide roles see every unit; a unit representative sees the units they represent. Agency and bank
    officers see the units named in the cases referred to their agency, in the resolutions their agency must
    execute, and (banks) in the loan applications introduced to their bank.
    """
    units = Unit.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return units.none()
    if user.is_region_wide:
        return units
    if user.role == Role.UNIT:
        return units.filter(representatives=user)
    if user.role in (Role.AGENCY, Role.BANK) and user.agency_id:
        # The later apps build on the registry, not the other way round: imported here.
        from jahesh.cases.models import Referral
        from jahesh.loans.models import Introduction
        from jahesh.meetings.models import ResolutionPart

        agency = user.agency_id
        referred = Referral.objects.filter(case__unit=OuterRef("pk"), agency_id=agency)
        resolved = ResolutionPart.objects.filter(resolution__unit=OuterRef("pk"), agency_id=agency)
        introduced = Introduction.objects.filter(application__unit=OuterRef("pk"), bank_id=agency)
        return units.filter(Exists(referred) | Exists(resolved) | Exists(introduced))
    return units.none()


def get_unit(user: Any, pk: Any) -> Unit:
    """The unit ``pk`` if ``user`` may see it; 404 otherwise (so an outsider cannot probe which ids exist)."""
    try:
        return units_for(user).select_related("county", "estate", "region", "owner_bank").get(pk=int(pk))
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404("No such unit") from None


def can_edit_unit(user: Any, unit: Unit) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and (user.role in (Role.ADMIN, Role.SECRETARIAT) or user.is_superuser)
    )


def can_submit_report(user: Any, unit: Unit) -> bool:
    """The unit's representatives and the secretariat report for a unit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role in (Role.ADMIN, Role.SECRETARIAT) or user.is_superuser:
        return True
    return user.role == Role.UNIT and unit.representatives.filter(pk=user.pk).exists()


def can_review_reports(user: Any) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and user.is_active
        and (user.role in (Role.ADMIN, Role.SECRETARIAT) or user.is_superuser)
    )


def reports_for(user: Any) -> QuerySet[MonthlyReport]:
    return MonthlyReport.objects.filter(unit__in=units_for(user))
