"""What a case's timeline shows of the sessions: the session that heard it, its resolutions, and each
agency's execution steps — only what the reading user may see (jahesh.meetings.access)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jahesh.core.templatetags.jahesh import digits

from . import access
from .models import AgendaItem, PartUpdate


def _lang() -> str:
    return (get_language() or "fa")[:2]


def _list(names: Iterable[str]) -> str:
    return ("، " if _lang() == "fa" else ", ").join(names)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def items(case: Any, user: Any) -> Iterable[Any]:
    from jahesh.cases.timeline import TimelineItem

    sessions = access.sessions_for(user)
    for item in AgendaItem.objects.filter(case=case, session__in=sessions).select_related("session"):
        session = item.session
        yield TimelineItem(
            at=_at(session.held_on),
            kind="session",
            title=_("Heard in session %(n)s") % {"n": digits(session.number)},
            text=f"{session.get_kind_display()} · {session.place}".strip(" ·"),
            url=reverse("meeting-detail", args=[session.pk]),
        )
    resolutions = list(
        access.resolutions_for(user)
        .filter(case=case)
        .select_related("session")
        .prefetch_related("parts__agency")
    )
    for r in resolutions:
        yield TimelineItem(
            at=r.issued_at,
            kind="resolution",
            title=_("Resolution %(label)s issued") % {"label": digits(r.label)},
            text=r.text,
            url=reverse("resolution-detail", args=[r.pk]),
            agency=_list(p.agency.display_name(_lang()) for p in r.parts.all()),
        )
    updates = PartUpdate.objects.filter(part__resolution__in=[r.pk for r in resolutions]).select_related(
        "part__agency", "part__resolution__session"
    )
    for u in updates:
        # The status change is shared history; the evidence text only for those who may read it.
        shows_text = access.region_wide(user) or (
            getattr(user, "agency_id", None) == u.part.agency_id and user.role in ("agency", "bank")
        )
        yield TimelineItem(
            at=u.at,
            kind="resolution-status",
            title=_("Resolution %(label)s: %(status)s")
            % {"label": digits(u.part.resolution.label), "status": u.get_after_display()},
            text=u.text if shows_text else "",
            url=reverse("resolution-detail", args=[u.part.resolution_id]),
            agency=u.part.agency.display_name(_lang()),
        )
