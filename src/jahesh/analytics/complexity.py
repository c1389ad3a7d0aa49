"""Economic complexity: RCA, presence, diversity, ubiquity, ECI, PCI, proximity, density, COI and COG.

Pure numpy / scipy (pandas only at the data-frame edges); no Django, no I/O, no global state.

Definitions (Hidalgo & Hausmann 2009, "The building blocks of economic complexity", PNAS 106(26):10570;
Hidalgo, Klinger, Barabási & Hausmann 2007, "The product space conditions the development of nations",
Science 317:482; Hausmann, Hidalgo et al. 2014, *The Atlas of Economic Complexity*, MIT Press), as implemented
by the Harvard Growth Lab in its reference packages: the Python ``ecomplexity`` package (py-ecomplexity
0.5.3, MIT) and the Stata ``ecomplexity`` package (github.com/cid-harvard/ecomplexity). For export values
``X[c, p]`` of locations ``c`` and products ``p`` in one year:

* ``RCA[c,p] = (X[c,p] / Σ_p X[c,p]) / (Σ_c X[c,p] / Σ_{c,p} X)`` (Balassa 1965);
  ``RPOP[c,p] = (X[c,p] / pop_c) / (Σ_c X[c,p] / Σ_c pop_c)``.
* ``M[c,p] = 1`` if RCA ≥ threshold (Python reference; the Stata reference uses ``>``), else 0.
* diversity ``k_c = Σ_p M[c,p]``, ubiquity ``k_p = Σ_c M[c,p]``.
* ECI / PCI: ``kp`` is the eigenvector of ``M̃ᵖ = U⁻¹ Mᵀ D⁻¹ M`` (``D = diag(k_c)``, ``U = diag(k_p)``) for its
  second-largest eigenvalue, ``kc = D⁻¹ M kp``; the sign makes ``kc`` correlate positively with diversity;
  ``ECI = (kc − mean(kc)) / sd(kc)`` and ``PCI = (kp − mean(kc)) / sd(kc)`` (both with ECI's mean and SD, so
  that a location's ECI stays the mean PCI of its products).
* proximity ``φ[p,p'] = Σ_c M[c,p] M[c,p'] / max(k_p, k_p')``.
* density ``ω[c,p] = Σ_p' M[c,p'] φ[p,p'] / Σ_p' φ[p,p']``; distance ``= 1 − ω``.
* ``COI[c] = Σ_p ω[c,p] (1 − M[c,p]) kp[p]`` (then standardised);
  ``COG[c,p] = (1 − M[c,p]) Σ_p' (1 − M[c,p']) φ[p',p] kp[p'] / Σ_p'' φ[p',p''] / sd(kc)``.
  Both references use these COI/COG formulas with the *unstandardised* ``kp``; the Atlas book's COG also
  subtracts ``(1 − ω[c,p]) PCI[p]``, which neither reference implementation does, and neither do we.

Two conventions (``convention=``):

* ``"python"`` (default), as py-ecomplexity: ``M = RCA ≥ t``; a product's proximity to itself (``φ[p,p] = 1``)
  is kept in density, COI and COG; SDs are population SDs over locations.
* ``"stata"``, as the Stata package: ``M = RCA > t``; the diagonal of ``φ`` is left out (``φ − I``); SDs are
  sample SDs over all location × product rows of the year (each location counted once per product).

Where we do better than the references: the eigenproblem is solved on the symmetric form
``D^{-1/2} M U^{-1} Mᵀ D^{-1/2}`` (or its product-side twin) of the *smaller* side, asking only for the top
two eigenvectors, instead of a full non-symmetric ``eig`` of the product matrix; a location with zero
diversity or a product with zero ubiquity gets NaN where its value is undefined (with a warning naming it)
instead of turning the whole year NaN; ill-posed input raises ``ValueError`` naming the offending row; and a
cleaning step (minimum total exports, optional minimum population, like the Atlas rankings) runs before
ranking.

The drop-in :func:`ecomplexity` and :func:`proximity` (on a data frame) take the reference package's
arguments and return its columns, so its users switch by changing one import.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast, overload

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.linalg  # type: ignore[import-untyped]  # no scipy-stubs in the environment
import scipy.sparse.linalg  # type: ignore[import-untyped]

__all__ = [
    "ComplexityPanel",
    "ComplexityResult",
    "ComplexityWarning",
    "EciPci",
    "clean_locations",
    "cog",
    "coi",
    "complexity",
    "complexity_panel",
    "continuous_proximity",
    "density",
    "distance",
    "diversity",
    "eci",
    "eci_pci",
    "ecomplexity",
    "log_supermodularity",
    "pci",
    "presence",
    "proximity",
    "rca",
    "rpop",
    "ubiquity",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]
Convention = Literal["python", "stata"]
PresenceTest = Literal["rca", "rpop", "both", "manual"]

_CONVENTIONS = ("python", "stata")
_PRESENCE_TESTS = ("rca", "rpop", "both", "manual")


class ComplexityWarning(UserWarning):
    """A value is undefined (NaN) or a result is fragile; the message names the rows concerned."""


# ----------------------------------------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------------------------------------


def _plain(x: Any) -> Any:
    return x.item() if isinstance(x, np.generic) else x


def _names(labels: Sequence[Any] | npt.NDArray[Any], limit: int = 10) -> str:
    items = [repr(_plain(x)) for x in list(labels)[:limit]]
    more = len(labels) - limit
    text = ", ".join(items)
    return f"{text}, … ({len(labels)} in all)" if more > 0 else text


def _check_convention(convention: str) -> None:
    if convention not in _CONVENTIONS:
        raise ValueError(f"convention must be one of {_CONVENTIONS}, not {convention!r}")


def _as_matrix(values: npt.ArrayLike, name: str) -> FloatArray:
    a = np.asarray(values, dtype=np.float64)
    if a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D location × product array, not {a.ndim}-D")
    return a


def _year_prefix(year: Hashable | None) -> str:
    return "" if year is None else f"year {year}: "


def _readonly(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    a.setflags(write=False)
    return a


def _labels(labels: Sequence[Any] | npt.NDArray[Any] | None, n: int, what: str) -> npt.NDArray[Any]:
    if labels is None:
        return np.arange(n)
    arr = np.asarray(labels)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(f"{len(arr)} {what} labels given for {n} {what}s")
    uniq, counts = np.unique(arr, return_counts=True)
    if (counts > 1).any():
        raise ValueError(f"duplicate {what} labels: {_names(uniq[counts > 1])}")
    return arr


# ----------------------------------------------------------------------------------------------------------
# measures, one function each
# ----------------------------------------------------------------------------------------------------------


def rca(x: npt.ArrayLike) -> FloatArray:
    """Balassa's revealed comparative advantage.

    ``RCA[c,p] = (X[c,p] / Σ_p X[c,p]) / (Σ_c X[c,p] / Σ_{c,p} X)`` (Balassa 1965, "Trade liberalisation and
    revealed comparative advantage", *The Manchester School* 33(2):99; Hausmann, Hidalgo et al. 2014, *Atlas*,
    "measuring complexity"). NaN where a location or a product has zero total exports (0/0: undefined).
    """
    xx = _as_matrix(x, "exports")
    loc_total = xx.sum(axis=1)
    prod_total = xx.sum(axis=0)
    world = prod_total.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = (xx / loc_total[:, None]) / (prod_total / world)[None, :]
    out[~np.isfinite(out)] = np.nan
    return out


def rpop(x: npt.ArrayLike, population: npt.ArrayLike) -> FloatArray:
    """Revealed per-capita advantage.

    ``RPOP[c,p] = (X[c,p] / pop_c) / (Σ_c X[c,p] / Σ_c pop_c)`` (the Growth Lab's ``ecomplexity``,
    ``calculate_rpop``; used for subnational regions, where exports alone say little about presence). NaN
    where a product has zero world exports. Populations must be positive and finite.
    """
    xx = _as_matrix(x, "exports")
    pop = np.asarray(population, dtype=np.float64)
    if pop.shape != (xx.shape[0],):
        raise ValueError(f"population has shape {pop.shape}, expected ({xx.shape[0]},): one per location")
    bad = ~np.isfinite(pop) | (pop <= 0)
    if bad.any():
        raise ValueError(
            f"population must be positive and finite; location rows {_names(np.flatnonzero(bad))}"
        )
    prod_total = xx.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = (xx / pop[:, None]) / (prod_total / pop.sum())[None, :]
    out[~np.isfinite(out)] = np.nan
    return out


def presence(
    values: npt.ArrayLike, threshold: float = 1.0, *, convention: Convention = "python"
) -> FloatArray:
    """Binary presence ``M[c,p]`` from RCA or RPOP.

    ``M = 1`` if ``value ≥ threshold`` (Python reference, ``convert_to_binary``) or ``value > threshold``
    (Stata reference, ``M = (RCA :> rca)``); NaN counts as absent.
    """
    _check_convention(convention)
    v = np.nan_to_num(_as_matrix(values, "values"), nan=0.0)
    hit = v >= threshold if convention == "python" else v > threshold
    return hit.astype(np.float64)


def diversity(m: npt.ArrayLike) -> FloatArray:
    """Diversity ``k_{c,0} = Σ_p M[c,p]`` (Hidalgo & Hausmann 2009, eq. 1)."""
    return np.asarray(np.nansum(_as_matrix(m, "presence"), axis=1), dtype=np.float64)


def ubiquity(m: npt.ArrayLike) -> FloatArray:
    """Ubiquity ``k_{p,0} = Σ_c M[c,p]`` (Hidalgo & Hausmann 2009, eq. 2)."""
    return np.asarray(np.nansum(_as_matrix(m, "presence"), axis=0), dtype=np.float64)


@dataclass(frozen=True)
class EciPci:
    """ECI per location and PCI per product (NaN where undefined), with what produced them.

    ``kc`` and ``kp`` are the sign-fixed eigenvectors before standardisation (``kc = D⁻¹ M kp``); the
    references compute COI and COG from ``kp``. ``mean`` and ``sd`` are ECI's, used for both standardisations.
    ``eigenvalue`` is the second-largest eigenvalue of ``M̃`` (close to 1 means a barely connected network).
    """

    eci: FloatArray
    pci: FloatArray
    kc: FloatArray
    kp: FloatArray
    eigenvalue: float
    mean: float
    sd: float


def _sample_sd_over_cells(v: FloatArray, n_products: int) -> float:
    # Stata's ``sum`` over the long data: each location's value repeated once per product, divisor N − 1.
    n = v.size * n_products
    if n < 2:
        return math.nan
    mu = float(v.mean())
    return math.sqrt(n_products * float(((v - mu) ** 2).sum()) / (n - 1))


def _sd(v: FloatArray, convention: Convention, n_products: int) -> float:
    if convention == "python":
        return float(v.std()) if v.size else math.nan
    return _sample_sd_over_cells(v, n_products)


def _corr(a: FloatArray, b: FloatArray) -> float:
    if a.size < 2:
        return math.nan
    a0 = a - a.mean()
    b0 = b - b.mean()
    den = math.sqrt(float(a0 @ a0) * float(b0 @ b0))
    return float(a0 @ b0) / den if den > 0 else math.nan


def eci_pci(m: npt.ArrayLike, *, convention: Convention = "python", year: Hashable | None = None) -> EciPci:
    """Economic and product complexity indices from a presence matrix ``M`` (locations × products).

    ``kp`` is the eigenvector of ``M̃ᵖ = U⁻¹ Mᵀ D⁻¹ M`` for the second-largest eigenvalue and ``kc = D⁻¹ M kp``
    (Hidalgo & Hausmann 2009; eigenvector form: Hausmann, Hidalgo et al. 2014, *Atlas*; code path of
    py-ecomplexity's ``calc_eci_pci`` and Stata's ``ecipci.ado``). We solve the symmetric similar matrix
    of the smaller side, ``S = D^{-1/2} M U^{-1} Mᵀ D^{-1/2}`` (or ``U^{-1/2} Mᵀ D^{-1} M U^{-1/2}``),
    asking only for its top two eigenpairs (:func:`_second_eigenpair`); ``kc`` or ``kp`` follow by one
    product with ``M``.

    Sign: ``kc`` correlates positively with diversity (references); if that correlation is undefined (all
    diversities equal), ``kp`` is made to correlate negatively with ubiquity. Standardisation:
    ``ECI = (kc − μ) / σ``, ``PCI = (kp − μ) / σ`` with ECI's mean ``μ`` and SD ``σ`` (population SD over
    locations for ``"python"``, sample SD over location × product rows for ``"stata"``).

    Locations with zero diversity and products with zero ubiquity are left out of the eigenproblem and get
    NaN (with a :class:`ComplexityWarning` naming their row numbers); the others are computed as if they were
    absent. Fewer than two locations or products with presence: everything NaN, with a warning.
    """
    _check_convention(convention)
    mm = np.nan_to_num(_as_matrix(m, "presence"), nan=0.0)
    if (mm < 0).any():
        r, c = np.argwhere(mm < 0)[0]
        raise ValueError(f"presence must be non-negative; row {r}, column {c} is {mm[r, c]}")
    return _eci_pci(mm, convention, year, np.arange(mm.shape[0]), np.arange(mm.shape[1]))


def _eci_pci(
    mm: FloatArray,
    convention: Convention,
    year: Hashable | None,
    loc_labels: npt.NDArray[Any],
    prod_labels: npt.NDArray[Any],
) -> EciPci:
    n_loc, n_prod = mm.shape
    kc0 = mm.sum(axis=1)
    kp0 = mm.sum(axis=0)
    rows = kc0 > 0
    cols = kp0 > 0
    eci_full = np.full(n_loc, np.nan)
    pci_full = np.full(n_prod, np.nan)
    kc_full = np.full(n_loc, np.nan)
    kp_full = np.full(n_prod, np.nan)
    pre = _year_prefix(year)
    if not rows.all():
        warnings.warn(
            f"{pre}ECI is undefined (NaN) for {int((~rows).sum())} location(s) with zero diversity: "
            f"{_names(loc_labels[~rows])}; the other locations are computed without them",
            ComplexityWarning,
            stacklevel=3,
        )
    if not cols.all():
        warnings.warn(
            f"{pre}PCI is undefined (NaN) for {int((~cols).sum())} product(s) with zero ubiquity "
            f"(no location has presence): {_names(prod_labels[~cols])}; the other products are computed "
            "without them",
            ComplexityWarning,
            stacklevel=3,
        )
    nr, nq = int(rows.sum()), int(cols.sum())
    undefined = EciPci(eci_full, pci_full, kc_full, kp_full, math.nan, math.nan, math.nan)
    if nr < 2 or nq < 2:
        warnings.warn(
            f"{pre}ECI and PCI are undefined (NaN): {nr} location(s) and {nq} product(s) have presence; "
            "at least two of each are needed",
            ComplexityWarning,
            stacklevel=3,
        )
        return undefined
    mv = mm if nr == n_loc and nq == n_prod else mm[np.ix_(rows, cols)]
    dc = kc0[rows]
    dp = kp0[cols]
    rdc = 1.0 / np.sqrt(dc)
    rdp = 1.0 / np.sqrt(dp)
    b = mv * rdc[:, None]
    b *= rdp[None, :]
    loc_side = nr <= nq
    # an explicit copy of the transpose makes numpy call gemm, not syrk (OpenBLAS's dsyrk is slow and erratic)
    s = b @ np.ascontiguousarray(b.T) if loc_side else np.ascontiguousarray(b.T) @ b
    lam, vec = _second_eigenpair(s)
    # loc side: kc0 = D^{-1/2} v, kp = U⁻¹ Mᵀ kc0; product side: kp = U^{-1/2} v
    kp = (mv.T @ (vec * rdc)) / dp if loc_side else vec * rdp
    kc = (mv @ kp) / dc
    if 1.0 - lam < 1e-9:
        warnings.warn(
            f"{pre}the location–product network is disconnected (second eigenvalue {lam:.12g} ≈ 1): ECI and "
            "PCI separate the components rather than rank complexity",
            ComplexityWarning,
            stacklevel=3,
        )
    r = _corr(dc, kc)
    if convention == "python":
        sign = float(np.sign(r)) if math.isfinite(r) else 0.0
    else:
        sign = (1.0 if r > 0 else -1.0) if math.isfinite(r) else 0.0
    if sign == 0.0:
        r2 = _corr(dp, kp)
        sign = -float(np.sign(r2)) if math.isfinite(r2) and r2 != 0 else 1.0
    kp = sign * kp
    kc = sign * kc
    mu = float(kc.mean())
    sd = _sd(kc, convention, n_prod)
    kc_full[rows] = kc
    kp_full[cols] = kp
    if not (math.isfinite(sd) and sd > 0):
        warnings.warn(
            f"{pre}ECI and PCI are undefined (NaN): all locations have the same ECI (SD {sd})",
            ComplexityWarning,
            stacklevel=3,
        )
        return EciPci(eci_full, pci_full, kc_full, kp_full, lam, mu, sd)
    eci_full[rows] = (kc - mu) / sd
    pci_full[cols] = (kp - mu) / sd
    return EciPci(eci_full, pci_full, kc_full, kp_full, lam, mu, sd)


def _second_eigenpair(s: FloatArray) -> tuple[float, FloatArray]:
    """Second-largest eigenvalue and its eigenvector of the symmetric ``s``, asking for the top two only.

    Lanczos (ARPACK ``eigsh``, tolerance at machine precision, deterministic start) above 64 rows; LAPACK's
    ``eigh`` with ``subset_by_index`` below that or if Lanczos does not converge. (LAPACK's tridiagonal
    reduction makes hundreds of small threaded BLAS calls, which stall for ~10 ms right after a large gemm on
    a 2-core machine; Lanczos needs a few dozen matrix–vector products.)
    """
    n = s.shape[0]
    if n > 64:
        v0 = 1.0 + 0.5 * np.sin(np.arange(n, dtype=np.float64))
        try:
            w, v = scipy.sparse.linalg.eigsh(s, k=2, which="LA", v0=v0, tol=0)
        except scipy.sparse.linalg.ArpackNoConvergence:
            pass
        else:
            i = int(np.argmin(w))
            return float(w[i]), np.asarray(v[:, i], dtype=np.float64)
    w, v = scipy.linalg.eigh(s, subset_by_index=[n - 2, n - 1], check_finite=False)
    return float(w[0]), np.asarray(v[:, 0], dtype=np.float64)


def eci(m: npt.ArrayLike, *, convention: Convention = "python") -> FloatArray:
    """Economic complexity index ``ECI = (kc − mean(kc)) / sd(kc)``, ``kc = D⁻¹ M kp``.

    ``kp``: eigenvector of ``U⁻¹ Mᵀ D⁻¹ M`` for its second-largest eigenvalue (Hidalgo & Hausmann 2009, PNAS
    106:10570; Hausmann, Hidalgo et al. 2014, *Atlas*). Details and conventions: :func:`eci_pci`."""
    return eci_pci(m, convention=convention).eci


def pci(m: npt.ArrayLike, *, convention: Convention = "python") -> FloatArray:
    """Product complexity index ``PCI = (kp − mean(kc)) / sd(kc)`` (standardised with ECI's mean and SD).

    ``kp``: eigenvector of ``U⁻¹ Mᵀ D⁻¹ M`` for its second-largest eigenvalue (Hidalgo & Hausmann 2009, PNAS
    106:10570; Hausmann, Hidalgo et al. 2014, *Atlas*). Details and conventions: :func:`eci_pci`."""
    return eci_pci(m, convention=convention).pci


def _cooccurrence(mm: FloatArray, binary: bool | None = None) -> npt.NDArray[np.float32] | FloatArray:
    # C = Mᵀ M. For a 0/1 matrix the counts are exact in float32 (below 2**24 locations) and sgemm is about
    # twice as fast as dgemm; the transpose is copied so BLAS runs a plain gemm (OpenBLAS's dsyrk is slow).
    if binary is None:
        binary = bool(np.all((mm == 0) | (mm == 1)))
    if binary and mm.shape[0] < 2**24:
        m32 = mm.astype(np.float32)
        return np.ascontiguousarray(m32.T) @ m32
    return np.ascontiguousarray(mm.T) @ mm


def _proximity_matrix(
    mm: FloatArray, asymmetric: bool, convention: Convention, binary: bool | None = None
) -> FloatArray:
    u = mm.sum(axis=0)
    c = _cooccurrence(mm, binary)
    n = c.shape[0]
    phi = np.empty((n, n), dtype=np.float64)
    step = max(1, 2_000_000 // max(n, 1))
    safe_u = np.where(u > 0, u, np.inf)  # a product with zero ubiquity is near nothing: φ = 0
    for i in range(0, n, step):  # in row blocks: no n × n temporary besides φ itself
        if asymmetric:
            # φ[p,p'] = C[p,p'] / k_p  (py-ecomplexity's orientation, its ``phi.T``)
            np.divide(c[i : i + step], safe_u[i : i + step, None], out=phi[i : i + step])
        else:
            # φ[p,p'] = C[p,p'] / max(k_p, k_p')
            np.divide(
                c[i : i + step],
                np.maximum(safe_u[i : i + step, None], safe_u[None, :]),
                out=phi[i : i + step],
            )
    if convention == "stata":
        np.fill_diagonal(phi, 0.0)
    return phi


def continuous_proximity(levels: npt.ArrayLike, *, convention: Convention = "python") -> FloatArray:
    """Continuous proximity ``φ[p,p'] = (1 + corr(R[:,p], R[:,p'])) / 2`` over locations, from RCA or RPOP.

    py-ecomplexity ``calc_continuous_proximity``; Stata ``proxcontinous.ado`` (which also removes the
    diagonal). Locations with undefined levels (NaN) are left out; a product whose level is constant across
    locations has no defined correlation: its proximities are 0 (so its density is NaN).
    """
    _check_convention(convention)
    lv = _as_matrix(levels, "levels")
    rows = ~np.isnan(lv).all(axis=1)  # locations with no exports have no levels at all
    cols = np.isfinite(lv[rows]).all(axis=0)  # products nobody exports have undefined levels
    phi: FloatArray = np.zeros((lv.shape[1], lv.shape[1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = np.atleast_2d(np.corrcoef(lv[np.ix_(rows, cols)].T))
    phi[np.ix_(cols, cols)] = (1.0 + corr) / 2.0
    phi[~np.isfinite(phi)] = 0.0
    if convention == "stata":
        np.fill_diagonal(phi, 0.0)
    return phi


@overload
def proximity(
    data: pd.DataFrame,
    cols_input: Mapping[str, str],
    presence_test: PresenceTest = ...,
    val_errors_flag: str = ...,
    rca_mcp_threshold: float = ...,
    rpop_mcp_threshold: float = ...,
    pop: pd.DataFrame | None = ...,
    continuous: bool = ...,
    asymmetric: bool = ...,
    *,
    convention: Convention = ...,
    verbose: bool = ...,
) -> pd.DataFrame: ...


@overload
def proximity(
    data: npt.NDArray[Any] | Sequence[Sequence[float]],
    *,
    asymmetric: bool = ...,
    convention: Convention = ...,
) -> FloatArray: ...


def proximity(
    data: pd.DataFrame | npt.NDArray[Any] | Sequence[Sequence[float]],
    cols_input: Mapping[str, str] | None = None,
    presence_test: PresenceTest = "rca",
    val_errors_flag: str = "coerce",
    rca_mcp_threshold: float = 1,
    rpop_mcp_threshold: float = 1,
    pop: pd.DataFrame | None = None,
    continuous: bool = False,
    asymmetric: bool = False,
    *,
    convention: Convention = "python",
    verbose: bool = False,
) -> pd.DataFrame | FloatArray:
    """Product proximity ``φ[p,p'] = Σ_c M[c,p] M[c,p'] / max(k_p, k_p')``.

    Hidalgo, Klinger, Barabási & Hausmann 2007 (Science 317:482), the minimum of the two conditional
    probabilities of co-exporting; py-ecomplexity ``calc_discrete_proximity``, Stata ``proxdiscrete.ado``.
    ``asymmetric=True``: ``φ[p,p'] = Σ_c M[c,p] M[c,p'] / k_p`` (py-ecomplexity's orientation). Convention
    ``"stata"`` sets the diagonal to 0 (Stata's ``proximity − I``); ``"python"`` keeps ``φ[p,p] = 1``. A
    product with zero ubiquity has proximity 0 to everything.

    Two forms: ``proximity(M)`` on a presence matrix (locations × products) returns the product × product
    matrix; ``proximity(data, cols_input, …)`` on a data frame is the drop-in for py-ecomplexity's
    ``proximity`` and returns its long table (``time, prod_1, prod_2, proximity``).
    """
    if isinstance(data, pd.DataFrame):
        if cols_input is None:
            raise TypeError("proximity(data_frame, cols_input, …): cols_input is required for a data frame")
        return _proximity_frame(
            data,
            cols_input,
            presence_test,
            val_errors_flag,
            rca_mcp_threshold,
            rpop_mcp_threshold,
            pop,
            continuous,
            asymmetric,
            convention,
            verbose,
        )
    _check_convention(convention)
    mm = np.nan_to_num(_as_matrix(data, "presence"), nan=0.0)
    if (mm < 0).any():
        r, c = np.argwhere(mm < 0)[0]
        raise ValueError(f"presence must be non-negative; row {r}, column {c} is {mm[r, c]}")
    return _proximity_matrix(mm, asymmetric, convention)


def _knn_mask(phi: FloatArray, knn: int) -> BoolArray:
    # For each product p (row of φ), its ``knn`` nearest other products, ties at the k-th value included
    # (Stata ``calculate_density.ado``: ``proximity :>= temp[knn]``).
    n = phi.shape[0]
    k = min(max(int(knn), 1), max(n - 1, 1))
    a = phi.copy()
    np.fill_diagonal(a, -np.inf)
    kth = np.partition(a, n - k, axis=1)[:, n - k]
    mask: BoolArray = a >= kth[:, None]
    np.fill_diagonal(mask, False)
    return mask


def density(levels: npt.ArrayLike, phi: npt.ArrayLike, *, knn: int | None = None) -> FloatArray:
    """Density ``ω[c,p] = Σ_p' L[c,p'] φ[p,p'] / Σ_p' φ[p,p']``, with ``L = M`` (or RCA for continuous).

    Hidalgo et al. 2007 (Science 317:482); py-ecomplexity ``calc_density`` (``L @ (φᵀ / Σ_p' φ[p,p'])``) and
    Stata ``calculate_density.ado`` (identical for a symmetric ``φ``). ``knn``: only the ``knn`` products
    nearest to ``p`` (largest ``φ[p,p']``, ties included) enter the sums (Stata's ``knn()`` option).
    NaN for a product whose proximities are all zero (0/0) and for a location whose levels are NaN.
    """
    lv = _as_matrix(levels, "levels")
    ph = np.asarray(phi, dtype=np.float64)
    if ph.shape != (lv.shape[1], lv.shape[1]):
        raise ValueError(f"phi has shape {ph.shape}, expected {(lv.shape[1], lv.shape[1])}")
    if knn is not None:
        ph = np.where(_knn_mask(ph, knn), ph, 0.0)
    den = ph.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = (lv @ ph.T) / den[None, :]
    return out


def distance(density_: npt.ArrayLike) -> FloatArray:
    """Distance ``d[c,p] = 1 − ω[c,p]``: how far the jump to product p is (Hausmann, Hidalgo et al. 2014)."""
    return 1.0 - np.asarray(density_, dtype=np.float64)


def coi(density_: npt.ArrayLike, m: npt.ArrayLike, kp: npt.ArrayLike) -> FloatArray:
    """Complexity outlook index, unstandardised: ``COI[c] = Σ_p ω[c,p] (1 − M[c,p]) kp[p]``.

    Hausmann, Hidalgo et al. 2014, *Atlas* ("opportunity value", later COI); py-ecomplexity
    ``calc_coi_cog`` and Stata ``coicog.ado``, both with the sign-fixed but unstandardised eigenvector ``kp``
    (:attr:`EciPci.kp`); the pipeline then standardises COI to mean 0 and SD 1. Products with undefined
    ``kp`` or density (NaN) are left out of the sum.
    """
    d = np.asarray(density_, dtype=np.float64)
    mm = _as_matrix(m, "presence")
    k = np.asarray(kp, dtype=np.float64)
    terms = d * (1.0 - mm) * k[None, :]
    return np.asarray(np.nansum(terms, axis=1), dtype=np.float64)


def cog(
    m: npt.ArrayLike, phi: npt.ArrayLike, kp: npt.ArrayLike, *, convention: Convention = "python"
) -> FloatArray:
    """Complexity outlook gain, unscaled.

    ``COG[c,p] = (1 − M[c,p]) Σ_p' (1 − M[c,p']) a[p',p] kp[p'] / Σ_j a[p',j]``.

    Hausmann, Hidalgo et al. 2014, *Atlas* ("opportunity gain"; without the book's ``−(1 − ω) PCI[p]``
    term, as in both reference implementations); ``a = φ`` for ``"python"`` (py-ecomplexity
    ``calc_coi_cog``) and ``a = φᵀ`` for ``"stata"`` (``coicog.ado`` on Stata's orientation; the same for a
    symmetric ``φ``). The pipeline divides by ECI's SD. Products with undefined ``kp`` (NaN) contribute
    nothing.
    """
    _check_convention(convention)
    mm = _as_matrix(m, "presence")
    a = np.asarray(phi, dtype=np.float64)
    if convention == "stata":
        a = a.T
    k = np.nan_to_num(np.asarray(kp, dtype=np.float64), nan=0.0)
    rs = a.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(rs > 0, k / rs, 0.0)
    absent = 1.0 - mm
    out: FloatArray = absent * ((absent * w[None, :]) @ a)
    return out


def log_supermodularity(
    matrix: npt.ArrayLike,
    eci_: npt.ArrayLike,
    pci_: npt.ArrayLike,
    samples_to_use: int | None = None,
    *,
    seed: int | np.random.Generator | None = 0,
) -> float:
    """Share of pairs meeting the log-supermodularity condition of the ranking.

    For locations ``i'`` above ``i`` by ECI and products ``j'`` above ``j`` by PCI, the condition is
    ``M[i',j'] / M[i',j] > M[i,j'] / M[i,j]`` (non-finite ratios count as 0), as in py-ecomplexity's
    ``get_frac_logsupermodular`` (Growth Lab, "Structural ranking of economic complexity"). With more than
    ``samples_to_use`` cells (default 10,000), a random subset of rows and columns is used, drawn from
    ``seed``.
    (py-ecomplexity reshapes ``M[i, j']`` where it should transpose it, so its figure differs from this one
    unless the matrix is square.) Returns NaN where no pair can be compared.
    """
    mat = _as_matrix(matrix, "matrix")
    e = np.asarray(eci_, dtype=np.float64)
    p = np.asarray(pci_, dtype=np.float64)
    rows = np.flatnonzero(np.isfinite(e))
    cols = np.flatnonzero(np.isfinite(p))
    n, k = rows.size, cols.size
    target = 10_000 if samples_to_use is None else int(samples_to_use)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    if n * k > target > 0:
        ns = max(1, math.floor(n * target / (n * k)))
        ks = max(1, math.floor(k * target / (n * k)))
        rows = rng.choice(rows, size=min(ns, n), replace=False)
        cols = rng.choice(cols, size=min(ks, k), replace=False)
    if cols.size > 1000:  # bound the k × k comparison arrays
        cols = rng.choice(cols, size=1000, replace=False)
    if rows.size > 1000:
        rows = rng.choice(rows, size=1000, replace=False)
    rows = rows[np.argsort(-e[rows], kind="stable")]
    cols = cols[np.argsort(-p[cols], kind="stable")]
    a = mat[np.ix_(rows, cols)]
    n, k = a.shape
    if n < 2 or k < 2:
        return math.nan
    jp, j = np.triu_indices(k, 1)  # j' ranked above j
    met = 0
    step = max(1, 250_000 // n)  # product pairs per block: a block's ratios stay in cache
    for b0 in range(0, jp.size, step):
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = a[:, jp[b0 : b0 + step]] / a[:, j[b0 : b0 + step]]  # M[i,j'] / M[i,j]
        ratio[~np.isfinite(ratio)] = 0.0
        for i_hi in range(n - 1):  # i' = i_hi against every i ranked below it
            met += int(np.count_nonzero(ratio[i_hi][None, :] > ratio[i_hi + 1 :]))
    total = int(n * (n - 1) // 2 * jp.size)
    return met / total


# ----------------------------------------------------------------------------------------------------------
# the cleaning step
# ----------------------------------------------------------------------------------------------------------


def clean_locations(
    exports: npt.ArrayLike,
    locations: Sequence[Any] | npt.NDArray[Any] | None = None,
    *,
    population: npt.ArrayLike | None = None,
    min_exports: float | None = None,
    min_population: float | None = None,
    keep: Sequence[Any] = (),
) -> tuple[BoolArray, dict[Any, str]]:
    """Which locations to rank, and why the others are left out.

    The Atlas ranks only countries with enough trade and people to give a reliable export basket (Hausmann,
    Hidalgo et al. 2014, *Atlas*: roughly a population above 1–1.2 million and exports above US$1 billion;
    the Growth Lab's rankings use such cut-offs); the thresholds here are the caller's, in the data's own
    units, and there are none by default.
    A location is dropped when its total exports are below ``min_exports`` or its population is below
    ``min_population`` (or unknown); labels in ``keep`` are never dropped (e.g. the province itself).
    Returns the mask of kept locations and ``{label: reason}`` for the dropped ones.
    """
    xx = _as_matrix(exports, "exports")
    labels = _labels(locations, xx.shape[0], "location")
    kept = np.ones(xx.shape[0], dtype=bool)
    reasons: dict[Any, str] = {}
    if min_exports is not None:
        tot = xx.sum(axis=1)
        low = tot < float(min_exports)
        for i in np.flatnonzero(low):
            reasons[labels[i].item() if isinstance(labels[i], np.generic) else labels[i]] = (
                f"total exports {tot[i]:.6g} below the minimum {float(min_exports):.6g}"
            )
        kept &= ~low
    if min_population is not None:
        if population is None:
            raise ValueError("min_population needs population figures")
        pop = np.asarray(population, dtype=np.float64)
        if pop.shape != (xx.shape[0],):
            raise ValueError(f"population has shape {pop.shape}, expected ({xx.shape[0]},)")
        low = ~(pop >= float(min_population))
        for i in np.flatnonzero(low):
            key = labels[i].item() if isinstance(labels[i], np.generic) else labels[i]
            why = "population unknown" if not np.isfinite(pop[i]) else f"population {pop[i]:.6g}"
            reasons.setdefault(key, f"{why} below the minimum {float(min_population):.6g}")
        kept &= ~low
    if len(keep):
        exempt = np.isin(labels, np.asarray(list(keep)))
        for i in np.flatnonzero(exempt & ~kept):
            reasons.pop(labels[i].item() if isinstance(labels[i], np.generic) else labels[i], None)
        kept |= exempt
    return kept, reasons


# ----------------------------------------------------------------------------------------------------------
# typed results
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplexityResult:
    """Everything for one year, aligned with ``locations`` (rows) and ``products`` (columns).

    Arrays are read-only. NaN marks undefined values only: ECI for a location with zero diversity, PCI /
    density / COG for a product with zero ubiquity (or no proximity to anything), all complexity measures
    when fewer than two locations have presence. ``dropped`` lists the locations left out (by the cleaning
    step, or for having no exports in the year), with the reason; ``dropped_products`` the products left out
    (no exports in the year by the locations kept). ``rca`` holds the presence values themselves for
    ``presence_test="manual"``; ``rpop`` is None unless computed; ``proximity`` is None unless kept.
    """

    year: Hashable | None
    convention: Convention
    presence_test: PresenceTest
    locations: npt.NDArray[Any]
    products: npt.NDArray[Any]
    exports: FloatArray
    rca: FloatArray
    rpop: FloatArray | None
    mcp: FloatArray
    diversity: FloatArray
    ubiquity: FloatArray
    eci: FloatArray
    pci: FloatArray
    density: FloatArray
    coi: FloatArray
    cog: FloatArray
    eigenvalue: float
    eci_mean: float
    eci_sd: float
    proximity: FloatArray | None = None
    dropped: Mapping[Any, str] = field(default_factory=dict)
    dropped_products: Mapping[Any, str] = field(default_factory=dict)

    @property
    def distance(self) -> FloatArray:
        """``1 − density``."""
        return 1.0 - self.density

    def location_table(self) -> pd.DataFrame:
        """One row per location: ``location, total_exports, diversity, eci, coi`` (ranked by ECI)."""
        df = pd.DataFrame(
            {
                "location": self.locations,
                "total_exports": self.exports.sum(axis=1),
                "diversity": self.diversity,
                "eci": self.eci,
                "coi": self.coi,
            }
        )
        return df.sort_values("eci", ascending=False, na_position="last", kind="stable").reset_index(
            drop=True
        )

    def product_table(self) -> pd.DataFrame:
        """One row per product: ``product, world_exports, ubiquity, pci`` (ranked by PCI)."""
        df = pd.DataFrame(
            {
                "product": self.products,
                "world_exports": self.exports.sum(axis=0),
                "ubiquity": self.ubiquity,
                "pci": self.pci,
            }
        )
        return df.sort_values("pci", ascending=False, na_position="last", kind="stable").reset_index(
            drop=True
        )

    def row(self, location: Any) -> int:
        """Row number of a location label (``KeyError`` naming it if absent, e.g. dropped by cleaning)."""
        hits = np.flatnonzero(self.locations == location)
        if hits.size == 0:
            why = self.dropped.get(location)
            raise KeyError(f"location {location!r} is not in the result" + (f" ({why})" if why else ""))
        return int(hits[0])


@dataclass(frozen=True)
class ComplexityPanel:
    """One :class:`ComplexityResult` per year, in year order."""

    results: tuple[ComplexityResult, ...]

    @property
    def years(self) -> tuple[Hashable | None, ...]:
        return tuple(r.year for r in self.results)

    def __getitem__(self, year: Hashable) -> ComplexityResult:
        for r in self.results:
            if r.year == year:
                return r
        raise KeyError(f"no year {year!r} in the panel (years: {_names(list(self.years))})")

    def __iter__(self) -> Iterator[ComplexityResult]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


# ----------------------------------------------------------------------------------------------------------
# the engine for one year
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    presence_test: PresenceTest
    rca_threshold: float
    rpop_threshold: float
    continuous: bool
    asymmetric: bool
    knn: int | None
    convention: Convention
    keep_proximity: bool


def _check_options(opts: _Options) -> None:
    _check_convention(opts.convention)
    if opts.presence_test not in _PRESENCE_TESTS:
        raise ValueError(f"presence_test must be one of {_PRESENCE_TESTS}, not {opts.presence_test!r}")
    for name, v in (("rca_threshold", opts.rca_threshold), ("rpop_threshold", opts.rpop_threshold)):
        if not math.isfinite(float(v)):
            raise ValueError(f"{name} must be finite, not {v}")
    if opts.knn is not None and int(opts.knn) < 1:
        raise ValueError(f"knn must be a positive number of neighbours, not {opts.knn}")


def _check_exports(xx: FloatArray, locs: npt.NDArray[Any], prods: npt.NDArray[Any], what: str) -> None:
    bad = ~np.isfinite(xx)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise ValueError(
            f"{what} must be finite: location {_plain(locs[r])!r}, product {_plain(prods[c])!r} is "
            f"{xx[r, c]} ({int(bad.sum())} such cell(s))"
        )
    neg = xx < 0
    if neg.any():
        r, c = np.argwhere(neg)[0]
        raise ValueError(
            f"{what} must be non-negative: location {_plain(locs[r])!r}, product {_plain(prods[c])!r} is "
            f"{xx[r, c]} "
            f"({int(neg.sum())} negative cell(s))"
        )


def _compute(
    xx: FloatArray,
    locs: npt.NDArray[Any],
    prods: npt.NDArray[Any],
    pop: FloatArray | None,
    opts: _Options,
    year: Hashable | None,
    phi_given: FloatArray | None,
    dropped: Mapping[Any, str],
    dropped_products: Mapping[Any, str] | None = None,
) -> ComplexityResult:
    conv = opts.convention
    pre = _year_prefix(year)
    rpop_arr: FloatArray | None = None
    if opts.presence_test == "manual":
        rca_arr = xx
        mm = xx
    else:
        rca_arr = rca(xx)
        if opts.presence_test in ("rpop", "both"):
            if pop is None:
                raise ValueError(f"{pre}presence_test={opts.presence_test!r} needs population figures")
            rpop_arr = rpop(xx, pop)
        if opts.presence_test == "rca":
            mm = presence(rca_arr, opts.rca_threshold, convention=conv)
        elif opts.presence_test == "rpop":
            assert rpop_arr is not None
            mm = presence(rpop_arr, opts.rpop_threshold, convention=conv)
        else:
            assert rpop_arr is not None
            mm = np.maximum(
                presence(rca_arr, opts.rca_threshold, convention=conv),
                presence(rpop_arr, opts.rpop_threshold, convention=conv),
            )
    if not (mm > 0).any():
        raise ValueError(
            f"{pre}no location has presence in any product ({mm.shape[0]} locations × {mm.shape[1]} "
            "products); check the threshold or the presence values"
        )
    div = mm.sum(axis=1)
    ubi = mm.sum(axis=0)
    ep = _eci_pci(mm, conv, year, locs, prods)
    n_loc, n_prod = mm.shape

    # proximity
    if phi_given is not None:
        phi = phi_given.copy()
        if conv == "stata":
            np.fill_diagonal(phi, 0.0)
    elif opts.continuous:
        lv = rpop_arr if (opts.presence_test == "rpop" and rpop_arr is not None) else rca_arr
        phi = continuous_proximity(lv, convention=conv)
    else:
        phi = _proximity_matrix(mm, opts.asymmetric, conv, binary=opts.presence_test != "manual" or None)

    # density and COG; one gemm for both in the common (symmetric, all neighbours) case
    levels = mm
    if opts.continuous and opts.presence_test != "manual":
        levels = rpop_arr if (opts.presence_test == "rpop" and rpop_arr is not None) else rca_arr
    kp_all = np.nan_to_num(ep.kp, nan=0.0)
    cog_a = phi.T if (conv == "stata") else phi  # a[p',p] of the COG formula
    rs_cog = cog_a.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(rs_cog > 0, kp_all / rs_cog, 0.0)
    absent = 1.0 - mm
    symmetric = not opts.asymmetric and phi_given is None
    if symmetric and opts.knn is None and levels is mm:
        stack = np.empty((2 * n_loc, n_prod))
        stack[:n_loc] = mm
        np.multiply(absent, w[None, :], out=stack[n_loc:])
        prod_ = stack @ phi  # φ symmetric: Mφ gives density numerators, ((1−M)∘w)φ the COG sums
        dens_num = prod_[:n_loc]
        cog_sum = prod_[n_loc:]
        den = rs_cog
    else:
        wd = phi if opts.knn is None else np.where(_knn_mask(phi, opts.knn), phi, 0.0)
        den = wd.sum(axis=1)
        # an undefined level (RCA of a product nobody exports) counts as 0, so it cannot spread NaN
        dens_num = np.nan_to_num(levels, nan=0.0) @ wd.T
        cog_sum = (absent * w[None, :]) @ cog_a
    with np.errstate(divide="ignore", invalid="ignore"):
        dens = dens_num / den[None, :]
    if levels is not mm:
        dens[np.isnan(levels).all(axis=1)] = np.nan  # a location with no exports has no RCA levels
    no_neighbours = ~(den > 0)
    if no_neighbours.any():
        dens[:, no_neighbours] = np.nan
        newly = no_neighbours & (ubi > 0)
        if newly.any():
            warnings.warn(
                f"{pre}density is undefined (NaN) for {int(newly.sum())} product(s) with no proximity to any "
                f"other: {_names(prods[newly])}",
                ComplexityWarning,
                stacklevel=3,
            )
    cog_arr = absent * cog_sum
    if math.isfinite(ep.sd) and ep.sd > 0:
        cog_arr /= ep.sd
    else:
        cog_arr[:] = np.nan
    cog_arr[:, ~np.isfinite(ep.kp)] = np.nan

    # COI: standardised over the locations that have an ECI
    coi_raw = np.nansum(np.where(np.isfinite(ep.kp)[None, :], dens * absent * kp_all[None, :], 0.0), axis=1)
    ranked = np.isfinite(ep.eci)
    coi_arr = np.full(n_loc, np.nan)
    if ranked.sum() >= 2:
        base = coi_raw[ranked]
        mu = float(base.mean())
        sd = _sd(base, conv, n_prod)
        if math.isfinite(sd) and sd > 0:
            coi_arr = (coi_raw - mu) / sd
        else:
            warnings.warn(
                f"{pre}COI is undefined (NaN): every location has the same complexity outlook",
                ComplexityWarning,
                stacklevel=3,
            )
    if not math.isfinite(ep.sd):
        coi_arr[:] = np.nan

    return ComplexityResult(
        year=year,
        convention=conv,
        presence_test=opts.presence_test,
        locations=_readonly(locs),
        products=_readonly(prods),
        exports=_readonly(xx),
        rca=_readonly(rca_arr),
        rpop=None if rpop_arr is None else _readonly(rpop_arr),
        mcp=_readonly(mm),
        diversity=_readonly(div),
        ubiquity=_readonly(ubi),
        eci=_readonly(ep.eci),
        pci=_readonly(ep.pci),
        density=_readonly(dens),
        coi=_readonly(coi_arr),
        cog=_readonly(cog_arr),
        eigenvalue=ep.eigenvalue,
        eci_mean=ep.mean,
        eci_sd=ep.sd,
        proximity=_readonly(phi) if opts.keep_proximity else None,
        dropped=dict(dropped),
        dropped_products=dict(dropped_products or {}),
    )


def complexity(
    exports: npt.ArrayLike,
    locations: Sequence[Any] | npt.NDArray[Any] | None = None,
    products: Sequence[Any] | npt.NDArray[Any] | None = None,
    *,
    year: Hashable | None = None,
    presence_test: PresenceTest = "rca",
    rca_threshold: float = 1.0,
    rpop_threshold: float = 1.0,
    population: npt.ArrayLike | None = None,
    continuous: bool = False,
    asymmetric: bool = False,
    knn: int | None = None,
    proximity_matrix: npt.ArrayLike | None = None,
    convention: Convention = "python",
    min_location_exports: float | None = None,
    min_population: float | None = None,
    keep: Sequence[Any] = (),
    keep_proximity: bool = True,
) -> ComplexityResult:
    """All complexity measures for one year of a location × product export matrix.

    ``exports[c, p] ≥ 0`` (for ``presence_test="manual"`` the presence values themselves, 0/1 or continuous).
    Presence: ``"rca"`` (RCA against ``rca_threshold``), ``"rpop"`` (RPOP against ``rpop_threshold``, needs
    ``population``), ``"both"`` (either), ``"manual"`` (given). ``continuous=True``: proximity from the
    correlation of RCA (or RPOP) levels and density from the levels (py-ecomplexity's ``continuous``).
    ``proximity_matrix``: a given ``φ`` (products × products) instead of one computed from the data.
    Cleaning (:func:`clean_locations`) runs first: ``min_location_exports``, ``min_population``, ``keep``.

    See the module docstring for the formulas, conventions and sources; each measure has its own function
    (:func:`rca`, :func:`presence`, :func:`eci_pci`, :func:`proximity`, :func:`density`, :func:`coi`,
    :func:`cog`). Raises ``ValueError`` naming the row for negative or non-finite values, duplicate labels,
    missing populations, or a year where nothing has presence.
    """
    opts = _Options(
        presence_test,
        float(rca_threshold),
        float(rpop_threshold),
        bool(continuous),
        bool(asymmetric),
        None if knn is None else int(knn),
        convention,
        bool(keep_proximity),
    )
    _check_options(opts)
    xx = _as_matrix(exports, "exports").copy()
    locs = _labels(locations, xx.shape[0], "location")
    prods = _labels(products, xx.shape[1], "product")
    _check_exports(xx, locs, prods, "presence values" if presence_test == "manual" else "exports")
    pop: FloatArray | None = None
    if population is not None:
        pop = np.asarray(population, dtype=np.float64)
        if pop.shape != (xx.shape[0],):
            raise ValueError(f"population has shape {pop.shape}, expected ({xx.shape[0]},): one per location")
    kept, reasons = clean_locations(
        xx, locs, population=pop, min_exports=min_location_exports, min_population=min_population, keep=keep
    )
    if not kept.all():
        xx = xx[kept]
        locs = locs[kept]
        pop = None if pop is None else pop[kept]
    if pop is not None and presence_test in ("rpop", "both"):
        bad = ~np.isfinite(pop) | (pop <= 0)
        if bad.any():
            raise ValueError(f"population must be positive and finite; locations {_names(locs[bad])}")
    phi_given: FloatArray | None = None
    if proximity_matrix is not None:
        phi_given = np.array(proximity_matrix, dtype=np.float64)
        if phi_given.shape != (xx.shape[1], xx.shape[1]):
            raise ValueError(f"proximity_matrix has shape {phi_given.shape}, expected {(xx.shape[1],) * 2}")
        phi_given = _fill_given_proximity(phi_given, year)
    return _compute(xx, locs, prods, pop, opts, year, phi_given, reasons)


def _fill_given_proximity(phi: FloatArray, year: Hashable | None) -> FloatArray:
    # py-ecomplexity: NaN on the diagonal → 1, other NaN → 0, with a warning.
    nan = np.isnan(phi)
    if nan.any():
        off = nan.copy()
        np.fill_diagonal(off, False)
        warnings.warn(
            f"{_year_prefix(year)}the given proximity matrix has {int(nan.sum())} NaN value(s) "
            f"({int(off.sum())} off the diagonal): diagonal NaN taken as 1, others as 0",
            ComplexityWarning,
            stacklevel=3,
        )
        diag = np.diagonal(phi).copy()
        phi[nan] = 0.0
        np.fill_diagonal(phi, np.where(np.isnan(diag), 1.0, diag))
    if (phi < 0).any() or not np.isfinite(phi).all():
        raise ValueError("the given proximity matrix must be finite and non-negative")
    return phi


# ----------------------------------------------------------------------------------------------------------
# long data frames: the panel and the drop-ins
# ----------------------------------------------------------------------------------------------------------


@dataclass
class _Long:
    """Long data factorised: codes into sorted uniques, values, and rows grouped by year."""

    t_codes: IntArray
    l_codes: IntArray
    p_codes: IntArray
    t_uniq: Any
    l_uniq: Any
    p_uniq: Any
    val: FloatArray
    order: IntArray
    bounds: IntArray


def _factorize(s: pd.Series, name: str) -> tuple[IntArray, Any]:
    codes, uniq = pd.factorize(s, sort=True)
    if (codes < 0).any():
        rows = np.flatnonzero(codes < 0)
        raise ValueError(f"column {name!r} has missing values in rows {_names(list(s.index[rows]))}")
    return codes.astype(np.intp, copy=False), uniq


def _prepare_long(data: pd.DataFrame, cols: Mapping[str, str], val_errors_flag: str, what: str) -> _Long:
    for key in ("time", "loc", "prod", "val"):
        if key not in cols:
            raise ValueError(f"cols_input must map 'time', 'loc', 'prod' and 'val'; {key!r} is missing")
        if cols[key] not in data.columns:
            raise ValueError(f"column {cols[key]!r} (for {key!r}) is not in the data")
    if val_errors_flag not in ("coerce", "raise"):
        raise ValueError(f"val_errors_flag must be 'coerce' or 'raise', not {val_errors_flag!r}")
    vcol = data[cols["val"]]
    if not pd.api.types.is_numeric_dtype(vcol.dtype) or pd.api.types.is_bool_dtype(vcol.dtype):
        vcol = pd.to_numeric(vcol, errors="coerce" if val_errors_flag == "coerce" else "raise")
    val = np.asarray(vcol.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)
    t_codes, t_uniq = _factorize(data[cols["time"]], cols["time"])
    l_codes, l_uniq = _factorize(data[cols["loc"]], cols["loc"])
    p_codes, p_uniq = _factorize(data[cols["prod"]], cols["prod"])

    def _where(idx: IntArray) -> str:
        cells = [
            f"row {_plain(data.index[i])!r} ({_plain(t_uniq[t_codes[i]])!r}, {_plain(l_uniq[l_codes[i]])!r}, "
            f"{_plain(p_uniq[p_codes[i]])!r})"
            for i in idx[:5]
        ]
        return ", ".join(cells) + (f", … ({idx.size} in all)" if idx.size > 5 else "")

    nan = np.isnan(val)
    if nan.any():
        idx = np.flatnonzero(nan)
        warnings.warn(
            f"{idx.size} missing or non-numeric {what} value(s) taken as zero: (time, location, product) at "
            f"{_where(idx)}",
            ComplexityWarning,
            stacklevel=3,
        )
        val = np.where(nan, 0.0, val)
    if np.isinf(val).any():
        raise ValueError(
            f"infinite {what} values at (time, location, product) {_where(np.flatnonzero(np.isinf(val)))}"
        )
    if (val < 0).any():
        raise ValueError(
            f"negative {what} values at (time, location, product) {_where(np.flatnonzero(val < 0))}"
        )
    n_l, n_p = len(l_uniq), len(p_uniq)
    cell = (t_codes.astype(np.int64) * n_l + l_codes) * n_p + p_codes
    order = np.argsort(cell, kind="stable").astype(np.intp)
    ks = cell[order]
    dup = ks[1:] == ks[:-1]
    if dup.any():
        raise ValueError(
            "duplicate (time, location, product) rows, e.g. "
            + _where(order[1:][dup])
            + "; aggregate them first"
        )
    counts = np.bincount(t_codes, minlength=len(t_uniq))
    bounds = np.concatenate([[0], np.cumsum(counts)]).astype(np.intp)
    return _Long(t_codes, l_codes, p_codes, t_uniq, l_uniq, p_uniq, val, order, bounds)


@dataclass
class _Year:
    t: int
    rows: IntArray  # rows of the long data in this year (sorted by location, product)
    loc_idx: IntArray  # codes of the locations in the matrix
    prod_idx: IntArray
    x: FloatArray
    zero_rows: IntArray  # long rows of zero-total locations / products left out of the matrix


def _year_matrix(lg: _Long, t: int) -> _Year:
    rows = lg.order[lg.bounds[t] : lg.bounds[t + 1]]
    lc = lg.l_codes[rows]
    pc = lg.p_codes[rows]
    v = lg.val[rows]
    n_l, n_p = len(lg.l_uniq), len(lg.p_uniq)
    loc_tot = np.bincount(lc, weights=v, minlength=n_l)
    prod_tot = np.bincount(pc, weights=v, minlength=n_p)
    loc_idx = np.flatnonzero(loc_tot > 0).astype(np.intp)
    prod_idx = np.flatnonzero(prod_tot > 0).astype(np.intp)
    l_map = np.full(n_l, -1, dtype=np.intp)
    l_map[loc_idx] = np.arange(loc_idx.size)
    p_map = np.full(n_p, -1, dtype=np.intp)
    p_map[prod_idx] = np.arange(prod_idx.size)
    li = l_map[lc]
    pi = p_map[pc]
    inside = (li >= 0) & (pi >= 0)
    x = np.zeros((loc_idx.size, prod_idx.size))
    if inside.all():
        x[li, pi] = v
        zero_rows = np.empty(0, dtype=np.intp)
    else:
        x[li[inside], pi[inside]] = v[inside]
        zero_rows = rows[~inside]
    return _Year(t, rows, loc_idx, prod_idx, x, zero_rows)


def _population_lookup(pop: pd.DataFrame | None, time_col: str) -> dict[Any, pd.Series] | None:
    if pop is None:
        return None
    if pop.shape[1] < 3:
        raise ValueError("pop must have three columns: time, location, population (in that order)")
    p = pop.iloc[:, :3].copy()
    p.columns = pd.Index(["time", "loc", "pop"])
    dup = p.duplicated(["time", "loc"])
    if dup.any():
        first = p[dup].iloc[0]
        raise ValueError(f"pop has duplicate rows for (time, location) ({first['time']!r}, {first['loc']!r})")
    return {t: g.set_index("loc")["pop"] for t, g in p.groupby("time", sort=False)}


def _year_population(
    lookup: dict[Any, pd.Series] | None, t_label: Any, locs: npt.NDArray[Any], needed: bool
) -> FloatArray | None:
    if lookup is None:
        if needed:
            raise ValueError("presence_test 'rpop' or 'both' (or min_population) needs the pop data frame")
        return None
    s = lookup.get(t_label)
    vals = (
        np.full(locs.size, np.nan)
        if s is None
        else np.asarray(
            pd.to_numeric(s.reindex(locs), errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
        )
    )
    if needed:
        bad = ~np.isfinite(vals) | (vals <= 0)
        if bad.any():
            raise ValueError(
                f"year {t_label}: population missing or not positive for locations {_names(locs[bad])}"
            )
    return vals


def _panel(
    lg: _Long,
    opts: _Options,
    population: pd.DataFrame | None,
    time_col: str,
    proximity_edgelist: pd.DataFrame | None,
    min_location_exports: float | None,
    min_population: float | None,
    keep: Sequence[Any],
    verbose: bool,
) -> Iterator[tuple[_Year, ComplexityResult, IntArray, IntArray]]:
    """Yield (year matrix, result, location codes, product codes of the result) per year, in time order."""
    lookup = _population_lookup(population, time_col)
    need_pop = opts.presence_test in ("rpop", "both")
    prox_full: pd.DataFrame | None = None
    if proximity_edgelist is not None:
        missing = {"prod1", "prod2", "proximity"} - set(proximity_edgelist.columns)
        if missing:
            raise ValueError(f"proximity_edgelist lacks columns {sorted(missing)}")
        if set(proximity_edgelist["prod1"]) != set(proximity_edgelist["prod2"]):
            raise ValueError("proximity_edgelist: the products in prod1 and prod2 differ")
        prox_full = proximity_edgelist.pivot(index="prod1", columns="prod2", values="proximity")
    for t in range(len(lg.t_uniq)):
        t_label = _plain(lg.t_uniq[t])
        if verbose:
            print(t_label)
        yr = _year_matrix(lg, t)
        locs = np.asarray(lg.l_uniq.take(yr.loc_idx))
        prods = np.asarray(lg.p_uniq.take(yr.prod_idx))
        pop = _year_population(lookup, t_label, locs, need_pop or min_population is not None)
        xx = yr.x
        kept, reasons = clean_locations(
            xx,
            locs,
            population=pop,
            min_exports=min_location_exports,
            min_population=min_population,
            keep=keep,
        )
        loc_codes = yr.loc_idx
        prod_codes = yr.prod_idx
        prod_reasons: dict[Any, str] = {}
        if not kept.all():
            xx = xx[kept]
            locs = locs[kept]
            loc_codes = loc_codes[kept]
            pop = None if pop is None else pop[kept]
            traded = xx.sum(axis=0) > 0
            if not traded.all():
                prod_reasons = {_plain(p): "no exports by the locations kept" for p in prods[~traded]}
                xx = xx[:, traded]
                prods = prods[traded]
                prod_codes = prod_codes[traded]
        if need_pop and pop is not None:
            bad = ~np.isfinite(pop) | (pop <= 0)
            if bad.any():
                raise ValueError(
                    f"year {t_label}: population missing or not positive for {_names(locs[bad])}"
                )
        phi_given = None
        if prox_full is not None:
            pm = prox_full.reindex(index=prods, columns=prods).to_numpy(dtype=np.float64, na_value=np.nan)
            phi_given = _fill_given_proximity(pm, t_label)
        res = _compute(xx, locs, prods, pop, opts, t_label, phi_given, reasons, prod_reasons)
        yield yr, res, loc_codes, prod_codes


def complexity_panel(
    data: pd.DataFrame,
    cols: Mapping[str, str],
    *,
    presence_test: PresenceTest = "rca",
    rca_threshold: float = 1.0,
    rpop_threshold: float = 1.0,
    population: pd.DataFrame | None = None,
    continuous: bool = False,
    asymmetric: bool = False,
    knn: int | None = None,
    convention: Convention = "python",
    min_location_exports: float | None = None,
    min_population: float | None = None,
    keep: Sequence[Any] = (),
    keep_proximity: bool = False,
    val_errors: Literal["coerce", "raise"] = "raise",
) -> ComplexityPanel:
    """:func:`complexity` for every year of a long table (``cols`` maps ``time, loc, prod, val``).

    Each year's matrix holds the locations and products with positive total exports that year (locations
    without are listed in ``dropped``); missing cells are zero. After cleaning, products no kept location
    exports are left out too (``dropped_products``). ``population``: a data frame with columns
    time, location, population in that order (as py-ecomplexity's ``pop``). ``val_errors="raise"`` rejects
    non-numeric values; ``"coerce"`` takes them (and NaN) as zero with a warning. Raises ``ValueError`` naming
    the rows for negative values and duplicate (time, location, product) rows.
    """
    opts = _Options(
        presence_test,
        float(rca_threshold),
        float(rpop_threshold),
        bool(continuous),
        bool(asymmetric),
        None if knn is None else int(knn),
        convention,
        bool(keep_proximity),
    )
    _check_options(opts)
    what = "presence" if presence_test == "manual" else "export"
    lg = _prepare_long(data, cols, val_errors, what)
    out = []
    for yr, res, _, _ in _panel(
        lg, opts, population, cols["time"], None, min_location_exports, min_population, keep, False
    ):
        in_year = np.unique(lg.l_codes[yr.rows])
        no_exports = in_year[~np.isin(in_year, yr.loc_idx)]
        if no_exports.size:
            extra = {_plain(lg.l_uniq[i]): "no exports this year" for i in no_exports}
            res = dataclasses.replace(res, dropped={**res.dropped, **extra})
        out.append(res)
    return ComplexityPanel(tuple(out))


def _lsm_check(res: ComplexityResult, check: bool | int, verbose: bool) -> None:
    if isinstance(check, bool):
        if not check:
            return
        samples: int | None = None
    elif isinstance(check, int | float):
        samples = int(check)
    else:
        raise ValueError(f"check_logsupermodularity must be an int or bool, not {type(check)}")
    if res.presence_test == "manual" and np.isin(np.unique(res.mcp), [0.0, 1.0]).all():
        return
    matrix = res.rpop if (res.presence_test == "rpop" and res.rpop is not None) else res.rca
    frac = log_supermodularity(matrix, res.eci, res.pci, samples)
    if verbose:
        print(f"Percentage of pairs compared that meet log-supermodularity condition: {frac:.2%}")
    if frac < 0.8:
        warnings.warn(
            f"Year {res.year}: Log-supermodularity condition is not fully satisfied ({frac:.2%} of pairs "
            "compared satisfy this condition). The ECI and PCI values may not be a true representation of "
            "the complexity. More details at: "
            "https://growthlab.hks.harvard.edu/publications/structural-ranking-economic-complexity",
            ComplexityWarning,
            stacklevel=3,
        )


def ecomplexity(
    data: pd.DataFrame,
    cols_input: Mapping[str, str],
    presence_test: PresenceTest = "rca",
    val_errors_flag: str = "coerce",
    rca_mcp_threshold: float = 1,
    rpop_mcp_threshold: float = 1,
    pop: pd.DataFrame | None = None,
    continuous: bool = False,
    proximity_edgelist: pd.DataFrame | None = None,
    asymmetric: bool = False,
    knn: int | None = None,
    check_logsupermodularity: bool | int = True,
    report_logsupermodularity: bool = False,
    verbose: bool = True,
    *,
    convention: Convention = "python",
    min_location_exports: float | None = None,
    min_population: float | None = None,
    keep: Sequence[Any] = (),
) -> pd.DataFrame:
    """Drop-in for py-ecomplexity's ``ecomplexity`` (0.5.3): same arguments, same output columns.

    Returns the data with, per (time, location, product): the location and product columns, the value, the
    time, then ``diversity, ubiquity, mcp, eci, pci, density, coi, cog, rca`` (and ``rpop`` when
    ``presence_test`` is ``"rpop"`` or ``"both"``), then any other columns of ``data``; one row per location ×
    product of each year (missing cells filled with value 0), sorted by time, location and product, like the
    reference. Locations and products with no exports in a year keep their input rows with NaN results, like
    the reference. See the module docstring for the formulas.

    Differences from the reference, all deliberate: a location with zero diversity gets NaN ECI (and the rest
    of the year is computed) instead of a whole year of NaN; negative values and duplicate rows raise
    ``ValueError`` naming them (the reference silently keeps the first duplicate); ``knn`` follows the Stata
    package (weighted by proximity; the Python reference sums unweighted presence); ``presence_test="both"``
    is "RCA or RPOP" (Stata) rather than their sum; the log-supermodularity share is computed correctly and
    from a seeded sample; ``report_logsupermodularity`` is accepted and, as in the reference, unused.
    Keyword-only extras: ``convention`` (``"python"`` or ``"stata"``), and the cleaning step
    ``min_location_exports``, ``min_population`` (needs ``pop``) and ``keep`` — dropped locations get NaN.
    """
    del report_logsupermodularity
    opts = _Options(
        presence_test,
        float(rca_mcp_threshold),
        float(rpop_mcp_threshold),
        bool(continuous),
        bool(asymmetric),
        None if knn is None else int(knn),
        convention,
        False,
    )
    _check_options(opts)
    what = "presence" if presence_test == "manual" else "export"
    lg = _prepare_long(data, cols_input, val_errors_flag, what)
    with_rpop = presence_test in ("rpop", "both")
    names = ["diversity", "ubiquity", "mcp", "eci", "pci", "density", "coi", "cog", "rca"]
    if with_rpop:
        names.append("rpop")
    years: list[tuple[_Year, ComplexityResult, IntArray, IntArray, IntArray]] = []
    for yr, res, loc_codes, prod_codes in _panel(
        lg,
        opts,
        pop,
        cols_input["time"],
        proximity_edgelist,
        min_location_exports,
        min_population,
        keep,
        verbose,
    ):
        _lsm_check(res, check_logsupermodularity, verbose)
        # input rows left out of the matrix (no exports, or dropped by cleaning) come back with NaN results
        extra_rows = yr.zero_rows
        if loc_codes.size != yr.loc_idx.size or prod_codes.size != yr.prod_idx.size:
            inside = np.isin(lg.l_codes[yr.rows], loc_codes) & np.isin(lg.p_codes[yr.rows], prod_codes)
            extra_rows = yr.rows[~inside]
        years.append((yr, res, loc_codes, prod_codes, extra_rows))
    if not years:
        raise ValueError("the data have no rows")
    return _assemble(data, cols_input, lg, years, names, manual=presence_test == "manual")


def _assemble(
    data: pd.DataFrame,
    cols_input: Mapping[str, str],
    lg: _Long,
    years: list[tuple[_Year, ComplexityResult, IntArray, IntArray, IntArray]],
    names: list[str],
    *,
    manual: bool,
) -> pd.DataFrame:
    # The reference's long output: each year's full location × product grid, plus the input rows left out of
    # it, in the order of the merge keys (``cols_input``'s order). Filled in place: one allocation per column.
    any_extra = any(e.size for *_, e in years)
    n = sum(r.mcp.size + e.size for _, r, _, _, e in years)
    int_like = not manual and not any_extra
    lcodes = np.empty(n, dtype=np.intp)
    pcodes = np.empty(n, dtype=np.intp)
    tcodes = np.empty(n, dtype=np.intp)
    val = np.empty(n)
    out: dict[str, npt.NDArray[Any]] = {
        nm: np.empty(n, dtype=np.int64 if int_like and nm in ("diversity", "ubiquity", "mcp") else np.float64)
        for nm in names
    }
    i = 0
    for yr, res, loc_codes, prod_codes, extra in years:
        nl, npr = res.mcp.shape
        j = i + nl * npr
        sl = slice(i, j)
        lcodes[sl].reshape(nl, npr)[...] = loc_codes[:, None]
        pcodes[sl].reshape(nl, npr)[...] = prod_codes[None, :]
        tcodes[sl] = yr.t
        val[sl] = res.exports.ravel()
        for nm, a in (("diversity", res.diversity), ("eci", res.eci), ("coi", res.coi)):
            out[nm][sl].reshape(nl, npr)[...] = a[:, None]
        for nm, a in (("ubiquity", res.ubiquity), ("pci", res.pci)):
            out[nm][sl].reshape(nl, npr)[...] = a[None, :]
        for nm, a in (("mcp", res.mcp), ("density", res.density), ("cog", res.cog), ("rca", res.rca)):
            out[nm][sl] = a.ravel()
        if "rpop" in out and res.rpop is not None:
            out["rpop"][sl] = res.rpop.ravel()
        if extra.size:
            k = j + extra.size
            sl = slice(j, k)
            lcodes[sl] = lg.l_codes[extra]
            pcodes[sl] = lg.p_codes[extra]
            tcodes[sl] = yr.t
            val[sl] = lg.val[extra]
            for nm in names:
                out[nm][sl] = np.nan
            j = k
        i = j
    codes = {"time": tcodes, "loc": lcodes, "prod": pcodes}
    sizes = {"time": len(lg.t_uniq), "loc": len(lg.l_uniq), "prod": len(lg.p_uniq)}
    key_order = [k for k in cols_input if k in codes]
    if any_extra or key_order != ["time", "loc", "prod"]:
        key = np.zeros(n, dtype=np.int64)
        for k in key_order:
            key = key * sizes[k] + codes[k]
        order = np.argsort(key, kind="stable")
        lcodes, pcodes, tcodes, val = lcodes[order], pcodes[order], tcodes[order], val[order]
        out = {nm: a[order] for nm, a in out.items()}
    frame: dict[str, Any] = {
        cols_input["loc"]: lg.l_uniq.take(lcodes),
        cols_input["prod"]: lg.p_uniq.take(pcodes),
        cols_input["val"]: val,
        cols_input["time"]: lg.t_uniq.take(tcodes),
        **out,
    }
    result = pd.DataFrame(frame, copy=False)
    key_cols = [cols_input[k] for k in ("time", "loc", "prod", "val")]
    others = [c for c in data.columns if c not in key_cols]
    if others:
        result = _attach_other_columns(result, data, others, lg, lcodes, pcodes, tcodes)
    return result


def _attach_other_columns(
    out: pd.DataFrame,
    data: pd.DataFrame,
    others: list[Any],
    lg: _Long,
    lcodes: IntArray,
    pcodes: IntArray,
    tcodes: IntArray,
) -> pd.DataFrame:
    # Place each input row's other columns on its output row (the reference does an outer merge; cells that
    # were not in the input get NaN).
    n_l, n_p = len(lg.l_uniq), len(lg.p_uniq)
    out_key = (tcodes.astype(np.int64) * n_l + lcodes) * n_p + pcodes
    in_key = (lg.t_codes.astype(np.int64) * n_l + lg.l_codes) * n_p + lg.p_codes
    sorter = np.argsort(out_key, kind="stable")
    pos = sorter[np.searchsorted(out_key, in_key, sorter=sorter)]
    extra = data[others].reset_index(drop=True)
    extra.index = pd.Index(pos)
    extra = extra.reindex(pd.RangeIndex(len(out)))
    return pd.concat([out, extra], axis=1)


def _proximity_frame(
    data: pd.DataFrame,
    cols_input: Mapping[str, str],
    presence_test: PresenceTest,
    val_errors_flag: str,
    rca_mcp_threshold: float,
    rpop_mcp_threshold: float,
    pop: pd.DataFrame | None,
    continuous: bool,
    asymmetric: bool,
    convention: Convention,
    verbose: bool,
) -> pd.DataFrame:
    # Drop-in for py-ecomplexity's ``proximity``: columns ``time, {prod}_1, {prod}_2, proximity``.
    opts = _Options(
        presence_test,
        float(rca_mcp_threshold),
        float(rpop_mcp_threshold),
        bool(continuous),
        bool(asymmetric),
        None,
        convention,
        True,
    )
    _check_options(opts)
    lg = _prepare_long(
        data, cols_input, val_errors_flag, "presence" if presence_test == "manual" else "export"
    )
    lookup = _population_lookup(pop, cols_input["time"])
    frames = []
    for t in range(len(lg.t_uniq)):
        t_label = lg.t_uniq[t]
        if verbose:
            print(t_label)
        yr = _year_matrix(lg, t)
        locs = np.asarray(lg.l_uniq.take(yr.loc_idx))
        need = presence_test in ("rpop", "both")
        popv = _year_population(lookup, t_label, locs, need)
        xx = yr.x
        rca_arr = rca(xx)
        rpop_arr = rpop(xx, popv) if need and popv is not None else None
        if presence_test == "manual":
            mm = xx
        elif presence_test == "rca":
            mm = presence(rca_arr, opts.rca_threshold, convention=convention)
        elif presence_test == "rpop":
            mm = presence(cast(FloatArray, rpop_arr), opts.rpop_threshold, convention=convention)
        else:
            mm = np.maximum(
                presence(rca_arr, opts.rca_threshold, convention=convention),
                presence(cast(FloatArray, rpop_arr), opts.rpop_threshold, convention=convention),
            )
        if continuous:
            lv = rpop_arr if (presence_test == "rpop" and rpop_arr is not None) else rca_arr
            phi = continuous_proximity(lv, convention=convention)
        else:
            phi = _proximity_matrix(mm, asymmetric, convention)
        n = yr.prod_idx.size
        frames.append(
            pd.DataFrame(
                {
                    cols_input["time"]: lg.t_uniq.take(np.full(n * n, t, dtype=np.intp)),
                    cols_input["prod"] + "_1": lg.p_uniq.take(np.repeat(yr.prod_idx, n)),
                    cols_input["prod"] + "_2": lg.p_uniq.take(np.tile(yr.prod_idx, n)),
                    "proximity": phi.ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
