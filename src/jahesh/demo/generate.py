"""The synthetic demo region: Semnan's reference data and any number of production units with their reports.

Deterministic: the same seed (and ``end_month``) gives the same units, identifiers, product lines, inputs and
reports, whatever the database (only ids and the ``created_at``/``updated_at`` stamps differ). Units are made
a chunk at a time, each chunk from its own random streams (``random.Random`` for names, identifiers and
choices; ``numpy.random.default_rng`` for the numbers) seeded from the seed and the chunk's number, and
stored in one transaction per chunk, so that memory stays bounded at the national scale (100,000 units):
units and product lines with ``bulk_create``; inputs, reports, report lines and exports with ``bulk_create``
too, or with COPY on PostgreSQL (ten times faster; same rows).

The numbers aim at the published picture of Semnan's industry (``shared/domain/semnan-and-iran.md`` §1.4):
about 30 % of operating units idle (many for years), a large band under 50 % of capacity, the rest spread up
to full capacity, a few units under construction or closed, about one reporter in ten gone quiet, seasonal
agro-processing, some units declining year on year, most reports accepted and a few returned.

A unit's derived figures (status, utilisation, freshness) are computed here with the same function
``refresh_status`` uses (``jahesh.analytics.utilisation.classify``) on the in-memory numbers, before the unit
is stored; the tests check that ``refresh_status`` then changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import TypeVar

import numpy as np
from django.db import connection, models, transaction
from django.db.models import Max

from jahesh.analytics import utilisation as U
from jahesh.core import identifiers
from jahesh.core.jalali import (
    TEHRAN,
    days_in_month,
    from_month_index,
    jalali_to_gregorian,
    month_index,
    today_jalali_month,
)
from jahesh.core.text import search_key, to_persian_digits
from jahesh.registry.models import (
    Agency,
    Country,
    County,
    Estate,
    Input,
    MonthlyReport,
    ProductLine,
    Region,
    ReportExport,
    ReportLine,
    Unit,
)
from jahesh.registry.status import thresholds_for

from . import reference as R

T_ = TypeVar("T_")

#: Units planned and stored together (one transaction each). Part of the data's definition: changing it
#: changes which random numbers each unit gets.
CHUNK_UNITS = 500
#: Rows per INSERT statement (PostgreSQL allows 65,535 parameters per statement; a unit has ~40 columns).
BATCH_ROWS = 1000

# Licence stages of new units.
P_ESTABLISHMENT = 0.018
P_CONSTRUCTION = 0.027
P_CLOSED_BY_HAND = 0.015
P_CANCELLED = 0.005
# Among operating units.
P_NEVER_REPORTED = 0.01
P_STALE = 0.10
P_NEW_ENTRANT = 0.15
P_BUSINESS_ID = 0.70
#: Probability of 1, 2 or 3 product lines (capped by the related products a kind has).
LINE_COUNT_WEIGHTS = (0.2, 0.35, 0.45)
#: A unit skips a month's report now and then.
P_REPORT_GAP = 0.015

# Trajectories of operating units over the months generated.
STEADY, DECLINING, IDLE_LONG, IDLE_RECENT, REVIVED = range(5)
ARCHETYPES_BY_SIZE = {
    # STEADY, DECLINING, IDLE_LONG, IDLE_RECENT, REVIVED
    "micro": (0.55, 0.09, 0.21, 0.11, 0.04),
    "small": (0.55, 0.09, 0.21, 0.11, 0.04),
    "medium": (0.63, 0.12, 0.12, 0.09, 0.04),
    "large": (0.73, 0.12, 0.06, 0.06, 0.03),
}
#: Share of producing units whose level sits in the low band (under half of capacity).
P_LOW_BAND = {"micro": 0.55, "small": 0.55, "medium": 0.45, "large": 0.3}

#: Output lost to the summer power cuts (Tir–Shahrivar) and the winter gas cuts (Dey–Bahman), by Jalali month.
ENERGY_CUTS = (1.0, 1.0, 1.0, 0.85, 0.82, 0.88, 1.0, 1.0, 1.0, 0.9, 0.88, 1.0)
#: How much likelier than its kind's export propensity a unit of each size is to export at all.
EXPORT_LIKELIHOOD = {"micro": 0.08, "small": 0.2, "medium": 0.7, "large": 1.5}
#: Monthly price inflation: sales are in current rials, the catalogue's prices are those of the last month.
MONTHLY_INFLATION = 0.025

# Review of reports: the last months are still being reviewed; a few reports are returned with a reason.
ACCEPTED, SUBMITTED, RETURNED = range(3)
STATE_VALUES = (
    MonthlyReport.State.ACCEPTED.value,
    MonthlyReport.State.SUBMITTED.value,
    MonthlyReport.State.RETURNED.value,
)
P_SUBMITTED = (0.5, 0.12, 0.04)  # last month, the month before, older
P_RETURNED = (0.03, 0.04, 0.035)


@dataclass
class GenerationSummary:
    """Rows created by ``generate_units`` and how long it took."""

    units: int = 0
    product_lines: int = 0
    inputs: int = 0
    reports: int = 0
    report_lines: int = 0
    seconds: float = 0.0
    exports: int = 0

    @property
    def rows(self) -> int:
        return self.units + self.product_lines + self.inputs + self.reports + self.report_lines + self.exports


def default_end_month() -> int:
    """The last complete Jalali month (today's month in Tehran, minus one), as a month index."""
    return month_index(*today_jalali_month()) - 1


# -- The region --------------------------------------------------------------------------------------------


def build_region(seed: int = 1) -> Region:
    """Create (or find) the demo region with its counties, estates, agencies, banks and countries.

    Idempotent: every object is looked up by its code (estates by county and name) and created only when
    missing; an existing object is left as it is. ``seed`` is accepted for symmetry with ``build_demo``:
    reference data involves no chance.
    """
    del seed
    with transaction.atomic():
        region, _ = Region.objects.get_or_create(
            code=R.REGION.code, defaults={"name": R.REGION.name, "name_en": R.REGION.name_en}
        )
        counties = {}
        for c in R.COUNTIES:
            counties[c.code], _ = County.objects.get_or_create(
                region=region,
                code=c.code,
                defaults={
                    "name": c.name,
                    "name_en": c.name_en,
                    "population": c.population,
                    "population_year": R.CENSUS_YEAR,
                },
            )
        for e in R.ESTATES:
            Estate.objects.get_or_create(
                county=counties[e.county],
                name=e.name,
                defaults={
                    "name_en": e.name_en,
                    "kind": e.kind,
                    "area_ha": None if e.area_ha is None else Decimal(str(e.area_ha)),
                },
            )
        for a in R.AGENCIES:
            Agency.objects.get_or_create(
                region=region, code=a.code, defaults={"kind": a.kind, "name": a.name, "name_en": a.name_en}
            )
        for b in R.BANKS:
            Agency.objects.get_or_create(
                region=region,
                code=b.agency_code,
                defaults={
                    "kind": Agency.Kind.BANK,
                    "name": b.name,
                    "name_en": b.name_en,
                    "bank_code": b.bank_code,
                },
            )
        existing = set(Country.objects.values_list("iso3", flat=True))
        Country.objects.bulk_create(
            [
                Country(iso3=c.iso3, iso_numeric=c.iso_numeric, name=c.name, name_en=c.name_en)
                for c in R.COUNTRIES
                if c.iso3 not in existing
            ]
        )
    return region


def build_demo(units: int = 2000, months: int = 36, seed: int = 1, end_month: int | None = None) -> Region:
    """The whole demo: the region and ``units`` production units with ``months`` months of reports."""
    region = build_region(seed)
    generate_units(region, units, months=months, seed=seed, end_month=end_month)
    return region


# -- Units -------------------------------------------------------------------------------------------------


@dataclass
class _Context:
    """What every chunk needs from the database, loaded once."""

    region: Region
    thresholds: U.Thresholds
    counties: list[tuple[R.CountyRef, County]]
    estates: dict[str, tuple[list[Estate], list[float]]]  # county code → estates, cumulative weights
    banks: list[Agency]
    bank_cum: list[float]
    main_kinds: list[R.ProductKind]
    main_cum: list[float]
    county_cum: dict[str, list[float]]  # kind key → cumulative weights over ``counties``
    kind_index: dict[str, int]
    season: np.ndarray  # kinds × 12, mean 1
    taken_legal_ids: set[str]
    taken_business_ids: set[str]
    name_counters: dict[str, int]
    start: int  # first month generated
    end: int  # last month generated
    month_starts: list[dt.date]  # Gregorian first day of months start .. end + 1

    @classmethod
    def load(cls, region: Region, start: int, end: int) -> _Context:
        by_code = {c.code: c for c in County.objects.filter(region=region)}
        missing = [c.code for c in R.COUNTIES if c.code not in by_code]
        if missing:
            raise ValueError(
                f"Region {region.code} lacks the demo counties {missing}: create it with build_region() first"
            )
        counties = [(ref, by_code[ref.code]) for ref in R.COUNTIES]
        # In the reference's order, not the database's, so that the data depends on the seed alone.
        found = {
            (e.county.code, e.name): e
            for e in Estate.objects.filter(county__region=region).select_related("county")
        }
        estates: dict[str, tuple[list[Estate], list[float]]] = {}
        for ref in R.ESTATES:
            if (ref.county, ref.name) in found:
                objs, weights = estates.setdefault(ref.county, ([], []))
                objs.append(found[ref.county, ref.name])
                weights.append(ref.weight)
        estates = {code: (objs, list(accumulate(w))) for code, (objs, w) in estates.items()}
        bank_refs = {b.bank_code: b for b in R.BANKS}
        banks = [
            a
            for a in Agency.objects.filter(region=region, kind=Agency.Kind.BANK).order_by("bank_code", "pk")
            if a.bank_code in bank_refs
        ]
        iso3 = set(Country.objects.values_list("iso3", flat=True))
        absent = sorted({c.iso3 for c in R.COUNTRIES} - iso3)
        if absent:
            raise ValueError(f"Countries {absent} are missing: create the region with build_region() first")

        main = [k for k in R.CATALOGUE if k.frequency > 0]
        base = np.array([ref.industry_weight for ref, _ in counties])
        base = base / base.sum()
        county_cum = {}
        for k in R.CATALOGUE:
            if k.counties:
                pref = dict(k.counties)
                w = np.array([pref.get(ref.code, 0.0) for ref, _ in counties])
                w = 0.9 * w / w.sum() + 0.1 * base
            else:
                w = base
            county_cum[k.key] = list(accumulate(w.tolist()))
        season = np.ones((len(R.CATALOGUE), 12))
        for i, k in enumerate(R.CATALOGUE):
            if k.season is not None:
                s = np.array(k.season, dtype=float)
                season[i] = s / s.mean()
        return cls(
            region=region,
            thresholds=thresholds_for(region),
            counties=counties,
            estates=estates,
            banks=banks,
            bank_cum=list(accumulate(bank_refs[b.bank_code].weight for b in banks)),
            main_kinds=main,
            main_cum=list(accumulate(k.frequency for k in main)),
            county_cum=county_cum,
            kind_index={k.key: i for i, k in enumerate(R.CATALOGUE)},
            season=season,
            taken_legal_ids=set(Unit.objects.exclude(legal_id=None).values_list("legal_id", flat=True)),
            taken_business_ids=set(
                Unit.objects.exclude(business_id=None).values_list("business_id", flat=True)
            ),
            name_counters={},
            start=start,
            end=end,
            month_starts=[jalali_to_gregorian(*from_month_index(m), 1) for m in range(start, end + 2)],
        )


def generate_units(
    region: Region,
    n_units: int,
    months: int = 36,
    seed: int = 1,
    end_month: int | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> GenerationSummary:
    """Create ``n_units`` production units in ``region`` with ``months`` monthly reports ending at
    ``end_month`` (a month index; by default the last complete Jalali month), and store their derived figures.

    Each chunk of ``CHUNK_UNITS`` units draws from its own streams, so the first units of a large run are
    the units of a smaller one with the same seed and months. ``progress(done, total)`` is called after each
    chunk is committed.
    """
    if n_units < 0:
        raise ValueError("n_units must not be negative")
    if months < 1:
        raise ValueError("months must be at least 1")
    t0 = time.perf_counter()
    end = default_end_month() if end_month is None else int(end_month)
    ctx = _Context.load(region, end - months + 1, end)
    summary = GenerationSummary()
    for chunk_no, first in enumerate(range(0, n_units, CHUNK_UNITS)):
        n = min(CHUNK_UNITS, n_units - first)
        plan = _plan_chunk(
            ctx, n, random.Random(f"jahesh-demo/{seed}/{chunk_no}"), np.random.default_rng([seed, chunk_no])
        )
        with transaction.atomic():
            _store(plan, summary)
        if progress is not None:
            progress(first + n, n_units)
    summary.seconds = time.perf_counter() - t0
    return summary


@dataclass
class _Plan:
    """One chunk of units, everything decided, nothing stored."""

    units: list[Unit]
    lines: list[ProductLine]
    line_unit: np.ndarray
    inputs: list[tuple[int, tuple[object, ...]]]  # (line index, the rest of an INPUT_FIELDS row)
    # Reports: one entry each, in storage order.
    rep_unit: np.ndarray
    rep_t: np.ndarray  # month offset from ctx.start
    rep_state: np.ndarray  # ACCEPTED, SUBMITTED or RETURNED
    rep_rows: list[tuple[object, ...]]  # REPORT_FIELDS after unit_id
    # Report lines: report index, line index, output in thousandths.
    out_report: np.ndarray
    out_line: np.ndarray
    out_milli: np.ndarray
    # Exports: report index, country, USD.
    exp_report: np.ndarray
    exp_country: list[str]
    exp_usd: np.ndarray


def _choose(prng: random.Random, items: Sequence[T_], cum: list[float]) -> T_:
    return prng.choices(items, cum_weights=cum)[0]


@dataclass
class _Draft:
    """A chunk's units as drawn: identities, product lines, inputs, and per unit (arrays of length ``n``)
    the months it reports (offsets from the first month generated) and the shape of its output over time."""

    n: int
    months: int
    first: np.ndarray  # first month with a report (``months``: none)
    last: np.ndarray  # last month with a report (−1: none)
    trajectory: np.ndarray  # STEADY, DECLINING, IDLE_LONG, IDLE_RECENT or REVIVED
    level: np.ndarray  # share of capacity used while producing
    turn: np.ndarray  # DECLINING: final level relative to the first; IDLE_RECENT, REVIVED: the month it turns
    employment: np.ndarray  # licensed employment
    guards: np.ndarray  # people kept on while idle
    entrant: np.ndarray  # licensed during the months generated: output ramps up
    closed: np.ndarray
    cancelled: np.ndarray
    construction: np.ndarray
    units: list[Unit]
    lines: list[ProductLine]
    line_unit: list[int]
    line_kind: list[int]
    line_capacity: list[float]
    line_export_share: list[float]
    inputs: list[tuple[int, tuple[object, ...]]]
    destinations: list[list[tuple[str, float]]]  # per unit: export destinations and their shares


def _plan_chunk(ctx: _Context, n: int, prng: random.Random, rng: np.random.Generator) -> _Plan:
    draft = _draw_units(ctx, n, prng, rng)
    months = _monthly_numbers(ctx, draft, rng)
    plan = _reports(ctx, draft, months, prng, rng)
    _store_derived_figures(ctx, draft, months, plan)
    return plan


def _draw_units(ctx: _Context, n: int, prng: random.Random, rng: np.random.Generator) -> _Draft:
    T = ctx.end - ctx.start + 1
    kinds = [_choose(prng, ctx.main_kinds, ctx.main_cum) for _ in range(n)]
    d = _Draft(
        n=n,
        months=T,
        first=np.full(n, T, dtype=np.int64),
        last=np.full(n, -1, dtype=np.int64),
        trajectory=np.full(n, STEADY, dtype=np.int64),
        level=np.zeros(n),
        turn=np.zeros(n),
        employment=np.zeros(n, dtype=np.int64),
        guards=rng.integers(0, 4, size=n),
        entrant=np.zeros(n, dtype=bool),
        closed=np.zeros(n, dtype=bool),
        cancelled=np.zeros(n, dtype=bool),
        construction=np.zeros(n, dtype=bool),
        units=[],
        lines=[],
        line_unit=[],
        line_kind=[],
        line_capacity=[],
        line_export_share=[],
        inputs=[],
        destinations=[],
    )
    z_cap = rng.standard_normal(n)
    z_emp = rng.standard_normal(n)
    for u, kind in enumerate(kinds):
        county_ref, county = _choose(prng, ctx.counties, ctx.county_cum[kind.key])
        estate = None
        if county_ref.code in ctx.estates and prng.random() < county_ref.estate_share * kind.estate_factor:
            objs, cum = ctx.estates[county_ref.code]
            estate = _choose(prng, objs, cum)
        capacity = _capacity(kind.capacity, z_cap[u])
        d.employment[u] = _employment(kind, capacity, z_emp[u])
        size = _size(int(d.employment[u]))
        stage, establishment_month, operating_month, closure_month = _draw_history(ctx, d, u, size, prng)
        ownership, sole, bank = _ownership(ctx, prng, kind, size, int(d.trajectory[u]), bool(d.closed[u]))
        unit = _make_unit(
            ctx, prng, kind, county_ref, county, estate, size, int(d.employment[u]), stage, ownership,
            sole, bank, establishment_month, operating_month, closure_month,
        )  # fmt: skip
        d.units.append(unit)
        _draw_lines(ctx, d, u, kind, size, capacity, z_cap[u], prng, rng)
    return d


def _draw_history(
    ctx: _Context, d: _Draft, u: int, size: str, prng: random.Random
) -> tuple[str, int, int | None, int | None]:
    """The unit's licence stage and dates (month indexes: establishment, operating licence, closure by hand)
    and, in ``d``, the months it reports and the shape of its output."""
    T = d.months
    roll = prng.random()
    stage = Unit.LicenceStage.OPERATING
    if roll < P_ESTABLISHMENT:
        stage = Unit.LicenceStage.ESTABLISHMENT
    elif roll < P_ESTABLISHMENT + P_CONSTRUCTION:
        stage = Unit.LicenceStage.CONSTRUCTION
    elif roll < P_ESTABLISHMENT + P_CONSTRUCTION + P_CLOSED_BY_HAND:
        d.closed[u] = True
    elif roll < P_ESTABLISHMENT + P_CONSTRUCTION + P_CLOSED_BY_HAND + P_CANCELLED:
        stage = Unit.LicenceStage.CANCELLED
        d.cancelled[u] = True
    if stage in (Unit.LicenceStage.ESTABLISHMENT, Unit.LicenceStage.CONSTRUCTION):
        d.construction[u] = True
        return stage, ctx.end - prng.randrange(1, 60), None, None

    if prng.random() < P_NEW_ENTRANT and T > 3:
        # Licensed during the months generated: reports from the month after its operating licence.
        d.entrant[u] = True
        d.first[u] = prng.randrange(1, T - 1)
        operating_month = ctx.start + int(d.first[u]) - 1
    else:
        years = min(30.0, prng.expovariate(1 / 8))
        operating_month = ctx.start - 1 - int(years * 12)
        d.first[u] = 0
    establishment_month = operating_month - prng.randrange(9, 60)
    d.last[u] = T - 1
    shape = prng.choices(range(5), weights=ARCHETYPES_BY_SIZE[size])[0]
    d.trajectory[u] = shape
    if prng.random() < P_LOW_BAND[size]:
        d.level[u] = prng.uniform(0.08, 0.48)
    else:
        d.level[u] = 0.5 + 0.5 * prng.betavariate(2.0, 1.6)
    span = int(d.last[u] - d.first[u])
    if shape == DECLINING:
        d.level[u] = min(1.0, d.level[u] * prng.uniform(1.3, 1.8))
        d.turn[u] = prng.uniform(0.3, 0.7)
    elif shape == IDLE_RECENT:  # stops at least 6 months before the end
        d.turn[u] = d.first[u] + prng.randrange(1, max(2, span - 5)) if span > 7 else d.first[u]
    elif shape == REVIVED:  # starts again at least 3 months before the end
        d.turn[u] = d.first[u] + prng.randrange(4, max(5, span - 2)) if span > 6 else d.first[u]

    closure_month = None
    if d.closed[u] or d.cancelled[u]:
        # Closed (or its licence cancelled) in some month up to two years before the months generated, at
        # least two months after its operating licence; it reported until the month before, winding down.
        d.trajectory[u] = IDLE_RECENT
        closure_month = min(ctx.end, max(ctx.start + prng.randrange(-24, T), operating_month + 2))
        d.last[u] = closure_month - 1 - ctx.start
        if d.last[u] < d.first[u]:
            d.first[u], d.last[u] = T, -1
        else:
            d.turn[u] = prng.randrange(int(d.first[u]), int(d.last[u]) + 1)
        if d.cancelled[u]:
            closure_month = None  # a cancelled licence is not a closure by hand
    elif prng.random() < P_NEVER_REPORTED:
        d.first[u], d.last[u] = T, -1
    elif prng.random() < P_STALE:
        d.last[u] = max(int(d.first[u]), T - 1 - prng.randrange(3, 13))
    return stage, establishment_month, operating_month, closure_month


def _draw_lines(
    ctx: _Context,
    d: _Draft,
    u: int,
    kind: R.ProductKind,
    size: str,
    capacity: float,
    z_cap: float,
    prng: random.Random,
    rng: np.random.Generator,
) -> None:
    """The unit's product lines (its main kind and some related ones), their inputs and export markets."""
    n_lines = prng.choices((1, 2, 3), weights=LINE_COUNT_WEIGHTS)[0]
    extra = prng.sample(kind.related, min(n_lines - 1, len(kind.related)))
    dest: dict[str, float] = {}
    for j, key in enumerate((kind.key, *extra)):
        k = R.KINDS[key]
        cap = capacity if j == 0 else _capacity(k.capacity, z_cap + 0.5 * rng.standard_normal())
        export_share = 0.0
        if k.destinations and prng.random() < min(0.8, k.export_propensity * EXPORT_LIKELIHOOD[size]):
            export_share = min(0.9, max(0.03, prng.gauss(k.export_propensity, k.export_propensity / 3)))
            for iso3, w in prng.sample(k.destinations, min(len(k.destinations), prng.randint(1, 3))):
                dest[iso3] = dest.get(iso3, 0.0) + w * prng.uniform(0.5, 1.5)
        li = len(d.lines)
        d.lines.append(
            ProductLine(
                hs_code=k.hs6,
                name=k.name,
                name_en=k.name_en,
                unit_of_measure=k.uom.name,
                nominal_capacity=Decimal(int(cap)),
                capacity_basis=k.basis,
                unit_value_irr=Decimal(k.value_irr),
                export_oriented=export_share > 0,
                strategic=k.strategic,
            )
        )
        d.line_unit.append(u)
        d.line_kind.append(ctx.kind_index[k.key])
        d.line_capacity.append(float(int(cap)))
        d.line_export_share.append(export_share)
        for ref in k.inputs:
            d.inputs.append((li, _make_input(prng, ref, cap)))
    total = sum(dest.values())
    d.destinations.append(
        sorted(((c, w / total) for c, w in dest.items()), key=lambda x: -x[1]) if total else []
    )


@dataclass
class _Months:
    """Unit-months (``n × months``) and line-months (``lines × months``) of a chunk."""

    has_report: np.ndarray
    level: np.ndarray
    line_unit: np.ndarray
    line_capacity: np.ndarray
    line_value: np.ndarray
    output: np.ndarray  # per line-month, as stored (rounded)
    output_milli: np.ndarray  # the same in thousandths
    employment: np.ndarray
    sales: np.ndarray
    energy: np.ndarray
    exports_usd: np.ndarray


def _monthly_numbers(ctx: _Context, d: _Draft, rng: np.random.Generator) -> _Months:
    """Output, employment, sales, energy and exports of every unit-month, vectorised over the chunk."""
    n, T = d.n, d.months
    t = np.arange(T)
    lv = np.repeat(d.level[:, None], T, axis=1)
    dec = d.trajectory == DECLINING
    lv[dec] *= 1 + (d.turn[dec, None] - 1) * (t / max(T - 1, 1))[None, :]
    lv[d.trajectory == IDLE_LONG] = 0.0
    stopped = d.trajectory == IDLE_RECENT
    lv[stopped] *= t[None, :] < d.turn[stopped, None]
    revived = d.trajectory == REVIVED
    lv[revived] *= t[None, :] >= d.turn[revived, None]
    ramp = np.clip((t[None, :] - d.first[:, None] + 1) / 6.0, 0.15, 1.0)
    lv[d.entrant] *= ramp[d.entrant]
    has = (t[None, :] >= d.first[:, None]) & (t[None, :] <= d.last[:, None])
    gaps = rng.random((n, T)) < P_REPORT_GAP
    gaps[np.arange(n), np.clip(d.last, 0, T - 1)] = False  # the last report is there by definition
    has &= ~gaps

    lu = np.asarray(d.line_unit, dtype=np.int64)
    kinds = [R.CATALOGUE[k] for k in d.line_kind]
    cap = np.asarray(d.line_capacity)
    moy = (ctx.start + t) % 12  # Jalali month − 1
    cut_lines = np.array([k.energy_cuts for k in kinds], dtype=bool)
    discrete = np.array([k.uom.discrete for k in kinds], dtype=bool)
    line_mult = np.clip(rng.lognormal(0.0, 0.12, size=len(lu)), 0.7, 1.2)
    noise = rng.lognormal(0.0, 0.12, size=(len(lu), T))
    q = (cap / 12.0)[:, None] * lv[lu] * line_mult[:, None] * ctx.season[d.line_kind][:, moy] * noise
    q[cut_lines] *= np.array(ENERGY_CUTS)[moy][None, :]
    # Counted things in whole numbers, measured ones to a tenth; stored exactly, in thousandths.
    q = np.where(discrete[:, None], np.rint(q), np.rint(q * 10) / 10)
    q_milli = np.rint(q * 1000).astype(np.int64)
    q = q_milli / 1000.0

    load = np.minimum(1.0, lv / 0.75)
    employment = np.rint(d.employment[:, None] * (0.3 + 0.7 * load) * rng.uniform(0.95, 1.05, size=(n, T)))
    employment = np.where(lv > 0, np.maximum(employment, 1), d.guards[:, None]).astype(np.int64)
    values = np.array([k.value_irr for k in kinds], dtype=float)
    price_index = (1 + MONTHLY_INFLATION) ** (t - (T - 1))
    sales = np.zeros((n, T))
    np.add.at(sales, lu, q * values[:, None] * price_index[None, :] * rng.uniform(0.88, 1.05, size=q.shape))
    energy = np.zeros((n, T))
    np.add.at(energy, lu, q * np.array([k.energy_kwh for k in kinds])[:, None])
    energy += (d.employment * 40)[:, None] * np.where(lv > 0, 1.0, 0.15)
    usd_per_unit = np.asarray(d.line_export_share) * values / R.IRR_PER_USD
    usd = np.zeros((n, T))
    np.add.at(usd, lu, q * usd_per_unit[:, None] * rng.lognormal(0.0, 0.3, size=q.shape))
    usd *= rng.random((n, T)) < 0.75  # shipments are lumpy
    return _Months(
        has_report=has,
        level=lv,
        line_unit=lu,
        line_capacity=cap,
        line_value=values,
        output=q,
        output_milli=q_milli,
        employment=employment,
        sales=sales,
        energy=energy,
        exports_usd=usd,
    )


def _reports(ctx: _Context, d: _Draft, m: _Months, prng: random.Random, rng: np.random.Generator) -> _Plan:
    """The reports (in storage order: unit, then month), their review state, lines and exports."""
    rep_unit, rep_t = np.nonzero(m.has_report)
    age_class = np.minimum((d.months - 1) - rep_t, 2)
    roll = rng.random(len(rep_t))
    p_sub = np.array(P_SUBMITTED)[age_class]
    p_ret = np.array(P_RETURNED)[age_class]
    state = np.where(roll < p_sub, SUBMITTED, np.where(roll < p_sub + p_ret, RETURNED, ACCEPTED))
    day = rng.integers(0, 14, size=len(rep_t))
    minute = rng.integers(8 * 60, 17 * 60, size=len(rep_t))
    review_days = rng.integers(1, 10, size=len(rep_t))
    rep_rows: list[tuple[object, ...]] = []
    for i in range(len(rep_t)):
        u, ti, s = int(rep_unit[i]), int(rep_t[i]), int(state[i])
        # Submitted in the first two weeks of the next month (due by the 10th), reviewed within ten days.
        submitted = dt.datetime.combine(
            ctx.month_starts[ti + 1] + dt.timedelta(days=int(day[i])),
            dt.time(int(minute[i]) // 60, int(minute[i]) % 60),
            tzinfo=TEHRAN,
        )
        rep_rows.append(
            (
                ctx.start + ti,
                int(m.employment[u, ti]),
                Decimal(int(m.sales[u, ti])),
                Decimal(int(m.energy[u, ti])),
                STATE_VALUES[s],
                prng.choice(R.RETURN_REASONS) if s == RETURNED else "",
                submitted,
                None if s == SUBMITTED else submitted + dt.timedelta(days=int(review_days[i])),
                1,
            )
        )

    # Report lines: every product line of the unit in every report, zero output included.
    per_unit = np.bincount(m.line_unit, minlength=d.n)
    lines_of_unit = np.split(np.argsort(m.line_unit, kind="stable"), np.cumsum(per_unit)[:-1])
    out_report = np.repeat(np.arange(len(rep_t)), per_unit[rep_unit])
    out_line = np.concatenate([lines_of_unit[u] for u in rep_unit]) if len(rep_t) else np.zeros(0, np.int64)

    # Exports: the unit's dollars of the month split over its destinations.
    exp_report: list[int] = []
    exp_country: list[str] = []
    exp_usd: list[int] = []
    for i in np.flatnonzero(m.exports_usd[rep_unit, rep_t] >= 1):
        u = int(rep_unit[i])
        amount = float(m.exports_usd[u, rep_t[i]])
        for iso3, w in d.destinations[u]:
            value = round(amount * w)
            if value >= 1:
                exp_report.append(int(i))
                exp_country.append(iso3)
                exp_usd.append(value)

    return _Plan(
        units=d.units,
        lines=d.lines,
        line_unit=m.line_unit,
        inputs=d.inputs,
        rep_unit=rep_unit,
        rep_t=rep_t,
        rep_state=state,
        rep_rows=rep_rows,
        out_report=out_report,
        out_line=out_line,
        out_milli=m.output_milli[out_line, rep_t[out_report]],
        exp_report=np.asarray(exp_report, dtype=np.int64),
        exp_country=exp_country,
        exp_usd=np.asarray(exp_usd, dtype=np.int64),
    )


def _store_derived_figures(ctx: _Context, d: _Draft, m: _Months, plan: _Plan) -> None:
    """Set each unit's status, utilisation and freshness exactly as ``refresh_status`` would compute them
    from the stored rows: the same function on the same numbers (returned reports do not count)."""
    counted = plan.rep_state != RETURNED
    out_counted = counted[plan.out_report]
    out_t = plan.rep_t[plan.out_report]
    result = U.classify(
        n_units=d.n,
        closed=d.closed,
        cancelled=d.cancelled,
        under_construction=d.construction,
        line_unit=m.line_unit,
        line_capacity=m.line_capacity,
        line_value=m.line_value,
        report_unit=plan.rep_unit[counted],
        report_month=ctx.start + plan.rep_t[counted],
        output_line=plan.out_line[out_counted],
        output_month=ctx.start + out_t[out_counted],
        output_quantity=m.output[plan.out_line, out_t][out_counted],
        thresholds=ctx.thresholds,
    )
    last_accepted = np.full(d.n, -1, dtype=np.int64)
    accepted = plan.rep_state == ACCEPTED
    np.maximum.at(last_accepted, plan.rep_unit[accepted], plan.rep_t[accepted])
    last_counted = np.full(d.n, -1, dtype=np.int64)
    np.maximum.at(last_counted, plan.rep_unit[counted], plan.rep_t[counted])
    for u, unit in enumerate(d.units):
        util = result.utilisation[u]
        unit.status = str(result.status[u])
        unit.status_rule = str(result.rule[u])
        unit.utilisation = U.stored_utilisation(float(util))
        lm = int(result.last_month[u])
        unit.last_report_month = lm if lm >= 0 else None
        unit.last_accepted_month = ctx.start + int(last_accepted[u]) if last_accepted[u] >= 0 else None
        unit.last_employment = int(m.employment[u, last_counted[u]]) if last_counted[u] >= 0 else None


# -- Drawing one unit --------------------------------------------------------------------------------------


def _capacity(c: R.Capacity, z: float) -> float:
    """Log-normal around the median, clipped, rounded to two significant figures."""
    raw = min(c.high, max(c.low, c.median * math.exp(c.spread * z)))
    digits = 1 - math.floor(math.log10(raw))
    return max(1.0, round(raw, digits))


def _employment(kind: R.ProductKind, capacity: float, z: float) -> int:
    """Jobs grow with capacity (the largest plant of a kind employs ``employment[2]``), with some spread."""
    low, median, high = kind.employment
    c = kind.capacity
    elasticity = math.log(high / median) / math.log(c.high / c.median) if c.high > c.median else 0.0
    jobs = median * (capacity / c.median) ** elasticity * math.exp(0.3 * z)
    return int(min(high, max(low, round(jobs))))


def _size(employment: int) -> str:
    """Size classes of the Statistical Centre of Iran: micro < 10, small < 50, medium < 100, large."""
    if employment < 10:
        return Unit.Size.MICRO
    if employment < 50:
        return Unit.Size.SMALL
    if employment < 100:
        return Unit.Size.MEDIUM
    return Unit.Size.LARGE


def _ownership(
    ctx: _Context, prng: random.Random, kind: R.ProductKind, size: str, arch: int, closed: bool
) -> tuple[str, bool, Agency | None]:
    """(ownership, sole proprietor, owning bank). Banks own units they seized, which mostly stand idle."""
    idle = arch in (IDLE_LONG, IDLE_RECENT)
    p_bank = 0.07 if idle else 0.05 if closed else 0.004
    if ctx.banks and prng.random() < p_bank:
        return Unit.Ownership.BANK_OWNED, False, _choose(prng, ctx.banks, ctx.bank_cum)
    if size == Unit.Size.MICRO and prng.random() < 0.18:
        return Unit.Ownership.PRIVATE, True, None
    roll = prng.random()
    if roll < (0.08 if size == Unit.Size.LARGE else 0.01):
        return Unit.Ownership.PUBLIC, False, None
    if roll < 0.10 + (0.06 if kind.isic.startswith("01") else 0.0):
        return Unit.Ownership.COOPERATIVE, False, None
    return Unit.Ownership.PRIVATE, False, None


def _month_date(prng: random.Random, m: int) -> dt.date:
    y, mo = from_month_index(m)
    return jalali_to_gregorian(y, mo, prng.randint(1, days_in_month(y, mo)))


def _make_unit(
    ctx: _Context,
    prng: random.Random,
    kind: R.ProductKind,
    county_ref: R.CountyRef,
    county: County,
    estate: Estate | None,
    size: str,
    employment: int,
    stage: str,
    ownership: str,
    sole: bool,
    bank: Agency | None,
    establishment_month: int,
    operating_month: int | None,
    closure_month: int | None,
) -> Unit:
    ctx.name_counters[kind.key] = number = ctx.name_counters.get(kind.key, 0) + 1
    name, name_en = _names(prng, kind, county_ref, ownership, sole, size, number)

    legal_id = None
    owner_code = ""
    if sole:
        owner_code = identifiers.make_national_code(prng, prng.choice(county_ref.national_code_prefixes))
    else:
        legal_id = identifiers.make_legal_id(prng)
        while legal_id in ctx.taken_legal_ids:
            legal_id = identifiers.make_legal_id(prng)
        ctx.taken_legal_ids.add(legal_id)
    business_id = None
    if prng.random() < P_BUSINESS_ID:
        business_id = str(prng.randrange(10**11, 10**12))
        while business_id in ctx.taken_business_ids:
            business_id = str(prng.randrange(10**11, 10**12))
        ctx.taken_business_ids.add(business_id)

    est_year = from_month_index(establishment_month)[0]
    unit = Unit(
        region=ctx.region,
        name=name,
        name_en=name_en,
        name_key=search_key(name),
        legal_id=legal_id,
        owner_national_code=owner_code,
        business_id=business_id,
        ownership=ownership,
        owner_bank=bank,
        licence_stage=stage,
        establishment_licence_no=f"{est_year}/{prng.randrange(10_000, 100_000)}",
        establishment_licence_date=_month_date(prng, establishment_month),
        county=county,
        estate=estate,
        address=_address(prng, county_ref, estate),
        postal_code=identifiers.make_postal_code(prng, county_ref.postal_prefix),
        latitude=Decimal(f"{county_ref.latitude + prng.gauss(0, 0.06):.5f}"),
        longitude=Decimal(f"{county_ref.longitude + prng.gauss(0, 0.08):.5f}"),
        isic=kind.isic,
        size=size,
        licensed_employment=employment,
    )
    if operating_month is not None:
        unit.operating_licence_no = (
            f"{from_month_index(operating_month)[0]}/{prng.randrange(10_000, 100_000)}"
        )
        unit.operating_licence_date = _month_date(prng, operating_month)
        unit.operating_licence_kind = (
            Unit.OperatingLicenceKind.EXPANSION if prng.random() < 0.15 else Unit.OperatingLicenceKind.NEW
        )
    if stage == Unit.LicenceStage.ESTABLISHMENT:
        unit.physical_progress = prng.randint(0, 10)
    elif stage == Unit.LicenceStage.CONSTRUCTION:
        unit.physical_progress = prng.randint(10, 95)
    if closure_month is not None:
        unit.closed_reason = prng.choice(R.CLOSURE_REASONS)
        unit.closed_on = _month_date(prng, closure_month)
    return unit


def _names(
    prng: random.Random,
    kind: R.ProductKind,
    county: R.CountyRef,
    ownership: str,
    sole: bool,
    size: str,
    number: int,
) -> tuple[str, str]:
    word, word_en = prng.choice(R.NAME_WORDS)
    n_fa = to_persian_digits(str(number))
    short, short_en = kind.short, kind.short_en
    if kind.key == "broiler":
        return f"مرغداری {word} {n_fa}", f"{word_en} Broiler Farm {number}"
    if kind.key == "eggs":
        return f"مرغداری تخم‌گذار {word} {n_fa}", f"{word_en} Layer Farm {number}"
    if kind.key in ("pistachio", "shelled_pistachio"):
        return f"پایانه فرآوری پسته {word} {n_fa}", f"{word_en} Pistachio Processing Terminal {number}"
    if kind.key == "chicken_meat":
        return f"کشتارگاه صنعتی طیور {word} {n_fa}", f"{word_en} Poultry Slaughterhouse {number}"
    if sole:
        return f"کارگاه تولیدی {short} {word} {n_fa}", f"{word_en} {short_en} Workshop {number}"
    if ownership == Unit.Ownership.COOPERATIVE:
        return f"شرکت تعاونی تولیدی {short} {word} {n_fa}", f"{word_en} {short_en} Cooperative {number}"
    if ownership == Unit.Ownership.PUBLIC:
        return f"واحد تولید {short} {county.name} {n_fa}", f"{county.name_en} {short_en} Plant {number}"
    if kind.isic.startswith(("08", "07", "05")):
        if short.startswith("معدن"):
            return f"{short} {word} {n_fa}", f"{word_en} {short_en} {number}"
        return f"شرکت معدنی {short} {word} {n_fa}", f"{word_en} {short_en} Mining Co. {number}"
    if size == Unit.Size.LARGE:
        return f"مجتمع تولیدی {short} {word} {n_fa}", f"{word_en} {short_en} Complex {number}"
    form = prng.randrange(3)
    if form == 0:
        return f"شرکت تولیدی {short} {word} {n_fa}", f"{word_en} {short_en} Manufacturing Co. {number}"
    if form == 1:
        return f"کارخانه {short} {word} {n_fa}", f"{word_en} {short_en} Factory {number}"
    return f"شرکت صنایع {short} {word} {n_fa}", f"{word_en} {short_en} Industries {number}"


def _address(prng: random.Random, county: R.CountyRef, estate: Estate | None) -> str:
    if estate is not None:
        street = prng.choice(R.STREET_WORDS)
        return (
            f"{estate.name}، خیابان {street} {to_persian_digits(str(prng.randint(1, 12)))}، "
            f"پلاک {to_persian_digits(str(prng.randint(1, 400)))}"
        )
    other = prng.choice([c for c in R.COUNTIES if c.code != county.code])
    km = to_persian_digits(str(prng.randint(2, 45)))
    return f"{county.seat}، کیلومتر {km} جاده {other.seat}"


def _make_input(prng: random.Random, ref: R.InputRef, capacity: float) -> tuple[object, ...]:
    """An input row in the order of ``INPUT_FIELDS`` after ``product_line_id``."""
    origin = prng.choices(ref.origins, weights=[o.weight for o in ref.origins])[0]
    quantity = max(1e-5, ref.quantity * prng.uniform(0.9, 1.1))
    # Annual requirement at nominal capacity, as the operating licence states it.
    annual = round(quantity * capacity * ref.price_irr)
    imported = origin.kind == "imported"
    return (
        ref.hs6,
        ref.name,
        ref.unit_of_measure.name,
        Decimal(f"{quantity:.6f}"),
        origin.kind,
        origin.where if origin.kind == "other_region" else "",
        origin.where if imported else None,
        Decimal(annual),
        Decimal("1.000") if imported else Decimal("0.000"),
    )


# -- Storing a chunk -----------------------------------------------------------------------------------------


#: Column order of the rows built for the big tables.
INPUT_FIELDS = (
    "product_line_id", "hs_code", "name", "unit_of_measure", "quantity_per_output", "origin", "origin_region",
    "origin_country_id", "annual_value_irr", "fx_share",
)  # fmt: skip
REPORT_FIELDS = (
    "unit_id", "month", "employment", "sales_irr", "energy_kwh", "state", "return_reason", "submitted_at",
    "reviewed_at", "version",
)  # fmt: skip
REPORT_LINE_FIELDS = ("report_id", "product_line_id", "output")
REPORT_EXPORT_FIELDS = ("report_id", "country_id", "value_usd")


def _bulk_insert(model: type[models.Model], objs: list[models.Model]) -> None:
    """bulk_create that leaves every object with its primary key, on any backend."""
    if not objs:
        return
    if not connection.features.can_return_rows_from_bulk_insert:
        # Old SQLite or MySQL: number the rows ourselves (the caller's transaction holds the write lock).
        start = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        for i, obj in enumerate(objs):
            obj.pk = start + i
    model.objects.bulk_create(objs, batch_size=BATCH_ROWS)
    if objs[-1].pk is None:  # pragma: no cover - a backend that neither returns ids nor takes ours
        raise RuntimeError(f"{model.__name__} rows were inserted without their primary keys")


def _insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: list[tuple[object, ...]], *, ids: bool = False
) -> list[int]:
    """Insert rows of database-ready values (in the order of ``fields``); their new ids if ``ids``.

    On PostgreSQL the rows go through COPY, with ids taken from the table's own sequence in one query (an
    order of magnitude faster than INSERT); elsewhere through ``bulk_create``. Both store the same values.
    """
    if not rows:
        return []
    if connection.vendor != "postgresql":
        objs = [model(**dict(zip(fields, row, strict=True))) for row in rows]
        if ids:
            _bulk_insert(model, objs)
        else:
            model.objects.bulk_create(objs, batch_size=BATCH_ROWS)
        return [obj.pk for obj in objs] if ids else []
    meta = model._meta
    columns = [meta.get_field(f).column for f in fields]
    new_ids: list[int] = []
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, len(rows)],
            )
            new_ids = [row[0] for row in cursor.fetchall()]
            columns.insert(0, meta.pk.column)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(meta.db_table)} ({names}) FROM STDIN"
        ) as copy:
            if ids:
                for pk, row in zip(new_ids, rows, strict=True):
                    copy.write_row((pk, *row))
            else:
                for row in rows:
                    copy.write_row(row)
    return new_ids


def _slices(n: int, size: int = BATCH_ROWS * 10) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


def _store(plan: _Plan, summary: GenerationSummary) -> None:
    _bulk_insert(Unit, plan.units)
    unit_ids = [u.pk for u in plan.units]
    for line, u in zip(plan.lines, plan.line_unit.tolist(), strict=True):
        line.unit_id = unit_ids[u]
    _bulk_insert(ProductLine, plan.lines)
    line_ids = np.array([line.pk for line in plan.lines], dtype=np.int64)

    for part in _slices(len(plan.inputs)):
        _insert_rows(Input, INPUT_FIELDS, [(int(line_ids[li]), *row) for li, row in plan.inputs[part]])

    report_ids = np.zeros(len(plan.rep_rows), dtype=np.int64)
    for part in _slices(len(plan.rep_rows)):
        rows = [
            (unit_ids[u], *row)
            for u, row in zip(plan.rep_unit[part].tolist(), plan.rep_rows[part], strict=True)
        ]
        report_ids[part] = _insert_rows(MonthlyReport, REPORT_FIELDS, rows, ids=True)

    for part in _slices(len(plan.out_report)):
        rows = list(
            zip(
                report_ids[plan.out_report[part]].tolist(),
                line_ids[plan.out_line[part]].tolist(),
                [Decimal(q).scaleb(-3) for q in plan.out_milli[part].tolist()],
                strict=True,
            )
        )
        _insert_rows(ReportLine, REPORT_LINE_FIELDS, rows)

    for part in _slices(len(plan.exp_country)):
        rows = list(
            zip(
                report_ids[plan.exp_report[part]].tolist(),
                plan.exp_country[part],
                [Decimal(v) for v in plan.exp_usd[part].tolist()],
                strict=True,
            )
        )
        _insert_rows(ReportExport, REPORT_EXPORT_FIELDS, rows)

    summary.units += len(plan.units)
    summary.product_lines += len(plan.lines)
    summary.inputs += len(plan.inputs)
    summary.reports += len(plan.rep_rows)
    summary.report_lines += len(plan.out_report)
    summary.exports += len(plan.exp_country)
