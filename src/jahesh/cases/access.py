"""Who sees which case, referral, note and timeline event: the one place that decides, in querysets.

Region-wide roles see every case; a unit representative the cases of the units they represent; an agency or
bank officer the cases referred to their agency. A private note (and its timeline event) is seen only by the
officers of the agency that wrote it — not by other agencies, not by the unit, not by the secretariat.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from jahesh.core.models import Role

from .models import Case, CaseEvent, CaseNote, FieldVisit, Referral


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def cases_for(user: Any) -> QuerySet[Case]:
    cases = Case.objects.all()
    if not _active(user):
        return cases.none()
    if user.is_region_wide:
        return cases
    if user.role == Role.UNIT:
        return cases.filter(unit__representatives=user)
    if user.role in (Role.AGENCY, Role.BANK) and user.agency_id:
        return cases.filter(Exists(Referral.objects.filter(case=OuterRef("pk"), agency_id=user.agency_id)))
    return cases.none()


def get_case(user: Any, pk: Any) -> Case:
    """The case ``pk`` if ``user`` may see it; 404 otherwise."""
    try:
        return (
            cases_for(user)
            .select_related("unit", "unit__county", "category", "recurs", "raised_by", "visit")
            .get(pk=int(pk))
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case") from None


def referrals_for(user: Any) -> QuerySet[Referral]:
    """Referrals the user may see: every referral of a visible case, but an officer only their agency's own
    (the timeline still tells them who else was asked: that is the case's shared history)."""
    if _active(user) and user.role in (Role.AGENCY, Role.BANK):
        return inbox_for(user)
    return Referral.objects.filter(case__in=cases_for(user))


def inbox_for(user: Any) -> QuerySet[Referral]:
    """An agency's own referrals."""
    if not _active(user) or user.role not in (Role.AGENCY, Role.BANK) or not user.agency_id:
        return Referral.objects.none()
    return Referral.objects.filter(agency_id=user.agency_id)


def _private_visible(user: Any) -> Q:
    agency = user.agency_id if user.role in (Role.AGENCY, Role.BANK) else None
    return Q(private_to__isnull=True) | Q(private_to_id=agency) if agency else Q(private_to__isnull=True)


def notes_for(user: Any, case: Case) -> QuerySet[CaseNote]:
    notes = CaseNote.objects.filter(case=case)
    agency = user.agency_id if user.role in (Role.AGENCY, Role.BANK) else None
    return notes.filter(Q(private=False) | Q(agency_id=agency)) if agency else notes.filter(private=False)


def timeline_for(user: Any, case: Case) -> QuerySet[CaseEvent]:
    return CaseEvent.objects.filter(case=case).filter(_private_visible(user))


def visits_for(user: Any) -> QuerySet[FieldVisit]:
    """Field visits: region-wide roles all; a unit representative the visits to their units; an agency or bank
    officer the visits their agency took part in."""
    visits = FieldVisit.objects.all()
    if not _active(user):
        return visits.none()
    if user.is_region_wide:
        return visits
    if user.role == Role.UNIT:
        return visits.filter(unit__representatives=user)
    if user.role in (Role.AGENCY, Role.BANK) and user.agency_id:
        return visits.filter(agency_id=user.agency_id)
    return visits.none()


def get_visit(user: Any, pk: Any) -> FieldVisit:
    try:
        return (
            visits_for(user).select_related("unit", "unit__county", "agency", "recorded_by").get(pk=int(pk))
        )
    except (FieldVisit.DoesNotExist, ValueError, TypeError):
        raise Http404("No such visit") from None
