"""Growth opportunities for a location, its strategic approach, and target markets for a product.

Pure numpy / pandas; no Django, no I/O. Built on :mod:`jahesh.analytics.complexity`.

**Growth opportunities** (the Growth Lab's *Atlas of Economic Complexity*, country pages, "Growth
opportunities"; Hausmann, Hidalgo et al. 2014, *The Atlas of Economic Complexity*, MIT Press): the
candidates are the products a location does not yet export with comparative advantage (RCA < 1). Each gets

    score = w_d · z(−distance) + w_p · z(PCI) + w_c · z(COG)

where ``z`` standardises over the location's candidates (mean 0, SD 1; or min–max to [0, 1] with
``normalise="minmax"``), so that the weights compare like with like. The Atlas strategies set the weights on
(distance, PCI, COG): **low-hanging fruit** 60/15/25 (nearby products first), **balanced portfolio** 50/15/35,
**long jumps** 45/20/35 (more weight on complexity and on what a product opens up).

**Strategic approach** (Atlas country pages, "Recommended strategic approach": a scatter of countries with
"is the country complex enough for its income to grow?" across and COI, "is it well connected to many new
opportunities?", up; both cut at 0). Our rule, on the year's standardised ECI and COI (mean 0 over the ranked
locations):

* COI ≥ 0 and ECI ≥ 0 → **light touch** ("ample space to diversify: leverage existing successes to enter more
  complex production");
* COI ≥ 0 and ECI < 0 → **parsimonious industrial policy** ("address bottlenecks to help jump short distances
  into related products");
* COI < 0 → **strategic bets** ("few nearby opportunities call for coordinated long jumps into strategic
  areas");
* locations the caller names as ``frontier`` → **technological frontier** ("gains come from developing new
  products"); the Atlas assigns this from a fixed list of the most complex economies, not a threshold.

The Atlas's horizontal axis is ECI *relative to income* (ECI controlled for GDP per capita and natural-
resource rents); pass it as ``relative_eci`` when available, otherwise plain ECI is used (the result says
which).
The suggested strategy for each approach (light touch → balanced, parsimonious → low-hanging fruit, strategic
bets → long jumps) is our reading of those descriptions, not a published table.

**Target markets** for a product: importers ranked by the size of their imports of it (log of the value in the
last year of the window) and by its growth (compound annual growth over the window), each standardised over
the importers, weighted 50/50 by default — a distance-free first cut (``ANALYTICS.md`` §1). Importers with
no imports at the start of the window have no defined growth: it counts as average (0 after standardising)
and the result flags them as new markets.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from jahesh.analytics.complexity import ComplexityResult

__all__ = [
    "APPROACHES",
    "STRATEGIES",
    "Opportunities",
    "StrategicApproach",
    "TargetMarkets",
    "Weights",
    "growth_opportunities",
    "opportunity_score",
    "strategic_approach",
    "strategic_approaches",
    "target_markets",
]

FloatArray = npt.NDArray[np.float64]
Normalise = Literal["zscore", "minmax"]


@dataclass(frozen=True)
class Weights:
    """Weights on (−distance, PCI, COG) in the opportunity score; they need not sum to 1."""

    distance: float
    pci: float
    cog: float

    def __post_init__(self) -> None:
        for name in ("distance", "pci", "cog"):
            v = getattr(self, name)
            if not (math.isfinite(v) and v >= 0):
                raise ValueError(f"weight {name} must be finite and non-negative, not {v}")
        if self.distance + self.pci + self.cog == 0:
            raise ValueError("at least one weight must be positive")


# The Atlas of Economic Complexity's strategies (country pages, "Growth opportunities").
STRATEGIES: Mapping[str, Weights] = {
    "low_hanging_fruit": Weights(0.60, 0.15, 0.25),
    "balanced": Weights(0.50, 0.15, 0.35),
    "long_jump": Weights(0.45, 0.20, 0.35),
}

APPROACHES: Mapping[str, tuple[str, str, str | None]] = {
    # key: (label, what it means, suggested strategy)
    "light_touch": (
        "Light touch",
        "Ample space to diversify: leverage existing successes to enter more complex production.",
        "balanced",
    ),
    "parsimonious_industrial_policy": (
        "Parsimonious industrial policy",
        "Limited opportunities: address bottlenecks to help firms jump short distances into related "
        "products.",
        "low_hanging_fruit",
    ),
    "strategic_bets": (
        "Strategic bets",
        "Few nearby opportunities: coordinated long jumps into strategic areas with future diversification "
        "potential.",
        "long_jump",
    ),
    "technological_frontier": (
        "Technological frontier",
        "Virtually all major existing products are exploited: gains come from developing new products.",
        None,
    ),
}


# ----------------------------------------------------------------------------------------------------------
# strategic approach
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StrategicApproach:
    """A location's strategic approach and the figures that decided it."""

    location: Any
    approach: str
    label: str
    description: str
    suggested_strategy: str | None
    eci: float
    coi: float
    complexity_axis: float
    complexity_axis_name: str
    rule: str


def strategic_approaches(
    eci: npt.ArrayLike,
    coi: npt.ArrayLike,
    *,
    frontier: npt.ArrayLike | None = None,
) -> npt.NDArray[np.str_]:
    """Vectorised rule: ``frontier`` → technological_frontier; COI ≥ 0 and ECI ≥ 0 → light_touch;
    COI ≥ 0 and ECI < 0 → parsimonious_industrial_policy; COI < 0 → strategic_bets; "" where undefined.

    ``eci`` is the complexity axis (plain ECI, or ECI relative to income as on the Atlas country pages);
    ``frontier`` a boolean mask. Source: the Atlas of Economic Complexity, "Recommended strategic approach"
    (see the module docstring)."""
    e = np.asarray(eci, dtype=np.float64)
    c = np.asarray(coi, dtype=np.float64)
    if e.shape != c.shape:
        raise ValueError(f"eci and coi must have the same shape, not {e.shape} and {c.shape}")
    out = np.full(e.shape, "", dtype="<U32")
    ok = np.isfinite(e) & np.isfinite(c)
    out[ok & (c >= 0) & (e >= 0)] = "light_touch"
    out[ok & (c >= 0) & (e < 0)] = "parsimonious_industrial_policy"
    out[ok & (c < 0)] = "strategic_bets"
    if frontier is not None:
        f = np.asarray(frontier, dtype=bool)
        if f.shape != e.shape:
            raise ValueError(f"frontier must be a mask of shape {e.shape}")
        out[f] = "technological_frontier"
    return out


def strategic_approach(
    result: ComplexityResult,
    location: Any,
    *,
    relative_eci: float | None = None,
    frontier: Sequence[Any] = (),
) -> StrategicApproach:
    """The strategic approach of one location from its year's ECI (or ``relative_eci``) and COI.

    Rule and source: module docstring (Atlas of Economic Complexity, "Recommended strategic approach"; COI and
    the complexity axis cut at 0). Raises ``ValueError`` if the location's ECI or COI is undefined."""
    i = result.row(location)
    e = float(result.eci[i])
    c = float(result.coi[i])
    axis = e if relative_eci is None else float(relative_eci)
    axis_name = "ECI" if relative_eci is None else "ECI relative to income"
    if not (math.isfinite(axis) and math.isfinite(c)):
        raise ValueError(f"location {location!r}: ECI or COI is undefined (ECI {e}, COI {c})")
    key = str(
        strategic_approaches(np.array([axis]), np.array([c]), frontier=np.array([location in frontier]))[0]
    )
    label, description, suggested = APPROACHES[key]
    if key == "technological_frontier":
        rule = f"{location!r} is on the given frontier list"
    else:
        rule = f"COI {c:+.3f} {'≥' if c >= 0 else '<'} 0"
        if c >= 0:
            rule += f" and {axis_name} {axis:+.3f} {'≥' if axis >= 0 else '<'} 0"
    return StrategicApproach(
        location=location,
        approach=key,
        label=label,
        description=description,
        suggested_strategy=suggested,
        eci=e,
        coi=c,
        complexity_axis=axis,
        complexity_axis_name=axis_name,
        rule=rule,
    )


# ----------------------------------------------------------------------------------------------------------
# growth opportunities
# ----------------------------------------------------------------------------------------------------------


def _standardise(v: FloatArray, how: Normalise) -> FloatArray:
    if v.size == 0:
        return v.copy()
    if how == "zscore":
        sd = float(v.std())
        return (v - v.mean()) / sd if sd > 0 else np.zeros_like(v)
    lo, hi = float(v.min()), float(v.max())
    return (v - lo) / (hi - lo) if hi > lo else np.zeros_like(v)


def _weights(strategy: str | Weights) -> tuple[str, Weights]:
    if isinstance(strategy, Weights):
        return "custom", strategy
    if strategy not in STRATEGIES:
        raise ValueError(f"strategy must be one of {sorted(STRATEGIES)} or a Weights, not {strategy!r}")
    return strategy, STRATEGIES[strategy]


def opportunity_score(
    distance: npt.ArrayLike,
    pci: npt.ArrayLike,
    cog: npt.ArrayLike,
    weights: Weights,
    *,
    normalise: Normalise = "zscore",
) -> FloatArray:
    """``score = w_d · z(−distance) + w_p · z(PCI) + w_c · z(COG)``, ``z`` over the given candidates.

    Atlas of Economic Complexity, country pages, "Growth opportunities" (strategy weights on distance, PCI and
    COG); see the module docstring. All inputs must be finite (select the candidates first)."""
    d = np.asarray(distance, dtype=np.float64)
    p = np.asarray(pci, dtype=np.float64)
    g = np.asarray(cog, dtype=np.float64)
    if not (d.shape == p.shape == g.shape) or d.ndim != 1:
        raise ValueError("distance, pci and cog must be 1-D arrays of the same length")
    if not (np.isfinite(d).all() and np.isfinite(p).all() and np.isfinite(g).all()):
        raise ValueError("distance, pci and cog must be finite for every candidate")
    if normalise not in ("zscore", "minmax"):
        raise ValueError(f"normalise must be 'zscore' or 'minmax', not {normalise!r}")
    return (
        weights.distance * _standardise(-d, normalise)
        + weights.pci * _standardise(p, normalise)
        + weights.cog * _standardise(g, normalise)
    )


@dataclass(frozen=True)
class Opportunities:
    """Candidate products for one location, best first, with the figures behind each score."""

    location: Any
    year: Hashable | None
    strategy: str
    weights: Weights
    normalise: Normalise
    products: npt.NDArray[Any]
    score: FloatArray
    distance: FloatArray
    density: FloatArray
    pci: FloatArray
    cog: FloatArray
    rca: FloatArray
    world_exports: FloatArray
    excluded_undefined: int

    def table(self) -> pd.DataFrame:
        """One row per candidate: rank, product, score, distance, density, PCI, COG, RCA, world exports."""
        return pd.DataFrame(
            {
                "rank": np.arange(1, self.products.size + 1),
                "product": self.products,
                "score": self.score,
                "distance": self.distance,
                "density": self.density,
                "pci": self.pci,
                "cog": self.cog,
                "rca": self.rca,
                "world_exports": self.world_exports,
            }
        )


def growth_opportunities(
    result: ComplexityResult,
    location: Any,
    *,
    strategy: str | Weights = "balanced",
    max_rca: float = 1.0,
    normalise: Normalise = "zscore",
    exclude: Sequence[Any] = (),
    top: int | None = None,
) -> Opportunities:
    """Rank the products ``location`` could move into, by an Atlas strategy.

    Candidates: products with ``RCA < max_rca`` (default 1: not yet exported with comparative advantage) whose
    distance, PCI and COG are defined, minus ``exclude``; scored by :func:`opportunity_score` with the weights
    of ``strategy`` (``"low_hanging_fruit"``, ``"balanced"``, ``"long_jump"`` or a :class:`Weights`).
    Ties keep product order. Raises ``KeyError`` if the location is not in the result."""
    name, w = _weights(strategy)
    i = result.row(location)
    rca_row = np.asarray(result.rca[i], dtype=np.float64)
    dist = np.asarray(result.distance[i], dtype=np.float64)
    pci_all = np.asarray(result.pci, dtype=np.float64)
    cog_row = np.asarray(result.cog[i], dtype=np.float64)
    rca_filled = np.nan_to_num(rca_row, nan=0.0)
    cand = rca_filled < max_rca
    if len(exclude):
        cand &= ~np.isin(result.products, np.asarray(list(exclude)))
    defined = np.isfinite(dist) & np.isfinite(pci_all) & np.isfinite(cog_row)
    undefined = int((cand & ~defined).sum())
    cand &= defined
    idx = np.flatnonzero(cand)
    score = opportunity_score(dist[idx], pci_all[idx], cog_row[idx], w, normalise=normalise)
    rank = np.argsort(-score, kind="stable")
    order = idx[rank]
    score_sorted = score[rank]
    if top is not None:
        order = order[: int(top)]
        score_sorted = score_sorted[: int(top)]
    return Opportunities(
        location=location,
        year=result.year,
        strategy=name,
        weights=w,
        normalise=normalise,
        products=result.products[order],
        score=score_sorted,
        distance=dist[order],
        density=np.asarray(result.density[i], dtype=np.float64)[order],
        pci=pci_all[order],
        cog=cog_row[order],
        rca=rca_row[order],
        world_exports=np.asarray(result.exports.sum(axis=0), dtype=np.float64)[order],
        excluded_undefined=undefined,
    )


# ----------------------------------------------------------------------------------------------------------
# target markets
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetMarkets:
    """Importers of one product, best target first.

    ``imports_start`` / ``imports_end``: imports in the first / last year of the window (averaged over
    ``average_years`` years ending there); ``growth``: compound annual growth between them (NaN where the
    start is zero: ``new_market``); ``share``: share of all importers' imports of the product in the last
    year."""

    product: Any
    start: Any
    end: Any
    importers: npt.NDArray[Any]
    score: FloatArray
    imports_end: FloatArray
    imports_start: FloatArray
    growth: FloatArray
    share: FloatArray
    new_market: npt.NDArray[np.bool_]
    weights: tuple[float, float]

    def table(self) -> pd.DataFrame:
        """One row per importer: rank, importer, score, imports, growth, share, new market."""
        return pd.DataFrame(
            {
                "rank": np.arange(1, self.importers.size + 1),
                "importer": self.importers,
                "score": self.score,
                "imports_end": self.imports_end,
                "imports_start": self.imports_start,
                "growth": self.growth,
                "share": self.share,
                "new_market": self.new_market,
            }
        )


def target_markets(
    imports: pd.DataFrame,
    product: Any,
    cols: Mapping[str, str] | None = None,
    *,
    start: Any | None = None,
    end: Any | None = None,
    average_years: int = 1,
    weights: tuple[float, float] = (0.5, 0.5),
    exclude: Sequence[Any] = (),
    min_imports: float = 0.0,
    top: int | None = None,
) -> TargetMarkets:
    """Rank the importers of ``product`` by size and growth of their imports.

    ``imports``: a long importer × product × year table; ``cols`` maps ``time``, ``importer``, ``prod`` and
    ``val`` to its columns (default: those names). Window: ``start`` to ``end`` (default: the first and last
    years in the table); with ``average_years = k`` each end is the mean of the ``k`` years ending there.

    ``score = w_size · z(log(1 + imports_end)) + w_growth · z(growth)``, ``growth = (imports_end /
    imports_start)^(1/(end − start)) − 1`` (compound annual growth; needs numeric years), ``z`` standardising
    over the importers kept (those with ``imports_end > min_imports``, not in ``exclude`` — e.g. the exporter
    itself). Undefined growth (no imports at the start) counts as 0 after standardising and is flagged
    ``new_market``. Raises ``ValueError`` naming rows for negative values or duplicate rows, and if the
    product has no importer."""
    c = {"time": "time", "importer": "importer", "prod": "prod", "val": "val", **dict(cols or {})}
    missing = [k for k in ("time", "importer", "prod", "val") if c[k] not in imports.columns]
    if missing:
        raise ValueError(f"imports lacks the columns for {missing} (cols maps them: {c})")
    if len(weights) != 2 or not all(math.isfinite(x) and x >= 0 for x in weights) or sum(weights) == 0:
        raise ValueError(f"weights must be two non-negative numbers (size, growth), not {weights}")
    if average_years < 1:
        raise ValueError(f"average_years must be at least 1, not {average_years}")
    df = imports.loc[imports[c["prod"]] == product, [c["time"], c["importer"], c["val"]]]
    if df.empty:
        raise ValueError(f"no imports of product {product!r} in the table")
    val = pd.to_numeric(df[c["val"]], errors="coerce")
    bad = val.isna() | (val < 0)
    if bad.any():
        rows = list(df.index[bad.to_numpy()][:5])
        raise ValueError(f"imports of {product!r} must be non-negative numbers; rows {rows}")
    dup = df.duplicated([c["time"], c["importer"]])
    if dup.any():
        rows = list(df.index[dup.to_numpy()][:5])
        raise ValueError(
            f"duplicate (time, importer) rows for product {product!r}: rows {rows}; aggregate first"
        )
    wide = (
        pd.DataFrame({"t": df[c["time"]].to_numpy(), "i": df[c["importer"]].to_numpy(), "v": val.to_numpy()})
        .pivot(index="i", columns="t", values="v")
        .sort_index(axis=1)
        .fillna(0.0)
    )
    years = list(wide.columns)
    t_end = years[-1] if end is None else end
    t_start = years[0] if start is None else start
    for label, t in (("start", t_start), ("end", t_end)):
        if t not in years:
            raise ValueError(f"{label} year {t!r} has no imports of {product!r} (years: {years})")
    j_end, j_start = years.index(t_end), years.index(t_start)
    if j_start > j_end:
        raise ValueError(f"start {t_start!r} is after end {t_end!r}")
    mat = wide.to_numpy(dtype=np.float64)
    k = int(average_years)
    v_end = mat[:, max(0, j_end - k + 1) : j_end + 1].mean(axis=1)
    v_start = mat[:, max(0, j_start - k + 1) : j_start + 1].mean(axis=1)
    importers = np.asarray(wide.index)
    keep = v_end > min_imports
    if len(exclude):
        keep &= ~np.isin(importers, np.asarray(list(exclude)))
    if not keep.any():
        raise ValueError(f"no importer of {product!r} passes the filters")
    total_end = float(v_end.sum())
    importers, v_end, v_start = importers[keep], v_end[keep], v_start[keep]
    try:
        span = float(t_end) - float(t_start) if j_end > j_start else 0.0
    except (TypeError, ValueError) as exc:
        raise ValueError(f"years must be numeric to compute growth, not {t_start!r} and {t_end!r}") from exc
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where((v_start > 0) & (span > 0), (v_end / v_start) ** (1.0 / span) - 1.0, np.nan)
    new_market = (v_start <= 0) & (span > 0)
    size_z = _standardise(np.log1p(v_end), "zscore")
    g_ok = np.isfinite(growth)
    growth_z = np.zeros_like(growth)
    if g_ok.any():
        growth_z[g_ok] = _standardise(growth[g_ok], "zscore")
    score = weights[0] * size_z + weights[1] * growth_z
    order = np.argsort(-score, kind="stable")
    if top is not None:
        order = order[: int(top)]
    return TargetMarkets(
        product=product,
        start=t_start,
        end=t_end,
        importers=importers[order],
        score=score[order],
        imports_end=v_end[order],
        imports_start=v_start[order],
        growth=growth[order],
        share=v_end[order] / total_end if total_end > 0 else np.full(order.size, np.nan),
        new_market=new_market[order],
        weights=(float(weights[0]), float(weights[1])),
    )
