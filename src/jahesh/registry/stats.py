"""The numbers of the province overview. Each figure is computed here once; the chart and its table both
show what these functions return."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from jahesh.core import jalali
from jahesh.core.identifiers import ISIC_DIVISIONS

from .models import County, OperatingStatus, Region, Unit

# Utilisation bands as reported in practice (ISIPO's "below 50 %"; provinces' "50–80 %", "above 80 %").
BANDS: list[tuple[str, object, Decimal | None, Decimal | None]] = [
    ("lt25", _("below 25%"), None, Decimal("0.25")),
    ("25to50", _("25–50%"), Decimal("0.25"), Decimal("0.5")),
    ("50to80", _("50–80%"), Decimal("0.5"), Decimal("0.8")),
    ("gte80", _("80% and above"), Decimal("0.8"), None),
]
BAND_CODES = [code for code, *_rest in BANDS]


def band_q(code: str) -> Q:
    for band, _label, low, high in BANDS:
        if band == code:
            q = Q(utilisation__isnull=False)
            if low is not None:
                q &= Q(utilisation__gte=low)
            if high is not None:
                q &= Q(utilisation__lt=high)
            return q
    raise ValueError(f"unknown utilisation band {code!r}")


def current_report_month() -> int:
    """The month whose report is now due: the last complete Jalali month."""
    y, m = jalali.today_jalali_month()
    return jalali.month_index(*jalali.add_months(y, m, -1))


FRESHNESS = [
    ("fresh", _("up to date")),
    ("stale", _("stale")),
    ("warning", _("long overdue")),
    ("never", _("never accepted")),
]


def freshness_q(code: str, region: Region, now: int | None = None) -> Q:
    """Units by months since their last accepted report: fresh, stale (≥ stale_months), warning (≥
    stale_warning_months), never."""
    now = current_report_month() if now is None else now
    stale_from = now - region.stale_months
    warn_from = now - region.stale_warning_months
    if code == "fresh":
        return Q(last_accepted_month__gt=stale_from)
    if code == "stale":
        return Q(last_accepted_month__lte=stale_from)
    if code == "warning":
        return Q(last_accepted_month__lte=warn_from)
    if code == "never":
        return Q(last_accepted_month__isnull=True)
    raise ValueError(f"unknown freshness {code!r}")


def freshness_of(unit: Unit, region: Region, now: int | None = None) -> tuple[str, int | None]:
    """A unit's freshness code and the months since its last accepted report."""
    now = current_report_month() if now is None else now
    if unit.last_accepted_month is None:
        return "never", None
    age = now - unit.last_accepted_month
    if age >= region.stale_warning_months:
        return "warning", age
    if age >= region.stale_months:
        return "stale", age
    return "fresh", age


REPORTING = [OperatingStatus.ACTIVE, OperatingStatus.SEMI_ACTIVE, OperatingStatus.IDLE]


@dataclass
class Overview:
    total: int
    by_status: list[tuple[str, str, int, float | None]]
    counties: list[County]
    bands_by_county: list[tuple[str, list[int]]]
    bands_by_division: list[tuple[str, str, list[int]]]
    idle_by_county: list[tuple[str, int, int, float | None]]
    stale_by_county: list[tuple[str, int, int, int]]
    employment: int


def _band_counts() -> dict[str, Count]:
    return {f"band_{code}": Count("id", filter=band_q(code)) for code in BAND_CODES}


def overview(region: Region, units: QuerySet[Unit] | None = None, lang: str = "fa") -> Overview:
    """Everything the overview page shows, from one grouped query over the units (and the counties).

    The units are read once, grouped by county, ISIC class and status (about 1,200 groups at the national
    scale), with the band and freshness counts and the employment of each group; every figure below is a
    sum over those groups. Reading the table once instead of once per figure is what keeps the page fast at
    100,000 units (docs/performance.md).
    """
    units = Unit.objects.filter(region=region) if units is None else units
    now = current_report_month()
    groups = list(
        units.values("county_id", "isic", "status")
        .annotate(
            n=Count("id"),
            **_band_counts(),
            stale=Count("id", filter=freshness_q("stale", region, now)),
            warning=Count("id", filter=freshness_q("warning", region, now)),
            employment=Sum("last_employment"),
        )
        .order_by()
    )
    band_keys = [f"band_{code}" for code in BAND_CODES]
    status_rows: dict[str, int] = {}
    per_county: dict[int, dict[str, int]] = {}
    per_division: dict[str, list[int]] = {}
    employment = 0
    for row in groups:
        status, n = row["status"], row["n"]
        status_rows[status] = status_rows.get(status, 0) + n
        employment += row["employment"] or 0
        county = per_county.setdefault(
            row["county_id"], dict.fromkeys([*band_keys, "idle", "reporting", "stale", "warning"], 0)
        )
        for key in band_keys:
            county[key] += row[key]
        if status == OperatingStatus.IDLE:
            county["idle"] += n
        if status in REPORTING:
            county["reporting"] += n
            county["stale"] += row["stale"]
            county["warning"] += row["warning"]
        division = per_division.setdefault(row["isic"][:2], [0] * len(BAND_CODES))
        for i, key in enumerate(band_keys):
            division[i] += row[key]

    total = sum(status_rows.values())
    by_status = [
        (code, str(label), status_rows.get(code, 0), status_rows.get(code, 0) / total if total else None)
        for code, label in OperatingStatus.choices
    ]
    counties = list(County.objects.filter(region=region).order_by("-population", "name"))
    bands_by_county = []
    idle_by_county = []
    stale_by_county = []
    for county in counties:
        row = per_county.get(county.pk, {})
        name = county.display_name(lang)
        bands_by_county.append((name, [row.get(key, 0) for key in band_keys]))
        reporting = row.get("reporting", 0)
        idle = row.get("idle", 0)
        idle_by_county.append((name, idle, reporting, idle / reporting if reporting else None))
        stale_by_county.append((name, row.get("stale", 0), row.get("warning", 0), reporting))

    bands_by_division = []
    for division, counts in sorted(per_division.items(), key=lambda kv: (-sum(kv[1]), kv[0])):
        titles = ISIC_DIVISIONS.get(division)
        title = (titles[1] if lang == "en" else titles[0]) if titles else division
        bands_by_division.append((division, title, counts))

    return Overview(
        total=total,
        by_status=by_status,
        counties=counties,
        bands_by_county=bands_by_county,
        bands_by_division=bands_by_division,
        idle_by_county=idle_by_county,
        stale_by_county=stale_by_county,
        employment=employment,
    )
