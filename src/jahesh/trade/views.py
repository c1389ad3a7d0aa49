"""Export opportunities for the region and its product space.

The analysis is aggregate, but the page names the region's units with spare capacity in related products, so
it is for the region-wide roles (administrators, the secretariat, leadership), not the public.
"""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jahesh.core.access import allow
from jahesh.core.models import Role
from jahesh.registry.models import Region

from .analysis import ExportAnalysis, export_analysis, product_space

REGION_WIDE = (Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP)
STRATEGY_LABELS = {
    "low_hanging_fruit": gettext_lazy("Low-hanging fruit"),
    "balanced": gettext_lazy("Balanced portfolio"),
    "long_jump": gettext_lazy("Long jumps"),
}
#: The Atlas's strategic approaches (``jahesh.analytics.opportunities.APPROACHES``), in the user's language.
APPROACH_LABELS = {
    "light_touch": (
        gettext_lazy("Light touch"),
        gettext_lazy(
            "Ample space to diversify: leverage existing successes to enter more complex production."
        ),
    ),
    "parsimonious_industrial_policy": (
        gettext_lazy("Parsimonious industrial policy"),
        gettext_lazy(
            "Limited opportunities: address bottlenecks to help firms jump short distances into related "
            "products."
        ),
    ),
    "strategic_bets": (
        gettext_lazy("Strategic bets"),
        gettext_lazy(
            "Few nearby opportunities: coordinated long jumps into strategic areas with future "
            "diversification potential."
        ),
    ),
    "technological_frontier": (
        gettext_lazy("Technological frontier"),
        gettext_lazy("Gains come from developing new products."),
    ),
}
DOWNLOADS = ("present", "opportunities", "fx")


def _region() -> Region:
    region = Region.objects.order_by("pk").first()
    if region is None:
        raise Http404(_("No region has been set up yet. Run “jahesh demo” or import the registry."))
    return region


def _lang() -> str:
    return (translation.get_language() or "fa")[:2]


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and len(raw) == 4 else None


def _csv(name: str, header: list[str], rows: list[list[object]]) -> HttpResponse:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _download(kind: str, a: ExportAnalysis, lang: str) -> HttpResponse:
    if kind == "fx":
        return _csv(
            "fx-earned", ["year", "usd", "exporting_units"], [[f.year, f.usd, f.exporters] for f in a.fx]
        )
    if kind == "present":
        return _csv(
            f"present-products-{a.year}",
            ["hs4", "product", "region_exports_usd", "rca", "pci", "world_exports_usd", "world_growth",
             "markets"],
            [
                [p.product.code, p.product.label(lang), p.exports, p.rca, p.pci, p.world_exports, p.growth,
                 " ".join(m.code for m in p.markets)]
                for p in a.present
            ],
        )  # fmt: skip
    rows = [
        [s, k + 1, o.product.code, o.product.label(lang), o.score, o.distance, o.pci, o.cog, o.world_exports,
         o.growth, " ".join(m.code for m in o.markets), " ".join(str(r.unit_id) for r in o.related)]
        for s, ops in a.strategies.items()
        for k, o in enumerate(ops)
    ]  # fmt: skip
    header = ["strategy", "rank", "hs4", "product", "score", "distance", "pci", "cog", "world_exports_usd",
              "world_growth", "target_markets", "related_unit_ids"]  # fmt: skip
    return _csv(f"opportunities-{a.year}", header, rows)


@allow(*REGION_WIDE)
def exports_page(request: HttpRequest) -> HttpResponse:
    region, lang = _region(), _lang()
    a = export_analysis(region, year=_year(request), lang=lang)
    kind = request.GET.get("download")
    if kind in DOWNLOADS:
        return _download(kind, a, lang)
    suggested = a.approach.suggested_strategy if a.approach else None
    strategies = [(key, STRATEGY_LABELS[key], ops, key == suggested) for key, ops in a.strategies.items()]
    approach = APPROACH_LABELS.get(a.approach.approach) if a.approach else None
    fx_chart = {
        "kind": "bar",
        "categories": [str(f.year) for f in a.fx],
        "series": [{"name": _("exports (USD)"), "data": [round(f.usd) for f in a.fx]}],
        "colors": ["#0f5e7a"],
    }
    return render(
        request,
        "trade/exports.html",
        {
            "region": region,
            "a": a,
            "strategies": strategies,
            "approach": approach,
            "suggested": STRATEGY_LABELS.get(suggested or ""),
            "fx_chart": fx_chart,
            "lang": lang,
        },
    )


@allow(*REGION_WIDE)
def product_space_page(request: HttpRequest) -> HttpResponse:
    region, lang = _region(), _lang()
    a = export_analysis(region, year=_year(request), lang=lang, details=False)
    spec = product_space(a, lang) if a.ready else None
    if spec is not None:
        spec["present_label"] = _("exported by the region with RCA ≥ 1")
    return render(request, "trade/product_space.html", {"region": region, "a": a, "spec": spec})
