"""Who sees which session, agenda item, resolution and part update: the one place that decides, in querysets.

- Region-wide roles (admin, secretariat, leadership) see everything, minutes included.
- An agency or bank officer sees the resolutions naming their agency as responsible, and the sessions their
  agency was invited to or received a resolution from. Of such a session they see its public part — number,
  date, place, chair, attendance — and only the agenda items and resolutions that concern their agency.
  They see every responsible agency's status on their resolutions (a joint resolution is shared work) but
  only their own agency's evidence. The minutes PDF (every resolution of the session) is for region-wide
  roles.
- A unit representative sees the resolutions about their own units (the resolution's unit or its case's unit)
  and the sessions that issued them, with the statuses but no agency's evidence.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from jahesh.core.models import Role

from .models import AgendaItem, Attendance, PartUpdate, Resolution, ResolutionPart, Session


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.is_active


def _officer_agency(user: Any) -> int | None:
    if _active(user) and user.role in (Role.AGENCY, Role.BANK) and user.agency_id:
        return user.agency_id
    return None


def region_wide(user: Any) -> bool:
    return _active(user) and user.is_region_wide


def is_staff(user: Any) -> bool:
    """Those who create sessions, agendas, attendance, resolutions and imports."""
    return _active(user) and (user.is_superuser or user.role in (Role.ADMIN, Role.SECRETARIAT))


def resolutions_for(user: Any) -> QuerySet[Resolution]:
    rows = Resolution.objects.all()
    if not _active(user):
        return rows.none()
    if user.is_region_wide:
        return rows
    agency = _officer_agency(user)
    if agency:
        return rows.filter(Exists(ResolutionPart.objects.filter(resolution=OuterRef("pk"), agency_id=agency)))
    if user.role == Role.UNIT:
        units = user.units.values("pk")
        return rows.filter(Q(unit__in=units) | Q(case__unit__in=units))
    return rows.none()


def sessions_for(user: Any) -> QuerySet[Session]:
    rows = Session.objects.all()
    if not _active(user):
        return rows.none()
    if user.is_region_wide:
        return rows
    issued = Exists(resolutions_for(user).filter(session=OuterRef("pk")))
    agency = _officer_agency(user)
    if agency:
        invited = Exists(Attendance.objects.filter(session=OuterRef("pk"), agency_id=agency))
        return rows.filter(issued | invited)
    return rows.filter(issued)


def get_session(user: Any, pk: Any) -> Session:
    try:
        return sessions_for(user).select_related("region", "county", "chair").get(pk=int(pk))
    except (Session.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such session") from None


def get_resolution(user: Any, pk: Any) -> Resolution:
    try:
        return (
            resolutions_for(user)
            .select_related("session", "case", "case__category", "case__unit", "unit")
            .get(pk=int(pk))
        )
    except (Resolution.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such resolution") from None


def agenda_for(user: Any, session: Session) -> QuerySet[AgendaItem]:
    items = AgendaItem.objects.filter(session=session)
    if region_wide(user):
        return items
    mine = resolutions_for(user)
    return items.filter(
        Exists(mine.filter(agenda_item=OuterRef("pk"))) | Q(resolution__in=mine.values("pk"))
    ).distinct()


def session_resolutions_for(user: Any, session: Session) -> QuerySet[Resolution]:
    return resolutions_for(user).filter(session=session)


def updates_for(user: Any, part: ResolutionPart) -> QuerySet[PartUpdate]:
    """The history of a part with its evidence: region-wide roles and the part's own agency."""
    updates = PartUpdate.objects.filter(part=part)
    if region_wide(user) or (_officer_agency(user) and _officer_agency(user) == part.agency_id):
        return updates
    return updates.none()


def can_see_update(user: Any, update: PartUpdate) -> bool:
    return updates_for(user, update.part).filter(pk=update.pk).exists()


def may_read_minutes(user: Any) -> bool:
    return region_wide(user)


def may_approve(user: Any, session: Session) -> bool:
    """The chair signs the minutes off: leadership, the admin, or the session's own chair user."""
    if not _active(user):
        return False
    return user.is_superuser or user.role in (Role.ADMIN, Role.LEADERSHIP) or session.chair_id == user.pk


def may_update_part(user: Any, part: ResolutionPart) -> bool:
    """An officer of the part's agency, or the secretariat on the agency's behalf."""
    agency = _officer_agency(user)
    return is_staff(user) or (agency is not None and agency == part.agency_id)
