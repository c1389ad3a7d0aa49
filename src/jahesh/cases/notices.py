"""Who is told what about a case (jahesh.core.notify): new referral → the agency's officers; answer → the
secretariat and the unit's representatives; escalation → the late agencies' officers and the secretariat;
closure → the unit's representatives. Called from the actions, inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jahesh.core import jalali
from jahesh.core.models import Role, User
from jahesh.core.notify import notify

from .models import Case, Referral


def officers(agency_ids: Iterable[int]) -> Any:
    return User.objects.filter(
        agency_id__in=list(agency_ids), role__in=[Role.AGENCY, Role.BANK], is_active=True
    )


def secretariat() -> Any:
    return User.objects.filter(role=Role.SECRETARIAT, is_active=True)


def representatives(case: Case) -> Any:
    return case.unit.representatives.filter(is_active=True)


def _url(case: Case) -> str:
    return reverse("case-detail", args=[case.pk])


def referred(case: Case, referral: Referral) -> None:
    notify(
        officers([referral.agency_id]),
        kind="case.referred",
        message=_("Case %(case)s about %(unit)s was referred to your agency; answer by %(due)s."),
        params={
            "case": case.pk,
            "unit": case.unit.name,
            "due": jalali.format_jalali(referral.due_on, "%Y/%m/%d", persian_digits=False),
        },
        url=_url(case),
    )


def answered(case: Case, referral: Referral) -> None:
    notify(
        [*secretariat(), *representatives(case)],
        kind="case.answered",
        message=_("%(agency)s answered case %(case)s (%(unit)s): %(status)s."),
        params={
            "agency": referral.agency.name,
            "case": case.pk,
            "unit": case.unit.name,
            "status": Referral.Status(referral.status).label,
        },
        url=_url(case),
    )


def escalated(case: Case, agency_ids: Iterable[int]) -> None:
    notify(
        [*officers(agency_ids), *secretariat()],
        kind="case.escalated",
        message=_("Case %(case)s (%(unit)s) is overdue: %(level)s."),
        params={"case": case.pk, "unit": case.unit.name, "level": Case.Escalation(case.escalation).label},
        url=_url(case),
    )


def closed(case: Case) -> None:
    notify(
        representatives(case),
        kind="case.closed",
        message=_("Case %(case)s (%(unit)s) was closed: %(outcome)s."),
        params={"case": case.pk, "unit": case.unit.name, "outcome": Case.Outcome(case.outcome).label},
        url=_url(case),
    )
