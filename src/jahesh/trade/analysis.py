"""What the export pages show, computed once per request from the database and the complexity engine.

Every figure comes from :func:`jahesh.trade.region.analyse` (the year's matrix with the region as a location)
and :mod:`jahesh.analytics.opportunities`; this module only loads, joins and shapes them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Count, Q, Sum
from scipy.sparse.csgraph import minimum_spanning_tree

from jahesh.analytics.complexity import ComplexityResult
from jahesh.analytics.opportunities import (
    STRATEGIES,
    StrategicApproach,
    growth_opportunities,
    strategic_approach,
    target_markets,
)
from jahesh.registry.models import MonthlyReport, ProductLine, Region, ReportExport

from .models import Classification, ExportFlow, ImportFlow, TradeLocation, TradeProduct
from .reference import SECTION_BY_KEY, SECTIONS
from .region import (
    HOME_COUNTRY,
    JALALI_TO_GREGORIAN,
    AnalysisMatrix,
    analyse,
    gregorian_year,
    region_exports,
    world_years,
)

TOP_OPPORTUNITIES = 15
TOP_MARKETS = 3
RELATED_LINES = 3
#: The product space shows at most this many products: the largest in world trade and all the region's.
MAX_NODES = 300
STRONG_LINK = 0.5  # proximity above which a link is drawn besides the spanning tree
MAX_EXTRA_LINKS_PER_NODE = 2


@dataclass
class Product:
    code: str
    name: str
    name_en: str
    section: str

    def label(self, lang: str) -> str:
        return (self.name_en or self.name) if lang == "en" else (self.name or self.name_en)


@dataclass
class Market:
    code: str
    name: str
    imports: float
    growth: float | None


@dataclass
class RelatedLine:
    unit_id: int
    unit_name: str
    product: str
    hs_code: str
    utilisation: float | None
    spare: float | None
    uom: str


@dataclass
class Opportunity:
    product: Product
    score: float
    distance: float
    pci: float
    cog: float
    rca: float
    world_exports: float
    growth: float | None
    markets: list[Market] = field(default_factory=list)
    related: list[RelatedLine] = field(default_factory=list)


@dataclass
class Present:
    product: Product
    exports: float
    rca: float
    pci: float
    world_exports: float
    growth: float | None
    markets: list[Market] = field(default_factory=list)


@dataclass
class FxYear:
    year: int
    usd: float
    exporters: int


@dataclass
class ExportAnalysis:
    region: Region
    year: int | None
    years: list[int]
    start: int | None = None
    result: ComplexityResult | None = None
    matrix: AnalysisMatrix | None = None
    products: dict[str, Product] = field(default_factory=dict)
    present: list[Present] = field(default_factory=list)
    strategies: dict[str, list[Opportunity]] = field(default_factory=dict)
    eci: float | None = None
    eci_rank: int | None = None
    coi: float | None = None
    locations_ranked: int = 0
    approach: StrategicApproach | None = None
    fx: list[FxYear] = field(default_factory=list)
    fx_destinations: list[tuple[str, float]] = field(default_factory=list)
    unattributed: dict[int, float] = field(default_factory=dict)
    note: str = ""

    @property
    def ready(self) -> bool:
        return self.result is not None


def _cagr(start: float, end: float, years: int) -> float | None:
    if start <= 0 or end <= 0 or years <= 0:
        return None
    return (end / start) ** (1.0 / years) - 1.0


def _fx(analysis: ExportAnalysis, region: Region, lang: str) -> None:
    """FX earned by the region's exporters (accepted reports) by year; the last year's destinations."""
    exports = ReportExport.objects.filter(
        report__unit__region=region, report__state=MonthlyReport.State.ACCEPTED
    )
    by_year: dict[int, FxYear] = {}
    rows = exports.values("report__month", "report__unit_id").annotate(usd=Sum("value_usd"))
    units: dict[int, set[int]] = defaultdict(set)
    totals: dict[int, float] = defaultdict(float)
    for row in rows.values_list("report__month", "report__unit_id", "usd"):
        y = gregorian_year(row[0])
        totals[y] += float(row[2])
        units[y].add(row[1])
    for y in sorted(totals):
        by_year[y] = FxYear(y, totals[y], len(units[y]))
    analysis.fx = list(by_year.values())
    if analysis.fx:
        last = analysis.fx[-1].year
        lo = (last - JALALI_TO_GREGORIAN) * 12
        hi = lo + 11
        name = "country__name_en" if lang == "en" else "country__name"
        dest = (
            exports.filter(report__month__range=(lo, hi))
            .values(name)
            .annotate(usd=Sum("value_usd"), n=Count("id"))
            .order_by("-usd")[:10]
        )
        analysis.fx_destinations = [(d[name], float(d["usd"])) for d in dest]


def export_analysis(
    region: Region, *, year: int | None = None, lang: str = "fa", details: bool = True
) -> ExportAnalysis:
    """The year's analysis; ``details=False`` stops after the complexity result (for the product space)."""
    years = world_years()
    analysis = ExportAnalysis(region=region, year=None, years=years)
    if details:
        _fx(analysis, region, lang)
    if not years:
        return analysis
    year = year if year in years else years[-1]
    analysis.year = year
    flows = region_exports(region)
    analysis.unattributed = flows.unattributed_usd
    result, m = analyse(region, year, region_flows=flows)
    analysis.result, analysis.matrix = result, m
    products = TradeProduct.objects.filter(classification=Classification.HS, level=4)
    analysis.products = {
        code: Product(code, name, name_en, section)
        for code, name, name_en, section in products.values_list("code", "name", "name_en", "section")
    }
    for code in result.products:
        analysis.products.setdefault(code, Product(code, "", "", ""))
    try:
        i = result.row(region.code)
    except KeyError:
        analysis.note = "no-region-exports"
        return analysis
    analysis.eci, analysis.coi = float(result.eci[i]), float(result.coi[i])
    finite = np.isfinite(result.eci)
    analysis.locations_ranked = int(finite.sum())
    analysis.eci_rank = int((result.eci[finite] > result.eci[i]).sum()) + 1
    if not details:
        return analysis
    try:
        analysis.approach = strategic_approach(result, region.code)
    except ValueError:
        analysis.approach = None

    # World market growth: world exports of each product, first year of the window to this one.
    start = years[max(0, years.index(year) - 5)]
    analysis.start = start
    world_exports = result.exports.sum(axis=0)
    by = {(code, year): float(v) for code, v in zip(result.products, world_exports, strict=True)}
    if start != year:
        earlier = ExportFlow.objects.filter(
            year=start, product__classification=Classification.HS, product__level=4
        )
        for t in earlier.values("product__code").annotate(v=Sum("value_usd")):
            by[(t["product__code"], start)] = float(t["v"])
    span = year - start

    def growth(code: str) -> float | None:
        return _cagr(by.get((code, start), 0.0), by.get((code, year), 0.0), span)

    world_exports = result.exports.sum(axis=0)
    present_idx = np.flatnonzero(np.nan_to_num(result.rca[i]) >= 1.0)
    present_idx = present_idx[np.argsort(-result.exports[i, present_idx], kind="stable")]
    for j in present_idx:
        code = result.products[j]
        analysis.present.append(
            Present(
                analysis.products[code],
                float(result.exports[i, j]),
                float(result.rca[i, j]),
                float(result.pci[j]),
                float(world_exports[j]),
                growth(code),
            )
        )
    for strategy in STRATEGIES:
        opp = growth_opportunities(result, region.code, strategy=strategy, top=TOP_OPPORTUNITIES)
        analysis.strategies[strategy] = [
            Opportunity(
                analysis.products[code],
                float(opp.score[k]),
                float(opp.distance[k]),
                float(opp.pci[k]),
                float(opp.cog[k]),
                float(opp.rca[k]),
                float(opp.world_exports[k]),
                growth(code),
            )
            for k, code in enumerate(opp.products)
        ]
    _markets(analysis, start, year, lang)
    _related(analysis, region)
    return analysis


def _markets(analysis: ExportAnalysis, start: int, end: int, lang: str) -> None:
    wanted = {o.product.code for ops in analysis.strategies.values() for o in ops}
    wanted |= {p.product.code for p in analysis.present}
    rows = ImportFlow.objects.filter(
        year__in=[start, end],
        product__classification=Classification.HS,
        product__level=4,
        product__code__in=wanted,
    ).values_list("year", "location__code", "product__code", "value_usd")
    imports = pd.DataFrame(list(rows), columns=["time", "importer", "prod", "val"])
    if imports.empty:
        return
    names = dict(TradeLocation.objects.values_list("code", "name_en" if lang == "en" else "name"))
    cache: dict[str, list[Market]] = {}

    def markets(code: str) -> list[Market]:
        if code not in cache:
            try:
                tm = target_markets(
                    imports, code, start=start, end=end, exclude=[HOME_COUNTRY], top=TOP_MARKETS
                )
            except ValueError:
                cache[code] = []
            else:
                cache[code] = [
                    Market(c, names.get(c, c), float(tm.imports_end[k]), _finite(tm.growth[k]))
                    for k, c in enumerate(tm.importers)
                ]
        return cache[code]

    for ops in analysis.strategies.values():
        for o in ops:
            o.markets = markets(o.product.code)
    for p in analysis.present:
        p.markets = markets(p.product.code)


def _finite(v: Any) -> float | None:
    f = float(v)
    return f if math.isfinite(f) else None


def _related(analysis: ExportAnalysis, region: Region) -> None:
    """The region's product lines in the same HS chapter as each opportunity, most spare capacity first."""
    chapters = {o.product.code[:2] for ops in analysis.strategies.values() for o in ops}
    if not chapters:
        return
    lines = (
        ProductLine.objects.filter(unit__region=region)
        .filter(reduce(or_, (Q(hs_code__startswith=c) for c in sorted(chapters))))
        .values_list(
            "unit_id",
            "unit__name",
            "name",
            "hs_code",
            "unit__utilisation",
            "nominal_capacity",
            "unit_of_measure",
        )
    )
    by_chapter: dict[str, list[RelatedLine]] = defaultdict(list)
    for unit_id, unit_name, name, hs, util, cap, uom in lines:
        u = None if util is None else float(util)
        spare = None if u is None else float(cap) * max(0.0, 1.0 - u)
        by_chapter[hs[:2]].append(RelatedLine(unit_id, unit_name, name, hs, u, spare, uom))
    for rows in by_chapter.values():
        rows.sort(key=lambda r: (r.spare is None, -(r.spare or 0.0), r.unit_id))
    for ops in analysis.strategies.values():
        for o in ops:
            o.related = by_chapter.get(o.product.code[:2], [])[:RELATED_LINES]


# -- the product space -------------------------------------------------------------------------------------


def product_space(analysis: ExportAnalysis, lang: str) -> dict[str, Any]:
    """An ECharts graph spec: the largest products plus the region's, joined by the maximum spanning tree of
    proximity and the strongest other links (``STRONG_LINK``, at most ``MAX_EXTRA_LINKS_PER_NODE`` each)."""
    result = analysis.result
    assert result is not None and result.proximity is not None
    i = result.row(analysis.region.code) if analysis.eci is not None else None
    world = result.exports.sum(axis=0)
    present = np.zeros(result.products.size, dtype=bool)
    if i is not None:
        present = np.nan_to_num(result.rca[i]) >= 1.0
    order = np.argsort(-world, kind="stable")
    chosen = list(np.flatnonzero(present)) + [j for j in order if not present[j]]
    chosen = sorted(set(chosen[: max(MAX_NODES, int(present.sum()))]))
    idx = np.array(chosen)
    phi = np.nan_to_num(np.asarray(result.proximity)[np.ix_(idx, idx)])
    np.fill_diagonal(phi, 0.0)
    # Maximum spanning tree = minimum spanning tree of (max + ε − φ) over the positive links.
    weight = np.where(phi > 0, phi.max() + 1e-6 - phi, 0.0)
    tree = minimum_spanning_tree(weight).tocoo()
    links = {(min(a, b), max(a, b)) for a, b in zip(tree.row.tolist(), tree.col.tolist(), strict=True)}
    for a in range(idx.size):
        strong = np.flatnonzero(phi[a] >= STRONG_LINK)
        strong = strong[np.argsort(-phi[a, strong], kind="stable")][:MAX_EXTRA_LINKS_PER_NODE]
        links |= {(min(a, int(b)), max(a, int(b))) for b in strong}
    keys = [s.key for s in SECTIONS]
    categories = [{"name": s.name_en if lang == "en" else s.name, "color": s.colour} for s in SECTIONS]
    top = float(world[idx].max()) if idx.size else 1.0
    nodes = []
    for a, j in enumerate(idx):
        p = analysis.products[result.products[j]]
        section = SECTION_BY_KEY.get(p.section)
        nodes.append(
            {
                "id": str(a),
                "code": p.code,
                "fa": p.name or p.name_en,
                "en": p.name_en or p.name,
                "category": keys.index(section.key) if section else 0,
                "size": round(4 + 14 * math.sqrt(max(world[j], 0.0) / top), 1) if top > 0 else 6,
                "present": bool(present[j]),
            }
        )
    return {
        "kind": "graph",
        "categories": categories,
        "nodes": nodes,
        "links": [[str(a), str(b), round(float(phi[a, b]), 3)] for a, b in sorted(links)],
        "present_label": "",
    }
