"""The region as a location among countries, and the analysis matrix of a year.

**The region's exports by product** come from the monthly reports: a report's exports (``ReportExport``, USD
by destination) are attributed to the unit's export-oriented product lines in proportion to their output
value that month (output × the line's value per unit; a line without a value per unit counts its output
alone). A unit with no export-oriented line reporting output has its exports spread over all the lines that
reported output; a report with no output at all stays unattributed (counted, shown, not placed). This is an
approximation: the reports say how much a unit exported, not which product, and a unit that exports one of
two lines is assumed to export both in proportion. A customs file by HS code, when the region has one, is the
better source.

Years: the reports run on Jalali months; Jalali year *J* (21 March to 20 March) is counted as Gregorian year
*J* + 621, the calendar year holding nine of its twelve months.

**Nothing counted twice**: world trade has the region's exports inside its country's row (``IRN``). The
analysis matrix takes them out — ``IRN[p] − region[p]``, floored at 0, the floor noted — and adds the region
as a row of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Sum

from jahesh.analytics.complexity import ComplexityResult, complexity
from jahesh.registry.models import MonthlyReport, Region, ReportExport, ReportLine

from .models import Classification, ExportFlow, TradeLocation, TradeProduct, TradeYear

#: The country whose row holds the region's exports. Regions of other countries would carry it as data.
HOME_COUNTRY = "IRN"
JALALI_TO_GREGORIAN = 621


def gregorian_year(month_index: int) -> int:
    return int(month_index) // 12 + JALALI_TO_GREGORIAN


@dataclass(frozen=True)
class RegionExports:
    """The region's exports by product (HS4) and Gregorian year, in USD."""

    table: pd.DataFrame  # columns: year, product, value_usd
    unattributed_usd: dict[int, float]

    def year(self, year: int) -> pd.Series:
        t = self.table[self.table["year"] == year]
        return t.groupby("product")["value_usd"].sum()

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.table["year"].unique())


def region_exports(region: Region, *, level: int = 4) -> RegionExports:
    """Attribute each accepted report's exports to the unit's product lines (see the module docstring)."""
    reports = MonthlyReport.objects.filter(unit__region=region, state=MonthlyReport.State.ACCEPTED)
    usd_rows = (
        ReportExport.objects.filter(report__in=reports)
        .values("report_id", "report__month")
        .annotate(usd=Sum("value_usd"))
        .values_list("report_id", "report__month", "usd")
    )
    usd = pd.DataFrame(list(usd_rows), columns=["report", "month", "usd"])
    empty = pd.DataFrame({"year": pd.Series(dtype=int), "product": pd.Series(dtype=str), "value_usd": []})
    if usd.empty:
        return RegionExports(empty, {})
    usd["usd"] = usd["usd"].astype(float)
    line_rows = ReportLine.objects.filter(
        report_id__in=ReportExport.objects.filter(report__in=reports).values("report_id")
    )
    lines = pd.DataFrame(
        list(
            line_rows.values_list(
                "report_id", "product_line__hs_code", "product_line__export_oriented", "output",
                "product_line__unit_value_irr",
            )
        ),
        columns=["report", "hs", "export_oriented", "output", "unit_value"],
    )  # fmt: skip
    if lines.empty:
        lines = pd.DataFrame(columns=["report", "hs", "export_oriented", "weight"])
    else:
        value = lines["unit_value"].map(lambda v: float(v) if isinstance(v, Decimal) else 1.0)
        lines["weight"] = lines["output"].astype(float) * value
    lines = lines[lines["weight"] > 0]
    # Per report: the export-oriented lines if any reported output, otherwise all lines that did.
    has_eo = lines.groupby("report")["export_oriented"].transform("any")
    chosen = lines[lines["export_oriented"] | ~has_eo].copy()
    chosen["share"] = chosen["weight"] / chosen.groupby("report")["weight"].transform("sum")
    merged = chosen.merge(usd, on="report")
    merged["value_usd"] = merged["share"] * merged["usd"]
    merged["year"] = merged["month"].map(gregorian_year)
    merged["product"] = merged["hs"].str[:level]
    table = merged.groupby(["year", "product"], as_index=False)["value_usd"].sum()
    placed = set(chosen["report"].unique())
    rest = usd[~usd["report"].isin(placed)]
    unattributed = {
        int(y): float(v) for y, v in rest.groupby(rest["month"].map(gregorian_year))["usd"].sum().items()
    }
    return RegionExports(table, unattributed)


@dataclass
class AnalysisMatrix:
    year: int
    exports: np.ndarray  # locations × products, USD
    locations: list[str]  # location codes; the region's code among them
    products: list[str]  # product codes
    region_code: str
    home_before: float = 0.0  # the home country's total exports before the region is taken out
    home_after: float = 0.0
    region_total: float = 0.0
    floored: list[str] = field(default_factory=list)  # products where the region exceeded the home row


def world_years(classification: str = Classification.HS, level: int = 4) -> list[int]:
    qs = TradeYear.objects.filter(classification=classification, level=level, export_flows__gt=0)
    return list(qs.order_by("year").values_list("year", flat=True))


def analysis_matrix(
    region: Region,
    year: int,
    *,
    region_flows: RegionExports | None = None,
    classification: str = Classification.HS,
    level: int = 4,
) -> AnalysisMatrix:
    """Countries × products of ``year`` with the region as a row of its own, taken out of its country's."""
    rows = ExportFlow.objects.filter(
        year=year, product__classification=classification, product__level=level
    ).values_list("location_id", "product_id", "value_usd")
    flows = np.array(list(rows), dtype=np.float64).reshape(-1, 3)
    loc_codes = dict(TradeLocation.objects.values_list("id", "code"))
    prod_codes = dict(
        TradeProduct.objects.filter(classification=classification, level=level).values_list("id", "code")
    )
    loc_ids = np.unique(flows[:, 0]).astype(int)
    locations = [loc_codes[i] for i in loc_ids]
    reg = (region_flows or region_exports(region, level=level)).year(year)
    product_set = sorted({prod_codes[int(i)] for i in np.unique(flows[:, 1])} | set(reg.index))
    col = {p: j for j, p in enumerate(product_set)}
    row_of = {i: r for r, i in enumerate(loc_ids)}
    x = np.zeros((len(locations) + 1, len(product_set)))
    if flows.size:
        r = np.array([row_of[int(i)] for i in flows[:, 0]])
        c = np.array([col[prod_codes[int(i)]] for i in flows[:, 1]])
        np.add.at(x, (r, c), flows[:, 2])
    region_row = np.zeros(len(product_set))
    for p, v in reg.items():
        region_row[col[p]] = v
    x[-1] = region_row
    m = AnalysisMatrix(year, x, [*locations, region.code], product_set, region.code)
    m.region_total = float(region_row.sum())
    if HOME_COUNTRY in locations:
        h = locations.index(HOME_COUNTRY)
        m.home_before = float(x[h].sum())
        over = x[h] < region_row
        m.floored = [product_set[j] for j in np.flatnonzero(over & (region_row > 0))]
        x[h] = np.maximum(x[h] - region_row, 0.0)
        m.home_after = float(x[h].sum())
    return m


def analyse(
    region: Region, year: int, *, region_flows: RegionExports | None = None, **kw: Any
) -> tuple[ComplexityResult, AnalysisMatrix]:
    """Build the year's matrix (countries and the region), run the complexity engine, return both."""
    m = analysis_matrix(region, year, region_flows=region_flows, **kw)
    if m.region_total > 0:
        result = complexity(m.exports, m.locations, m.products, year=year, keep=[m.region_code])
    else:  # a region with no exports that year is left out rather than shown with an undefined ECI
        result = complexity(m.exports[:-1], m.locations[:-1], m.products, year=year)
    return result, m
