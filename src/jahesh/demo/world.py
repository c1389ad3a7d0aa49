"""The demo world: a synthetic, realistically nested world-trade panel around the demo region.

A latent-capabilities model (Hidalgo & Hausmann 2009, "The building blocks of economic complexity", PNAS 106:
10570): there are ``K`` capabilities, ordered from common to rare; a country holds capability *k* with
probability σ(a·(s_c − r_k)) for its sophistication s_c and the capability's rarity r_k, so that countries
holding rare capabilities hold the common ones too (nestedness); a product has a level (its HS chapter's, high
for machinery, vehicles, instruments and chemicals, plus noise) and needs the capability at that level, its
chapter's core capability (so that products of a chapter sit together in the product space) and a few drawn
below it; a country exports it when it holds all of them (and, rarely, a little when it does not:
re-exports and noise). Values: country size × product appeal × a persistent log-normal factor, growing at
country- and product-specific rates with yearly noise. Imports: each product's world exports shared among its
20 largest importers, weighted by size and a persistent taste, with their own growth.

The products are the HS4 headings of the demo catalogue (with the catalogue's Persian and English names) and
synthetic codes in real HS chapters (named by chapter and section); the countries are real ISO codes with
synthetic numbers. Iran (``IRN``) is one of them, and the region's own exports from its monthly reports are
added to Iran's row so that taking the region out of Iran leaves nothing negative. None of these figures are
statistics.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import transaction

from jahesh.registry.models import Region
from jahesh.trade.importers import ensure_locations, insert_flows, refresh_statistics
from jahesh.trade.models import Classification, ExportFlow, ImportFlow, TradeProduct, TradeYear
from jahesh.trade.reference import COUNTRIES, hs_section
from jahesh.trade.region import HOME_COUNTRY, region_exports

from . import reference as R

CHAPTERS = [c for c in range(1, 98) if c != 77]
#: Rough number of HS4 headings per chapter, relative (the big chapters of machinery and chemicals).
_CHAPTER_WEIGHT = {84: 7, 85: 4, 29: 3.5, 28: 4, 90: 2.5, 72: 2.5, 73: 2, 39: 2, 38: 2, 87: 1.5, 44: 1.8}
IMPORTERS_PER_PRODUCT = 20
MARKET_MULTIPLE = 300
_COMPLEX_CHAPTERS = frozenset({29, 30, 38, 39, 84, 85, 87, 88, 90})


@dataclass(frozen=True)
class DemoWorld:
    countries: int
    products: int
    years: tuple[int, ...]
    export_flows: int
    import_flows: int
    capability_count: dict[str, int]  # country code → capabilities held (the latent truth, for tests)


def _product_codes(n: int, rng: np.random.Generator) -> list[str]:
    catalogue = sorted({k.hs6[:4] for k in R.CATALOGUE})
    weights = np.array([_CHAPTER_WEIGHT.get(c, 1.0) for c in CHAPTERS])
    counts = np.clip(np.round(weights / weights.sum() * n * 1.3), 1, 99).astype(int)
    pool = [f"{c:02d}{i:02d}" for c, k in zip(CHAPTERS, counts, strict=True) for i in range(1, k + 1)]
    pool = [p for p in pool if p not in set(catalogue)]
    rng.shuffle(pool)
    codes = sorted(set(catalogue) | set(pool[: max(0, n - len(catalogue))]))
    return codes


def _names(codes: list[str]) -> list[tuple[str, str, str]]:
    by_hs4: dict[str, R.ProductKind] = {}
    for k in R.CATALOGUE:
        by_hs4.setdefault(k.hs6[:4], k)
    out = []
    for code in codes:
        s = hs_section(code)
        assert s is not None
        kind = by_hs4.get(code)
        if kind is not None:
            out.append((kind.name, kind.name_en, s.key))
        else:
            out.append((f"{s.name}، سرفصل {code}", f"{s.name_en}, heading {code}", s.key))
    return out


def build_demo_world(
    region: Region,
    seed: int = 1,
    *,
    countries: int = len(COUNTRIES),
    products: int = 1200,
    years: int = 10,
    capabilities: int = 40,
    end_year: int | None = None,
) -> DemoWorld:
    """Build the demo world into the database (HS, 4 digits) with bulk inserts; deterministic by ``seed``."""
    rng = np.random.default_rng([seed, 7_2026])
    flows = region_exports(region)
    if end_year is None:
        end_year = max(flows.years) if flows.years else 2024
    year_list = tuple(range(end_year - years + 1, end_year + 1))
    # Countries: Iran always, the others in a seeded order.
    others = [c for c in COUNTRIES if c.iso3 != HOME_COUNTRY]
    pick = rng.permutation(len(others))[: max(1, countries) - 1]
    chosen = [next(c for c in COUNTRIES if c.iso3 == HOME_COUNTRY)] + [others[i] for i in sorted(pick)]
    codes = _product_codes(products, rng)
    nc, npr, k = len(chosen), len(codes), capabilities

    # Latent capabilities.
    rarity = np.linspace(-2.2, 2.2, k)
    soph = rng.normal(0.0, 1.0, nc)
    soph[0] = 0.1  # Iran: in the middle of the distribution
    holds = rng.random((nc, k)) < 1.0 / (1.0 + np.exp(-2.5 * (soph[:, None] - rarity[None, :])))
    # A product's level: its chapter's (machinery, vehicles, instruments and chemicals high; raw materials
    # low) plus noise. It needs the capability at its level, its chapter's core one and a few below it.
    chapter_level = {c: rng.uniform(0.2, 0.75) + (0.2 if c in _COMPLEX_CHAPTERS else 0.0) for c in CHAPTERS}
    chapter_core = {c: int(chapter_level[c] * (k - 1)) for c in CHAPTERS}
    needs = np.zeros((npr, k), dtype=bool)
    for j, code in enumerate(codes):
        level = int(np.clip((chapter_level[int(code[:2])] + rng.normal(0.0, 0.15)) * (k - 1), 0, k - 1))
        needs[j, level] = True
        needs[j, min(chapter_core[int(code[:2])], level)] = True
        below = min(int(rng.poisson(2.0)), level)
        if below:
            needs[j, rng.choice(level, size=below, replace=False)] = True
    missing = (~holds).astype(np.int32) @ needs.T.astype(np.int32)  # countries × products
    can = missing == 0
    leak = (~can) & (rng.random((nc, npr)) < 0.01)

    size = rng.lognormal(0.0, 1.3, nc) * (1.0 + np.maximum(soph, -0.5))
    appeal = rng.lognormal(0.0, 1.0, npr)
    base = size[:, None] * appeal[None, :] * rng.lognormal(0.0, 1.0, (nc, npr)) * 2.0e7
    base = np.where(can, base, np.where(leak, base * 0.02, 0.0))
    g_c = rng.normal(0.03, 0.03, nc)
    g_p = rng.normal(0.02, 0.04, npr)
    taste = size[:, None] ** 0.8 * rng.lognormal(0.0, 1.0, (nc, npr))
    top = np.argpartition(-taste, min(IMPORTERS_PER_PRODUCT, nc - 1), axis=0)[:IMPORTERS_PER_PRODUCT]
    g_imp = rng.normal(0.03, 0.06, (top.shape[0], npr))

    region_by_year = {y: flows.year(y) for y in year_list}
    col = {c: j for j, c in enumerate(codes)}
    # A province is a small exporter: each of its products gets a world market at least MARKET_MULTIPLE times
    # the region's largest year, so that its RCAs look like a province's rather than a monopolist's.
    region_max = np.zeros(npr)
    for series in region_by_year.values():
        for p, v in series.items():
            if p in col:
                region_max[col[p]] = max(region_max[col[p]], v)
    world0 = base.sum(axis=0)
    scale = np.where(
        region_max > 0, np.maximum(1.0, MARKET_MULTIPLE * region_max / np.maximum(world0, 1.0)), 1.0
    )
    base = base * scale[None, :]
    ex_cells: list[np.ndarray] = []
    im_cells: list[np.ndarray] = []
    for t, year in enumerate(year_list):
        x = base * ((1 + g_c[:, None]) * (1 + g_p[None, :])) ** t * rng.lognormal(0.0, 0.15, (nc, npr))
        for p, v in region_by_year[year].items():
            if p in col:
                x[0, col[p]] += v  # the region is part of Iran
        world = x.sum(axis=0)
        share = np.take_along_axis(taste, top, axis=0) * (1 + g_imp) ** t
        share = share / share.sum(axis=0, keepdims=True)
        imports = share * world[None, :] * rng.lognormal(0.0, 0.1, share.shape)
        r, c = np.nonzero(x > 0)
        ex_cells.append(np.column_stack([r, c, np.full(r.size, year), x[r, c]]))
        im_cells.append(
            np.column_stack(
                [top.ravel(), np.tile(np.arange(npr), top.shape[0]), np.full(top.size, year), imports.ravel()]
            )
        )

    with transaction.atomic():
        loc_ids, _new = ensure_locations([c.iso3 for c in chosen])
        existing = set(
            TradeProduct.objects.filter(classification=Classification.HS).values_list("code", flat=True)
        )
        TradeProduct.objects.bulk_create(
            [
                TradeProduct(
                    classification=Classification.HS, code=code, level=4, name=n, name_en=e, section=s
                )
                for code, (n, e, s) in zip(codes, _names(codes), strict=True)
                if code not in existing
            ],
            batch_size=2000,
        )
        prod = dict(
            TradeProduct.objects.filter(classification=Classification.HS, code__in=codes).values_list(
                "code", "id"
            )
        )
        loc_of = np.array([loc_ids[c.iso3] for c in chosen])
        prod_of = np.array([prod[c] for c in codes])
        same = {"year__in": year_list, "product__classification": Classification.HS, "product__level": 4}
        ExportFlow.objects.filter(**same).delete()
        ImportFlow.objects.filter(**same).delete()

        def rows(cells: list[np.ndarray]):
            for a in cells:
                yield from zip(
                    loc_of[a[:, 0].astype(int)].tolist(),
                    prod_of[a[:, 1].astype(int)].tolist(),
                    a[:, 2].astype(int).tolist(),
                    np.round(a[:, 3]).tolist(),
                    strict=True,
                )

        n_ex = insert_flows(ExportFlow, rows(ex_cells))
        n_im = insert_flows(ImportFlow, rows(im_cells))
        for year, ex, im in zip(year_list, ex_cells, im_cells, strict=True):
            TradeYear.objects.update_or_create(
                classification=Classification.HS,
                level=4,
                year=year,
                defaults={
                    "export_flows": len(ex),
                    "import_flows": len(im),
                    "source": f"demo world, seed {seed}",
                },
            )
    refresh_statistics()
    return DemoWorld(
        countries=nc,
        products=npr,
        years=year_list,
        export_flows=n_ex,
        import_flows=n_im,
        capability_count={c.iso3: int(n) for c, n in zip(chosen, holds.sum(axis=1), strict=True)},
    )


__all__ = ["DemoWorld", "build_demo_world"]
