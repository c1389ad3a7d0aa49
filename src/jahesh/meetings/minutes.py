"""The minutes (صورتجلسه) of a session, generated from its structured record as a Persian PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch

from jahesh.core.pdf import render_pdf

from .models import Minutes, Resolution, ResolutionPart, Session


def minutes_context(session: Session) -> dict[str, Any]:
    resolutions = list(
        Resolution.objects.filter(session=session)
        .select_related("session", "case", "unit", "agenda_item")
        .prefetch_related(
            Prefetch(
                "parts", queryset=ResolutionPart.objects.select_related("agency").order_by("agency__name")
            )
        )
        .order_by("number")
    )
    return {
        "session": session,
        "attendance": list(
            session.attendance.select_related("agency").order_by("agency__kind", "agency__name")
        ),
        "agenda": list(session.agenda.select_related("case", "unit", "resolution").order_by("order", "id")),
        "resolutions": resolutions,
    }


def render_minutes(
    session: Session,
    *,
    draft: bool,
    approved_at: dt.datetime | None = None,
    approved_by: Any = None,
    lang: str = "fa",
) -> bytes:
    """The minutes as a PDF: a draft carries a watermark; the approved one names who approved it and when."""
    context = minutes_context(session)
    context.update(
        draft=draft, approved_at=approved_at, approved_by=approved_by, version=session.minutes_version
    )
    return render_pdf("meetings/minutes_pdf.html", context, lang=lang)


def minutes_pdf(session: Session, version: int | None = None) -> tuple[bytes, int, bool]:
    """The PDF to serve: an approved version exactly as stored, or the current draft rendered now.

    Returns (pdf, version, is_draft). Without ``version``: the approved current version if the session is
    locked, else the draft of the version being prepared.
    """
    if version is None and session.locked:
        version = session.minutes_version
    if version is not None:
        stored = Minutes.objects.filter(session=session, version=version).first()
        if stored is not None:
            return bytes(stored.pdf), version, False
        if version != session.minutes_version:
            raise Minutes.DoesNotExist
        if session.locked:  # approved without a stored copy (the demo's history): rendered as approved
            return render_minutes(session, draft=False), version, False
    return render_minutes(session, draft=True), session.minutes_version, True
