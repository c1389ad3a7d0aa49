"""Read-only questions other apps ask about loans (the revival plan asks what money units already seek)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .models import Application


@dataclass(frozen=True)
class OpenRequest:
    """A unit's open application: the money it asks for (approved amount once a bank or the panel set one)."""

    application_id: int
    amount: Decimal
    bank_id: int | None
    programme_code: str
    state: str


def open_requests(unit_ids: Iterable[int]) -> dict[int, OpenRequest]:
    """Per unit, its open application (the most recent if it has several, one per programme being allowed).

    ``amount`` is the amount the bank (or, after an overturned refusal, the expert panel) approved, less what
    has already been paid when partly paid; otherwise the amount requested. ``bank_id`` is the bank the unit
    was introduced to, or None before the introduction. Units without an open application are absent.
    One query.
    """
    ids = list(unit_ids)
    if not ids:
        return {}
    rows = (
        Application.objects.filter(unit_id__in=ids, state__in=Application.OPEN)
        .select_related("programme", "introduction", "decision")
        .prefetch_related("disbursements")
        .order_by("unit_id", "-applied_on", "-id")
    )
    out: dict[int, OpenRequest] = {}
    for app in rows:
        if app.unit_id in out:
            continue
        intro = getattr(app, "introduction", None)
        decision = getattr(app, "decision", None)
        amount = app.amount_requested
        lending = decision.lending_amount if decision is not None else None
        if lending is not None:
            amount = lending - sum((d.amount for d in app.disbursements.all()), Decimal(0))
        out[app.unit_id] = OpenRequest(
            application_id=app.pk,
            amount=amount,
            bank_id=intro.bank_id if intro is not None else None,
            programme_code=app.programme.code,
            state=app.state,
        )
    return out
