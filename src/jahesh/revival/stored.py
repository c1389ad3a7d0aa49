"""The watch list and the screening, stored per unit and kept fresh, so that the pages read rows instead of
computing over every unit's reports on each request.

``figures.watch_list`` and ``figures.screening`` stay the only place where the numbers are computed; this
module stores what they return (``WatchRow``, ``ScreeningRow``) and decides when to compute again:

* everything (``refresh_region``): by ``jahesh manage revival_refresh`` (daily), when the admin saves the
  revival settings, when the secretariat presses *Recompute now*, and at the first page load of a new report
  month or after the settings' version changed;
* a few units (``refresh_units``): at page load (``ensure_fresh``), the units that the audit trail names
  since the last look. Every change to a unit's data goes through a named action that writes an
  ``AuditEvent`` with the unit (a report submitted, accepted or returned, a unit edited or imported, a case
  opened or moved, a loan application, a screening override), so the audit trail is the list of changed
  units. Events are read again ``LAG`` back, for transactions that committed late (the ids of those already
  handled are kept, so a unit is not recomputed twice for one change). When more than
  ``MAX_INLINE`` units changed (a large import), the page does not wait: it says how many units changed since
  and the figures are recomputed by the button or the daily run.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jahesh.core.models import AuditEvent
from jahesh.registry.models import Region, Unit
from jahesh.registry.stats import current_report_month

from . import figures
from .models import RevivalSettings, RevivalState, ScreeningRow, WatchRow

LAG = dt.timedelta(minutes=2)  # audit events are read again this far back (transactions committing late)
MAX_INLINE = 200  # at most this many changed units are recomputed while a page waits
MAX_EVENTS = 5000  # audit events read at a page load; more means a large import: left to the button
BATCH = 2000
#: The lists' orders, as ``figures`` sorts them: the steepest utilisation fall first, then the employment
#: fall, then the longest silence; the best screening score first (unscored last), then the most jobs.
WATCH_ORDER = (F("sort_drop").desc(), F("sort_employment").desc(), F("sort_silent").desc(), "unit_id")
SCREENING_ORDER = (F("sort_score").desc(), F("jobs").desc(), "unit_id")


def _f(v: Any) -> float | None:
    if v is None:
        return None
    v = float(v)
    return None if math.isnan(v) else v


def _watch_rows(
    region: Region, warning: figures.Warning, conf: RevivalSettings, now: int, at: dt.datetime
) -> list[WatchRow]:
    frame = warning.frame
    if frame.empty:
        return []
    counties = dict(
        Unit.objects.filter(pk__in=frame["unit"].tolist()).values_list("pk", "county_id").order_by()
    )
    out = []
    for r in frame.to_dict("records"):
        u = int(r["unit"])
        last = _f(r["last_report_month"])
        out.append(
            WatchRow(
                region=region,
                unit_id=u,
                county_id=counties.get(u),
                month=now,
                settings_version=conf.version,
                computed_at=at,
                status=r["status"],
                utilisation_before=_f(r["utilisation_before"]),
                utilisation_now=_f(r["utilisation_now"]),
                drop_points=_f(r["drop_points"]),
                silent_months=_f(r["silent_months"]),
                last_report_month=None if last is None else int(last),
                employment_before=_f(r["employment_before"]),
                employment_now=_f(r["employment_now"]),
                employment_fall_pct=_f(r["employment_fall_pct"]),
                reason_drop=bool(r["reason_drop"]),
                reason_silent=bool(r["reason_silent"]),
                reason_employment=bool(r["reason_employment"]),
                sort_drop=float(r["drop_points"]) if r["reason_drop"] else -1e9,
                sort_employment=float(r["employment_fall_pct"]) if r["reason_employment"] else -1e9,
                sort_silent=-1e9 if _f(r["silent_months"]) is None else float(r["silent_months"]),
                series=warning.series.get(u, []),
            )
        )
    return out


def _screening_rows(
    region: Region, frame: pd.DataFrame, conf: RevivalSettings, now: int, at: dt.datetime
) -> list[ScreeningRow]:
    if frame.empty:
        return []
    out = []
    for u, r in zip(frame.index.tolist(), frame.to_dict("records"), strict=True):
        programme = r["programme"]
        out.append(
            ScreeningRow(
                region=region,
                unit_id=int(u),
                county_id=int(r["county"]) if _f(r["county"]) is not None else None,
                month=now,
                settings_version=conf.version,
                computed_at=at,
                unit_status=r["unit_status"],
                factors={
                    f: [_f(r[f"{f}_value"]), float(r[f"{f}_weight"]), float(r[f"{f}_contribution"])]
                    for f in figures.R.FACTORS
                },
                coverage=float(r["coverage"]),
                score=_f(r["score"]),
                status=r["status"],
                override=r["override"],
                override_reason=r["override_reason"],
                verdict=r["verdict"],
                jobs=float(r["jobs"]),
                output=_f(r["output"]),
                fx=float(r["fx"]),
                strategic=bool(r["strategic"]),
                cost=_f(r["cost"]),
                cost_estimated=bool(r["cost_estimated"]),
                bank=r["bank"] or "",
                programme=None if programme is None or programme != programme else str(programme),
                months_to_restart=int(r["months_to_restart"]),
                debt_amount=float(r["debt_amount"]),
                annual_output_value=_f(r["annual_output_value"]),
                sort_score=-1.0 if _f(r["score"]) is None else float(r["score"]),
            )
        )
    return out


def _compute(
    region: Region, conf: RevivalSettings, now: int, at: dt.datetime, unit_ids: list[int] | None
) -> tuple[list[WatchRow], list[ScreeningRow]]:
    warning = figures.watch_list(region, conf, now, unit_ids=unit_ids)
    frame = figures.screening(region, conf, unit_ids=unit_ids, now=now)
    return _watch_rows(region, warning, conf, now, at), _screening_rows(region, frame, conf, now, at)


def _lock(region: Region, at: dt.datetime, now: int, conf: RevivalSettings) -> RevivalState:
    """The region's state row, locked: writers of the stored rows take turns."""
    RevivalState.objects.get_or_create(
        region=region,
        defaults={"computed_at": at, "month": now, "settings_version": conf.version, "events_seen_at": at},
    )
    return RevivalState.objects.select_for_update().get(region=region)


@dataclass(frozen=True)
class Refreshed:
    watched: int
    screened: int
    seconds: float


def refresh_region(region: Region, now: int | None = None) -> Refreshed:
    """Recompute and store the watch list and the screening of every unit of ``region``."""
    started = time.perf_counter()
    at = timezone.now()  # events from here on are for the next look
    now = current_report_month() if now is None else now
    conf = figures.settings_for(region)
    watch, screen = _compute(region, conf, now, at, None)
    seconds = time.perf_counter() - started
    with transaction.atomic():
        _lock(region, at, now, conf)
        WatchRow.objects.filter(region=region).delete()
        ScreeningRow.objects.filter(region=region).delete()
        WatchRow.objects.bulk_create(watch, batch_size=BATCH)
        ScreeningRow.objects.bulk_create(screen, batch_size=BATCH)
        RevivalState.objects.update_or_create(
            region=region,
            defaults={
                "computed_at": at,
                "month": now,
                "settings_version": conf.version,
                "events_seen_at": at,
                "units_refreshed_at": None,
                "events_handled": [],
                "seconds": round(time.perf_counter() - started, 3),
            },
        )
    return Refreshed(len(watch), len(screen), seconds)


def refresh_units(
    region: Region,
    unit_ids: list[int],
    state: RevivalState,
    seen_at: dt.datetime,
    handled: list[int] | None = None,
) -> int:
    """Recompute and store the rows of ``unit_ids`` alone (a unit may join or leave either list);
    ``handled``: the ids of the recent audit events read, not to be read again."""
    ids = sorted({int(u) for u in unit_ids})
    if not ids:
        return 0
    conf = figures.settings_for(region)
    watch, screen = _compute(region, conf, state.month, seen_at, ids)
    with transaction.atomic():
        locked = _lock(region, seen_at, state.month, conf)
        if locked.computed_at > seen_at:  # a full run finished meanwhile and read these units' changes
            return 0
        WatchRow.objects.filter(unit_id__in=ids).delete()
        ScreeningRow.objects.filter(unit_id__in=ids).delete()
        WatchRow.objects.bulk_create(watch, batch_size=BATCH)
        ScreeningRow.objects.bulk_create(screen, batch_size=BATCH)
        RevivalState.objects.filter(pk=state.pk).update(
            events_seen_at=seen_at, units_refreshed_at=seen_at, events_handled=handled or []
        )
    return len(ids)


@dataclass(frozen=True)
class Freshness:
    """What a page says about the stored figures: when computed, and how many units changed since (only
    when too many to recompute while the page waits)."""

    computed_at: dt.datetime | None
    units_refreshed_at: dt.datetime | None
    pending: int
    pending_more: bool


def ensure_fresh(region: Region, conf: RevivalSettings | None = None) -> Freshness:
    """Make the stored rows current before a page reads them: all of them for a new report month, new
    settings or nothing stored yet; the units the audit trail names since the last look when they are few."""
    state = RevivalState.objects.filter(region=region).first()
    conf = conf or figures.settings_for(region)
    if state is None or state.month != current_report_month() or state.settings_version != conf.version:
        refresh_region(region)
        state = RevivalState.objects.get(region=region)
        return Freshness(state.computed_at, None, 0, False)
    seen_at = timezone.now()
    events = list(
        AuditEvent.objects.filter(at__gt=state.events_seen_at - LAG, unit__region=region)
        .order_by("at", "id")
        .values_list("id", "unit_id", "at")[:MAX_EVENTS]
    )
    handled = set(state.events_handled or [])
    changed = sorted({u for i, u, _at in events if i not in handled})
    if len(changed) > MAX_INLINE or len(events) == MAX_EVENTS:
        return Freshness(state.computed_at, state.units_refreshed_at, MAX_INLINE, True)
    if changed:
        keep = [i for i, _u, at in events if at > seen_at - LAG]
        refresh_units(region, changed, state, seen_at, keep)
        return Freshness(state.computed_at, seen_at, 0, False)
    return Freshness(state.computed_at, state.units_refreshed_at, 0, False)
