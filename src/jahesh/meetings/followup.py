"""The follow-up dashboard's figures, all computed here in one pass (docs/sessions.md explains each one).

A *part* is one responsible agency's share of a resolution. For each agency (and each bank):

- **received**: parts naming it; **released**: parts whose objection the session upheld;
- **executed**: parts it reported executed; **on time**: executed on or before the deadline;
- **execution rate** = executed ÷ (received − released) — what it was bound to do and did;
- **median days**: the median of (executed date − notification date) over its executed parts;
- **overdue**: parts still notified or being executed after the deadline.

A resolution is *executed* when every part is executed or released (and at least one is executed). Per
session, resolutions issued against resolutions executed is the "inflation" indicator of practice.md.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jahesh.registry.models import Agency, Region

from .models import Resolution, ResolutionPart, Session

Status = ResolutionPart.Status


@dataclass
class AgencyRow:
    agency_id: int
    name: str
    kind: str
    received: int = 0
    released: int = 0
    executed: int = 0
    on_time: int = 0
    objections: int = 0
    upheld: int = 0
    overdue: int = 0
    open: int = 0
    not_executed: int = 0
    days: list[int] = field(default_factory=list)

    @property
    def bound(self) -> int:
        return self.received - self.released

    @property
    def rate(self) -> float | None:
        return self.executed / self.bound if self.bound else None

    @property
    def median_days(self) -> float | None:
        return float(statistics.median(self.days)) if self.days else None


@dataclass
class SessionRow:
    session_id: int
    number: int
    kind: str
    held_on: dt.date
    issued: int = 0
    executed: int = 0

    @property
    def rate(self) -> float | None:
        return self.executed / self.issued if self.issued else None


@dataclass
class OverdueRow:
    resolution_id: int
    label: str
    text: str
    agency: str
    deadline: dt.date
    days_late: int
    carried_count: int


@dataclass
class FollowUp:
    today: dt.date
    resolutions: int
    parts: int
    executed_resolutions: int
    by_status: list[tuple[str, str, int]]
    overdue_parts: int
    by_agency: list[AgencyRow]
    by_bank: list[AgencyRow]
    by_category: list[tuple[str, int, int]]
    per_session: list[SessionRow]
    overdue: list[OverdueRow]
    escalated: list[tuple[int, str, str, int, str]]

    @property
    def execution_rate(self) -> float | None:
        bound = sum(a.bound for a in self.by_agency)
        return sum(a.executed for a in self.by_agency) / bound if bound else None


def resolution_executed(parts: list[dict[str, Any]]) -> bool:
    done = [p for p in parts if not (p["status"] == Status.OBJECTED and p["ruling"] == "upheld")]
    return bool(done) and all(p["status"] == Status.EXECUTED for p in done)


def follow_up(region: Region, today: dt.date | None = None, resolutions: Any = None) -> FollowUp:
    """Every figure of the dashboard for ``region`` (optionally over a narrower queryset of resolutions)."""
    today = today or timezone.localdate()
    lang = (get_language() or "fa")[:2]  # names of agencies and categories in the page's language
    rows = resolutions if resolutions is not None else Resolution.objects.all()
    rows = rows.filter(session__region=region)
    res = {
        r["pk"]: r
        for r in rows.values(
            "pk",
            "number",
            "text",
            "deadline",
            "carried_count",
            "escalation",
            "session_id",
            "session__number",
            "case__category__name",
            "case__category__name_en",
            "case__category__parent__name",
            "case__category__parent__name_en",
        )
    }
    parts = list(
        ResolutionPart.objects.filter(resolution_id__in=list(res)).values(
            "resolution_id",
            "agency_id",
            "status",
            "ruling",
            "objected_at",
            "notified_at",
            "executed_at",
        )
    )
    agencies = {a.pk: a for a in Agency.objects.filter(region=region)}
    by_res: dict[int, list[dict[str, Any]]] = defaultdict(list)
    agency_rows: dict[int, AgencyRow] = {}
    status_count: Counter[str] = Counter()
    overdue: list[OverdueRow] = []
    for p in parts:
        r = res[p["resolution_id"]]
        by_res[p["resolution_id"]].append(p)
        status_count[p["status"]] += 1
        a = agencies[p["agency_id"]]
        row = agency_rows.setdefault(a.pk, AgencyRow(a.pk, a.display_name(lang), a.kind))
        row.received += 1
        if p["objected_at"] is not None:
            row.objections += 1
        if p["status"] == Status.OBJECTED and p["ruling"] == "upheld":
            row.released += 1
            row.upheld += 1
        if p["status"] == Status.EXECUTED:
            row.executed += 1
            done = timezone.localdate(p["executed_at"])
            row.days.append((done - timezone.localdate(p["notified_at"])).days)
            if done <= r["deadline"]:
                row.on_time += 1
        if p["status"] == Status.NOT_EXECUTED:
            row.not_executed += 1
        if p["status"] in ResolutionPart.OPEN:
            row.open += 1
            if r["deadline"] < today:
                row.overdue += 1
                overdue.append(
                    OverdueRow(
                        resolution_id=r["pk"],
                        label=f"{r['session__number']}/{r['number']}",
                        text=r["text"],
                        agency=a.display_name(lang),
                        deadline=r["deadline"],
                        days_late=(today - r["deadline"]).days,
                        carried_count=r["carried_count"],
                    )
                )
    executed_res = {pk for pk, ps in by_res.items() if resolution_executed(ps)}

    sessions = {
        s.pk: SessionRow(s.pk, s.number, s.kind, s.held_on)
        for s in Session.objects.filter(pk__in={r["session_id"] for r in res.values()})
    }
    categories: dict[str, list[int]] = {}
    no_case = _("No linked case")
    for pk, r in res.items():
        sessions[r["session_id"]].issued += 1
        sessions[r["session_id"]].executed += pk in executed_res
        top = "case__category__parent__" if r["case__category__parent__name"] else "case__category__"
        name = (lang == "en" and r[f"{top}name_en"]) or r[f"{top}name"] or no_case
        counts = categories.setdefault(name, [0, 0])
        counts[0] += 1
        counts[1] += pk in executed_res

    labels = dict(Status.choices)
    by_agency = sorted(agency_rows.values(), key=lambda a: (-(a.received), a.name))
    escalated = [
        (
            pk,
            f"{r['session__number']}/{r['number']}",
            r["text"],
            r["carried_count"],
            str(Resolution.Escalation(r["escalation"]).label),
        )
        for pk, r in sorted(
            res.items(), key=lambda kv: (-kv[1]["escalation"], -kv[1]["carried_count"], kv[0])
        )
        if r["escalation"] and pk not in executed_res
    ]
    return FollowUp(
        today=today,
        resolutions=len(res),
        parts=len(parts),
        executed_resolutions=len(executed_res),
        by_status=[(code, str(labels[code]), status_count[code]) for code in Status.values],
        overdue_parts=len(overdue),
        by_agency=by_agency,
        by_bank=[a for a in by_agency if a.kind == Agency.Kind.BANK],
        by_category=sorted(
            ((name, n, done) for name, (n, done) in categories.items()), key=lambda t: (-t[1], t[0])
        ),
        per_session=sorted(sessions.values(), key=lambda s: (s.held_on, s.number)),
        overdue=sorted(overdue, key=lambda o: (-o.days_late, o.label, o.agency)),
        escalated=escalated,
    )


def charts(fu: FollowUp) -> dict[str, Any]:
    """The ECharts specs of the dashboard (drawn by static/jahesh/charts.js), each next to its table."""
    return {
        "status": {
            "kind": "pie",
            "series": [{"name": label, "value": n, "code": code} for code, label, n in fu.by_status if n],
        },
        "agency": {
            "kind": "stacked",
            "horizontal": True,
            "categories": [a.name for a in fu.by_agency[:15]],
            "series": [
                {"name": _("executed"), "data": [a.executed for a in fu.by_agency[:15]]},
                {"name": _("open"), "data": [a.open - a.overdue for a in fu.by_agency[:15]]},
                {"name": _("overdue"), "data": [a.overdue for a in fu.by_agency[:15]]},
                {"name": _("not executed"), "data": [a.not_executed for a in fu.by_agency[:15]]},
            ],
            "colors": ["#2e7d32", "#5c6bc0", "#c62828", "#616161"],
        },
        "category": {
            "kind": "stacked",
            "horizontal": True,
            "categories": [name for name, _n, _d in fu.by_category],
            "series": [
                {"name": _("executed"), "data": [d for _n, _t, d in fu.by_category]},
                {"name": _("other"), "data": [t - d for _n, t, d in fu.by_category]},
            ],
            "colors": ["#2e7d32", "#9e9e9e"],
        },
        "sessions": {
            "kind": "bar",
            "categories": [str(s.number) for s in fu.per_session],
            "series": [
                {"name": _("resolutions issued"), "data": [s.issued for s in fu.per_session]},
                {"name": _("resolutions executed"), "data": [s.executed for s in fu.per_session]},
            ],
            "colors": ["#f0a202", "#2e7d32"],
        },
    }
