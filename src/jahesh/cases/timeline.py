"""A case's one timeline: its own events, and items other apps add without touching the cases models.

Other apps (working-group sessions and resolutions, loans, …) register a *provider*::

    from jahesh.cases import timeline

    def my_items(case, user):
        for resolution in resolutions_for(user).filter(case=case):
            yield timeline.TimelineItem(at=..., kind="resolution", title=_("Resolution issued"), url=...)

    timeline.register(my_items)          # in AppConfig.ready()

A provider gets the case and the reading user and must return only what that user may see (its own access
rules apply). ``entries(case, user)`` merges the case's visible events with every provider's items in time
order; the case page and the API both read it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from jahesh.core import jalali

from .models import Case, CaseEvent


@dataclasses.dataclass(frozen=True)
class TimelineItem:
    """One item another app adds to a case's story. ``title`` is already translated."""

    at: dt.datetime
    kind: str
    title: str
    text: str = ""
    url: str = ""
    agency: str = ""

    provided: ClassVar[bool] = True


Provider = Callable[[Case, Any], Iterable[TimelineItem]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add ``provider(case, user) -> Iterable[TimelineItem]``; registering the same one twice is harmless.

    Returns the provider, so it can be used as a decorator.
    """
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def providers() -> list[Provider]:
    return list(_providers)


def _aware(at: dt.datetime | dt.date) -> dt.datetime:
    if not isinstance(at, dt.datetime):
        at = dt.datetime.combine(at, dt.time(12, 0))
    return at if timezone.is_aware(at) else timezone.make_aware(at)


def entries(
    case: Case, user: Any, events: Iterable[CaseEvent] | None = None
) -> list[CaseEvent | TimelineItem]:
    """The case's visible events and every provider's items, oldest first (events first on a tie)."""
    from .access import timeline_for

    if events is None:
        events = timeline_for(user, case).select_related("actor", "agency")
    merged: list[tuple[dt.datetime, int, int, CaseEvent | TimelineItem]] = [
        (e.at, 0, i, e) for i, e in enumerate(events)
    ]
    for p, provider in enumerate(_providers):
        for i, item in enumerate(provider(case, user) or ()):
            merged.append((_aware(item.at), 1 + p, i, item))
    merged.sort(key=lambda t: (t[0], t[1], t[2]))
    return [t[3] for t in merged]


def as_item(entry: CaseEvent | TimelineItem, lang: str = "fa") -> TimelineItem:
    """A case event seen as a timeline item (for the API); provider items pass through."""
    if isinstance(entry, TimelineItem):
        return entry
    return TimelineItem(
        at=entry.at,
        kind=entry.kind,
        title=str(entry.get_kind_display()),
        text=entry.detail(),
        agency=entry.agency.display_name(lang) if entry.agency_id else "",
    )


# --- the unit's utilisation and employment before and after ------------------------------------------------


def _months_figures(unit_id: int, months: list[int]) -> dict[int, tuple[float | None, int]]:
    """Utilisation (a share) and employment of a unit in the given months, from its counted reports."""
    from jahesh.analytics.utilisation import monthly_utilisation
    from jahesh.registry.models import MonthlyReport, ProductLine, ReportLine

    reports = list(
        MonthlyReport.objects.filter(unit_id=unit_id, month__in=months)
        .exclude(state=MonthlyReport.State.RETURNED)
        .values_list("pk", "month", "employment")
    )
    if not reports:
        return {}
    lines = list(
        ProductLine.objects.filter(unit_id=unit_id).values_list("pk", "nominal_capacity", "unit_value_irr")
    )
    month_of = {pk: m for pk, m, _e in reports}
    outputs = list(
        ReportLine.objects.filter(report_id__in=list(month_of)).values_list(
            "report_id", "product_line_id", "output"
        )
    )
    pos = {pk: i for i, (pk, _c, _v) in enumerate(lines)}
    ordered = sorted(month_of.values())
    try:
        series = monthly_utilisation(
            months=ordered,
            line_capacity=[float(c) for _pk, c, _v in lines],
            line_value=[float(v) if v else np.nan for _pk, _c, v in lines],
            output_line=[pos[pl] for _r, pl, _q in outputs if pl in pos],
            output_month=[month_of[r] for r, pl, _q in outputs if pl in pos],
            output_quantity=[float(q) for _r, pl, q in outputs if pl in pos],
        )
    except ValueError:  # a line without capacity: no utilisation to show, employment still is
        series = np.full(len(ordered), np.nan)
    util = {m: (None if np.isnan(v) else float(v)) for m, v in zip(ordered, series, strict=True)}
    return {m: (util.get(m), e) for _pk, m, e in reports}


#: How far from intake (before) and from closure (after) a report still counts as "around" it.
AROUND_MONTHS = 3


def unit_figures(case: Case) -> list[TimelineItem]:
    """The unit's utilisation and employment in the last reported month before intake and, once the case is
    closed, in the latest reported month after closure (while open: the latest since intake)."""
    intake = jalali.month_index(*jalali.jalali_month_of(case.created_at))
    if case.closed_at is not None:
        anchor = jalali.month_index(*jalali.jalali_month_of(case.closed_at))
        after_months = list(range(anchor + 1, anchor + 1 + AROUND_MONTHS))
        after_label = _("Utilisation and employment after closure (%(month)s)")
    else:
        now = jalali.month_index(*jalali.jalali_month_of(timezone.now()))
        after_months = list(range(max(intake + 1, now - AROUND_MONTHS), now + 1))
        after_label = _("Utilisation and employment since intake (%(month)s)")
    before_months = list(range(intake - AROUND_MONTHS, intake))
    figures = _months_figures(case.unit_id, before_months + after_months)
    items = []
    before = max((m for m in figures if m < intake), default=None)
    if before is not None:
        items.append(
            _figure_item(before, figures[before], _("Utilisation and employment before (%(month)s)"))
        )
    after = max((m for m in figures if m in after_months), default=None)
    if after is not None:
        items.append(_figure_item(after, figures[after], after_label))
    return items


def _figure_item(month: int, values: tuple[float | None, int], label: str) -> TimelineItem:
    from jahesh.core.templatetags.jahesh import jmonth, num, pct

    year, m = jalali.from_month_index(month)
    utilisation, employment = values
    parts = []
    if utilisation is not None:
        # Rounded down to one decimal, as everywhere: a unit below a threshold never reads as on it.
        shown = math.floor(round(utilisation * 1000, 6)) / 1000
        parts.append(_("capacity utilisation %(pct)s") % {"pct": pct(shown, 1)})
    parts.append(_("employment %(n)s persons") % {"n": num(employment)})
    return TimelineItem(
        at=_aware(jalali.month_end(year, m)),
        kind="figures",
        title=label % {"month": jmonth((year, m))},  # the month in the page's language
        text=" · ".join(parts),
    )


def _figures_provider(case: Case, user: Any) -> Iterable[TimelineItem]:
    return unit_figures(case)


register(_figures_provider)
