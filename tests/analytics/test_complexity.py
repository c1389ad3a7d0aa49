"""Tests of ``jahesh.analytics.complexity``.

Three kinds of check:

* the Stata reference results shipped in ``../shared/data/complexity/`` (convention ``"stata"``);
* an independent implementation written plainly below (dense numpy, a full non-symmetric ``eig`` of the
  product matrix, following py-ecomplexity 0.5.3's and the Stata package's code paths line by line), on the
  same sample and on random panels, in both conventions;
* robustness (zero diversity, a product nobody exports, one location), errors, cleaning, and a sanity check on
  real world trade (``../shared/data/trade/``).

Data are read from ``../shared/data`` relative to the repository root and never copied into the repository;
tests that need them skip with a message where the folder is absent.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from jahesh.analytics import complexity as cx

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SAMPLE = DATA / "complexity" / "trade_data_sample.csv"
SITC = DATA / "trade" / "ots_sitc4_avg_1998_2000.csv.gz"
COLS = {"time": "year", "loc": "origin", "prod": "hs92", "val": "export_val"}

# Stata stored the sample's export values as float32, so agreement with its results is guaranteed only to
# about 1e-7 relative (data README); we check at 1e-6 relative (plus 1e-9 absolute for values near zero). In
# fact no RCA of the sample lies within float32 rounding of the threshold, so M is identical and the observed
# agreement is about 1e-14.
STATA_RTOL = 1e-6
STATA_ATOL = 1e-9
# Against the plain implementation (same float64 inputs, different but exact algorithms): 1e-9.
PLAIN_RTOL = 1e-9
PLAIN_ATOL = 1e-9


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"reference data {path} not found: the shared data folder (../shared/data) is absent")
    return path


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return pd.read_csv(_need(SAMPLE))


def _matrix(df: pd.DataFrame, year: int) -> tuple[np.ndarray, list[str], list[int]]:
    g = df[df["year"] == year].pivot(index="origin", columns="hs92", values="export_val").fillna(0.0)
    return np.array(g.to_numpy(dtype=float)), [str(x) for x in g.index], [int(x) for x in g.columns]


# --------------------------------------------------------------------------------------------------------
# the plain implementation
# --------------------------------------------------------------------------------------------------------


def plain_complexity(
    x: np.ndarray,
    *,
    threshold: float = 1.0,
    convention: str = "python",
    asymmetric: bool = False,
    continuous: bool = False,
    pop: np.ndarray | None = None,
    manual: bool = False,
) -> dict[str, Any]:
    """py-ecomplexity 0.5.3 (``ComplexityData``, ``calc_eci_pci``, ``calc_discrete_proximity``,
    ``calc_continuous_proximity``, ``calc_density``, ``calc_coi_cog``, the normalisation in ``ecomplexity``)
    and, for ``convention="stata"``, the Stata package (``complexity_rca``, ``M = RCA :> rca``,
    ``proxdiscrete`` / ``proxcontinous`` with ``− I``, ``calculate_density``, ``ecipci``, ``coicog`` and the
    normalisation by ``sum`` over the long data). Dense, full ``eig``, no shortcuts."""
    x = np.asarray(x, dtype=float)
    stata = convention == "stata"
    with np.errstate(divide="ignore", invalid="ignore"):
        rca = (x / x.sum(axis=1)[:, None]) / (x.sum(axis=0)[None, :] / x.sum())
        level = rca if pop is None else (x / pop[:, None]) / (x.sum(axis=0)[None, :] / pop.sum())
    if manual:
        mcp = x.copy()
        level = x
    else:
        lv = np.nan_to_num(level)
        mcp = (lv > threshold if stata else lv >= threshold).astype(float)
    kc0 = mcp.sum(axis=1)
    kp0 = mcp.sum(axis=0)
    mcp1 = mcp / kc0[:, None]
    mcp2 = mcp / kp0[None, :]
    mpp = mcp2.T @ mcp1
    vals, vecs = np.linalg.eig(mpp)
    kp = np.real(vecs[:, np.argsort(np.real(vals))[-2]])
    kc = mcp1 @ kp
    r = np.corrcoef(kc0, kc)[0, 1]
    s = (1.0 if r > 0 else -1.0) if stata else np.sign(r)
    kp, kc = s * kp, s * kc
    n_p = x.shape[1]
    if stata:
        if continuous:
            prox = 0.5 * (1 + np.corrcoef(level.T)) - np.eye(n_p)
        else:
            c = mcp.T @ mcp
            p1 = c / kp0[None, :]
            prox = (p1 - np.eye(n_p)) if asymmetric else (np.minimum(p1, p1.T) - np.eye(n_p))
        dens_levels = level if continuous else mcp
        density = (dens_levels @ prox) / prox.sum(axis=0)[None, :]
        coi = ((density * (1 - mcp)) * kp).sum(axis=1)
        cog = (1 - mcp) * ((1 - mcp) @ (prox * (kp / prox.sum(axis=1))[:, None]))
        sd = np.repeat(kc, n_p).std(ddof=1)
        coi_sd = np.repeat(coi, n_p).std(ddof=1)
        phi_python_orientation = prox.T
    else:
        if continuous:
            phi = (1 + np.corrcoef(level.T)) / 2
        else:
            phi = mcp.T @ mcp / kp0[None, :]
            phi = phi.T if asymmetric else np.minimum(phi, phi.T)
        dens_levels = level if continuous else mcp
        density = dens_levels @ (phi.T / np.nansum(phi, axis=1)[None, :])
        coi = ((density * (1 - mcp)) * kp).sum(axis=1)
        cog = (1 - mcp) * ((1 - mcp) @ (phi * (kp / phi.sum(axis=1))[:, None]))
        sd = kc.std()
        coi_sd = coi.std()
        phi_python_orientation = phi
    mu = kc.mean()
    return {
        "rca": rca,
        "mcp": mcp,
        "diversity": kc0,
        "ubiquity": kp0,
        "eci": (kc - mu) / sd,
        "pci": (kp - mu) / sd,
        "density": density,
        "coi": (coi - coi.mean()) / coi_sd,
        "cog": cog / sd,
        "proximity": phi_python_orientation,
    }


def _nested_exports(n_loc: int, n_prod: int, seed: int) -> np.ndarray:
    """Random exports from a latent capabilities model (nested, like real trade); no empty row or column."""
    rng = np.random.default_rng(seed)
    cap = rng.uniform(0, 1, n_loc)
    req = rng.uniform(0, 1, n_prod)
    prob = 1 / (1 + np.exp(-8 * (cap[:, None] - req[None, :])))
    x = rng.lognormal(0, 1.5, (n_loc, 1)) * rng.lognormal(0, 1, (1, n_prod)) * prob
    x *= rng.random((n_loc, n_prod)) < prob
    x[np.arange(n_loc), rng.integers(0, n_prod, n_loc)] += 1.0
    x[rng.integers(0, n_loc, n_prod), np.arange(n_prod)] += 1.0
    return x


def _mismatches(res: cx.ComplexityResult, plain: dict[str, Any]) -> dict[str, float]:
    """Each measure of ours that differs from the plain implementation beyond the stated tolerance, with its
    largest difference (an empty dict when all agree; a shape mismatch counts as infinite)."""
    names = ["mcp", "diversity", "ubiquity", "eci", "pci", "density", "coi", "cog"]
    if res.proximity is not None:
        names.append("proximity")
    out: dict[str, float] = {}
    for name in names:
        ours, theirs = np.asarray(getattr(res, name), float), np.asarray(plain[name], float)
        if ours.shape != theirs.shape:
            out[name] = float("inf")
        elif not np.allclose(ours, theirs, rtol=PLAIN_RTOL, atol=PLAIN_ATOL, equal_nan=True):
            out[name] = float(np.nanmax(np.abs(ours - theirs)))
    return out


# --------------------------------------------------------------------------------------------------------
# the Stata reference results
# --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stata_panel(sample: pd.DataFrame) -> cx.ComplexityPanel:
    return cx.complexity_panel(sample, COLS, convention="stata")


def test_stata_location_results(stata_panel: cx.ComplexityPanel) -> None:
    ref = pd.read_csv(_need(DATA / "complexity" / "stata_location_results.csv"))
    for row in ref.itertuples():
        res = stata_panel[row.year]
        i = res.row(row.origin)
        assert res.eci[i] == pytest.approx(row.eci, rel=STATA_RTOL, abs=STATA_ATOL), (row.year, row.origin)
        assert res.coi[i] == pytest.approx(row.coi, rel=STATA_RTOL, abs=STATA_ATOL), (row.year, row.origin)


def test_stata_product_results(stata_panel: cx.ComplexityPanel) -> None:
    ref = pd.read_csv(_need(DATA / "complexity" / "stata_product_results.csv"))
    for row in ref.itertuples():
        res = stata_panel[row.year]
        j = int(np.flatnonzero(res.products == row.hs92)[0])
        assert res.pci[j] == pytest.approx(row.pci, rel=STATA_RTOL, abs=STATA_ATOL), (row.year, row.hs92)


def test_stata_cell_results(stata_panel: cx.ComplexityPanel) -> None:
    ref = pd.read_csv(_need(DATA / "complexity" / "stata_cell_results.csv"))
    for row in ref.itertuples():
        res = stata_panel[row.year]
        i = res.row(row.origin)
        j = int(np.flatnonzero(res.products == row.hs92)[0])
        where = (row.year, row.origin, row.hs92)
        assert res.mcp[i, j] == row.mcp, where
        assert res.density[i, j] == pytest.approx(row.density, rel=STATA_RTOL, abs=STATA_ATOL), where
        assert res.cog[i, j] == pytest.approx(row.cog, rel=STATA_RTOL, abs=STATA_ATOL), where


def test_stata_reference_through_the_drop_in(sample: pd.DataFrame) -> None:
    out = cx.ecomplexity(sample, COLS, convention="stata", verbose=False, check_logsupermodularity=False)
    ref = pd.read_csv(_need(DATA / "complexity" / "stata_location_results.csv"))
    got = (
        out.groupby(["year", "origin"])[["eci", "coi"]]
        .first()
        .reset_index()
        .merge(ref, on=["year", "origin"])
    )
    assert len(got) == len(ref)
    np.testing.assert_allclose(got["eci_x"], got["eci_y"], rtol=STATA_RTOL, atol=STATA_ATOL)
    np.testing.assert_allclose(got["coi_x"], got["coi_y"], rtol=STATA_RTOL, atol=STATA_ATOL)


# --------------------------------------------------------------------------------------------------------
# the plain implementation, both conventions
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("convention", ["python", "stata"])
@pytest.mark.parametrize("year", [1995, 1996])
def test_sample_matches_plain_implementation(sample: pd.DataFrame, convention: str, year: int) -> None:
    x, locs, prods = _matrix(sample, year)
    res = cx.complexity(x, locs, prods, convention=convention)  # type: ignore[arg-type]
    assert _mismatches(res, plain_complexity(x, convention=convention)) == {}


@pytest.mark.parametrize("convention", ["python", "stata"])
@pytest.mark.parametrize(
    ("n_loc", "n_prod", "seed"),
    [
        (40, 120, 1),  # location side, dense eigh
        (150, 90, 2),  # product side, Lanczos
        (90, 300, 3),  # location side, Lanczos
    ],
)
def test_random_panel_matches_plain_implementation(
    convention: str, n_loc: int, n_prod: int, seed: int
) -> None:
    x = _nested_exports(n_loc, n_prod, seed)
    res = cx.complexity(x, convention=convention)  # type: ignore[arg-type]
    assert _mismatches(res, plain_complexity(x, convention=convention)) == {}


@pytest.mark.parametrize("convention", ["python", "stata"])
@pytest.mark.parametrize(
    "options",
    [
        {"asymmetric": True},
        {"continuous": True},
        {"threshold": 0.8},
    ],
)
def test_options_match_plain_implementation(
    sample: pd.DataFrame, convention: str, options: dict[str, Any]
) -> None:
    x, locs, prods = _matrix(sample, 1996)
    kw = {"rca_threshold": options["threshold"]} if "threshold" in options else options
    res = cx.complexity(x, locs, prods, convention=convention, **kw)  # type: ignore[arg-type]
    assert _mismatches(res, plain_complexity(x, convention=convention, **options)) == {}


def _manual_presence(n_loc: int, n_prod: int, seed: int) -> np.ndarray:
    m = (_nested_exports(n_loc, n_prod, seed) > 1.0).astype(float)
    m[np.arange(n_loc), np.arange(n_loc) % n_prod] = 1.0  # everyone has something,
    m[np.arange(n_prod) % n_loc, np.arange(n_prod)] = 1.0  # everything is made somewhere
    return m


def test_rpop_matches_plain_implementation() -> None:
    x = _nested_exports(30, 80, 4)
    # population roughly proportional to total exports, so every location has some RPOP ≥ 1
    pop = x.sum(axis=1) * np.random.default_rng(4).lognormal(0, 0.3, 30)
    res = cx.complexity(x, presence_test="rpop", population=pop)
    plain = plain_complexity(x, pop=pop)
    assert (plain["diversity"] > 0).all() and (plain["ubiquity"] > 0).all()
    assert _mismatches(res, plain) == {}
    assert res.rpop is not None


def test_manual_presence_matches_plain_implementation() -> None:
    m = _manual_presence(30, 80, 5)
    res = cx.complexity(m, presence_test="manual")
    assert _mismatches(res, plain_complexity(m, manual=True)) == {}


def test_panel_matches_plain_per_year() -> None:
    rng = np.random.default_rng(6)
    frames = []
    plains = {}
    for year in (2001, 2002, 2003):
        x = _nested_exports(25, 60, int(rng.integers(1_000_000)))
        plains[year] = plain_complexity(x)
        c, p = np.nonzero(x)
        frames.append(pd.DataFrame({"y": year, "c": [f"c{i:02d}" for i in c], "p": p, "v": x[c, p]}))
    df = pd.concat(frames, ignore_index=True).sample(frac=1.0, random_state=0)  # order must not matter
    panel = cx.complexity_panel(df, {"time": "y", "loc": "c", "prod": "p", "val": "v"})
    assert panel.years == (2001, 2002, 2003)
    for year, plain in plains.items():
        assert _mismatches(panel[year], plain) == {}, year


def test_eci_is_mean_pci_of_present_products(sample: pd.DataFrame) -> None:
    # the normalisation by ECI's mean and SD keeps ECI = mean PCI over the products a location makes
    x, _, _ = _matrix(sample, 1995)
    res = cx.complexity(x)
    m = res.mcp.astype(bool)
    means = np.array([res.pci[row].mean() for row in m])
    np.testing.assert_allclose(res.eci, means, rtol=1e-12, atol=1e-12)


def test_signs_follow_the_references(sample: pd.DataFrame) -> None:
    x, _, _ = _matrix(sample, 1996)
    res = cx.complexity(x)
    assert np.corrcoef(res.eci, res.diversity)[0, 1] > 0
    flipped = cx.complexity(x[:, ::-1])  # the eigenvector's arbitrary sign does not leak through
    np.testing.assert_allclose(flipped.eci, res.eci, atol=1e-12)


def test_array_level_functions_agree_with_the_pipeline(sample: pd.DataFrame) -> None:
    x, _, _ = _matrix(sample, 1995)
    res = cx.complexity(x)
    m = cx.presence(cx.rca(x))
    np.testing.assert_array_equal(m, res.mcp)
    np.testing.assert_array_equal(cx.diversity(m), res.diversity)
    np.testing.assert_array_equal(cx.ubiquity(m), res.ubiquity)
    ep = cx.eci_pci(m)
    np.testing.assert_allclose(ep.eci, res.eci, atol=1e-12)
    np.testing.assert_allclose(cx.eci(m), res.eci, atol=1e-12)
    np.testing.assert_allclose(cx.pci(m), res.pci, atol=1e-12)
    phi = cx.proximity(m)
    assert res.proximity is not None
    np.testing.assert_allclose(phi, res.proximity, atol=1e-15)
    d = cx.density(m, phi)
    np.testing.assert_allclose(d, res.density, atol=1e-12)
    np.testing.assert_allclose(cx.distance(d), res.distance, atol=1e-12)
    raw_coi = cx.coi(d, m, ep.kp)
    np.testing.assert_allclose((raw_coi - raw_coi.mean()) / raw_coi.std(), res.coi, atol=1e-12)
    np.testing.assert_allclose(cx.cog(m, phi, ep.kp) / ep.sd, res.cog, atol=1e-12)


def test_knn_with_every_neighbour_is_the_full_density(sample: pd.DataFrame) -> None:
    x, _, _ = _matrix(sample, 1995)
    full = cx.complexity(x, convention="stata")
    knn = cx.complexity(x, convention="stata", knn=x.shape[1] - 1)
    np.testing.assert_allclose(knn.density, full.density, atol=1e-12)
    few = cx.complexity(x, convention="stata", knn=3)
    assert not np.allclose(few.density, full.density)
    assert np.isfinite(few.density).all()


def test_log_supermodularity_share() -> None:
    a = np.linspace(0.1, 2.0, 12)
    b = np.linspace(-1.0, 1.0, 15)
    m = np.exp(np.outer(a, b))  # log M = a_i b_j: strictly supermodular when ranked by a and b
    assert cx.log_supermodularity(m, a, b) == pytest.approx(1.0)
    assert cx.log_supermodularity(m, -a, b) == pytest.approx(0.0)


# --------------------------------------------------------------------------------------------------------
# the drop-in
# --------------------------------------------------------------------------------------------------------

REFERENCE_COLUMNS = ["origin", "hs92", "export_val", "year", "diversity", "ubiquity", "mcp"]
REFERENCE_COLUMNS += ["eci", "pci", "density", "coi", "cog", "rca"]


def test_drop_in_columns_and_values(sample: pd.DataFrame) -> None:
    out = cx.ecomplexity(sample, COLS, verbose=False, check_logsupermodularity=False)
    assert list(out.columns) == REFERENCE_COLUMNS
    assert len(out) == 600
    assert out["mcp"].dtype == np.int64 and out["diversity"].dtype == np.int64
    keys = out[["year", "origin", "hs92"]].apply(tuple, axis=1).tolist()
    assert keys == sorted(keys)
    for year in (1995, 1996):
        x, _, _ = _matrix(sample, year)
        plain = plain_complexity(x)
        part = out[out["year"] == year]
        for name in ("rca", "density", "cog"):
            np.testing.assert_allclose(part[name].to_numpy().reshape(x.shape), plain[name], atol=PLAIN_ATOL)
        np.testing.assert_allclose(part["eci"].to_numpy()[:: x.shape[1]], plain["eci"], atol=PLAIN_ATOL)
        np.testing.assert_allclose(part["pci"].to_numpy()[: x.shape[1]], plain["pci"], atol=PLAIN_ATOL)


def test_drop_in_keeps_other_columns_and_zero_rows(sample: pd.DataFrame) -> None:
    df = sample.copy()
    df["note"] = np.arange(len(df))
    ghost = pd.DataFrame(
        {"year": [1995], "origin": ["zzz"], "hs92": [1704], "export_val": [0.0], "note": [-1]}
    )
    df = pd.concat([df.iloc[3:], ghost], ignore_index=True)  # three cells missing, one location with nothing
    out = cx.ecomplexity(df, COLS, verbose=False, check_logsupermodularity=False)
    assert len(out) == 601
    assert out.columns[-1] == "note"
    zzz = out[out["origin"] == "zzz"]
    assert len(zzz) == 1 and zzz["eci"].isna().all() and zzz["note"].iloc[0] == -1
    filled = out[(out["year"] == 1995) & (out["origin"] == "aut") & (out["hs92"].isin([1704, 1806, 1905]))]
    assert (filled["export_val"] == 0).all() and filled["note"].isna().all()


def test_drop_in_proximity(sample: pd.DataFrame) -> None:
    out = cx.proximity(sample, COLS)
    assert list(out.columns) == ["year", "hs92_1", "hs92_2", "proximity"]
    assert len(out) == 2 * 30 * 30
    x, _, _ = _matrix(sample, 1995)
    np.testing.assert_allclose(
        out[out["year"] == 1995]["proximity"].to_numpy().reshape(30, 30), plain_complexity(x)["proximity"]
    )


def test_against_the_reference_package_when_installed(sample: pd.DataFrame) -> None:
    ref = pytest.importorskip(
        "ecomplexity",
        reason="py-ecomplexity is not installed (it is a benchmark-only reference, not a dependency)",
    )
    x = _nested_exports(60, 150, 7)
    c, p = np.nonzero(x)
    df = pd.DataFrame({"year": 2000, "origin": [f"L{i:03d}" for i in c], "hs92": p, "export_val": x[c, p]})
    for data in (sample, df):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = ref.ecomplexity(data, COLS, verbose=False, check_logsupermodularity=False)
        b = cx.ecomplexity(data, COLS, verbose=False, check_logsupermodularity=False)
        assert list(a.columns) == list(b.columns)
        assert len(a) == len(b)
        for name in ("diversity", "ubiquity", "mcp", "eci", "pci", "density", "coi", "cog", "rca"):
            np.testing.assert_allclose(b[name], a[name], rtol=PLAIN_RTOL, atol=PLAIN_ATOL, err_msg=name)


# --------------------------------------------------------------------------------------------------------
# robustness: NaN only where undefined
# --------------------------------------------------------------------------------------------------------


def test_location_with_no_presence_leaves_the_others_unchanged(sample: pd.DataFrame) -> None:
    x, locs, prods = _matrix(sample, 1995)
    base = cx.complexity(x, locs, prods)
    with pytest.warns(cx.ComplexityWarning, match=r"zero diversity: 'zzz'"):
        res = cx.complexity(np.vstack([x, np.zeros(x.shape[1])]), [*locs, "zzz"], prods)
    assert np.isnan(res.eci[-1])
    assert res.diversity[-1] == 0
    for name in ("eci", "coi", "density", "cog", "rca"):
        np.testing.assert_allclose(getattr(res, name)[:-1], getattr(base, name), atol=1e-12, err_msg=name)
    np.testing.assert_allclose(res.pci, base.pci, atol=1e-12)
    assert np.isfinite(res.density[-1]).all() and np.isfinite(res.cog[-1]).all()


def test_manual_presence_with_an_empty_row() -> None:
    m = _manual_presence(30, 80, 8)
    base = cx.complexity(m, presence_test="manual")
    m2 = np.vstack([m[:10], np.zeros(80), m[10:]])
    with pytest.warns(cx.ComplexityWarning, match="zero diversity: 10"):
        res = cx.complexity(m2, presence_test="manual")
    keep = np.arange(31) != 10
    assert np.isnan(res.eci[10]) and np.isfinite(res.eci[keep]).all()
    np.testing.assert_allclose(res.eci[keep], base.eci, atol=1e-12)
    np.testing.assert_allclose(res.coi[keep], base.coi, atol=1e-12)


def test_threshold_that_empties_a_location_does_not_blank_the_year(sample: pd.DataFrame) -> None:
    # py-ecomplexity returns a whole year of NaN here; we return NaN for the empty locations only
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = cx.ecomplexity(
            sample, COLS, rca_mcp_threshold=1.5, verbose=False, check_logsupermodularity=False
        )
    assert any("zero diversity" in str(w.message) for w in caught)
    per_loc = out.groupby(["year", "origin"])[["eci", "diversity"]].first()
    assert (per_loc["eci"].isna() == (per_loc["diversity"] == 0)).all()
    assert per_loc["eci"].notna().sum() >= 15


def test_product_nobody_exports(sample: pd.DataFrame) -> None:
    x, locs, prods = _matrix(sample, 1996)
    base = cx.complexity(x, locs, prods)
    with pytest.warns(cx.ComplexityWarning, match="zero ubiquity.*9999"):
        res = cx.complexity(np.hstack([x, np.zeros((x.shape[0], 1))]), locs, [*prods, 9999])
    assert np.isnan(res.pci[-1]) and np.isnan(res.density[:, -1]).all() and np.isnan(res.cog[:, -1]).all()
    for name in ("eci", "coi"):
        np.testing.assert_allclose(getattr(res, name), getattr(base, name), atol=1e-12, err_msg=name)
    np.testing.assert_allclose(res.pci[:-1], base.pci, atol=1e-12)
    np.testing.assert_allclose(res.density[:, :-1], base.density, atol=1e-12)
    np.testing.assert_allclose(res.cog[:, :-1], base.cog, atol=1e-12)


def test_continuous_option_with_an_empty_row_and_column() -> None:
    x = _nested_exports(25, 70, 10)
    base = cx.complexity(x, continuous=True)
    x2 = np.insert(np.insert(x, 3, 0.0, axis=1), 5, 0.0, axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.ComplexityWarning)
        res = cx.complexity(x2, continuous=True)
    rows, cols = np.arange(26) != 5, np.arange(71) != 3
    assert np.isnan(res.density[5]).all() and np.isnan(res.density[:, 3]).all()
    np.testing.assert_allclose(res.density[rows][:, cols], base.density, atol=1e-12)
    np.testing.assert_allclose(res.eci[rows], base.eci, atol=1e-12)
    np.testing.assert_allclose(res.coi[rows], base.coi, atol=1e-12)


def test_year_with_one_location(sample: pd.DataFrame) -> None:
    df = sample[~((sample["year"] == 1996) & (sample["origin"] != "aut"))]
    with pytest.warns(cx.ComplexityWarning, match="1 location"):
        panel = cx.complexity_panel(df, COLS)
    one = panel[1996]
    assert one.locations.tolist() == ["aut"]
    assert np.isnan(one.eci).all() and np.isnan(one.pci).all()
    assert np.isfinite(panel[1995].eci).all()


def test_results_are_read_only(sample: pd.DataFrame) -> None:
    x, _, _ = _matrix(sample, 1995)
    res = cx.complexity(x)
    with pytest.raises(ValueError, match="read-only"):
        res.eci[0] = 1.0
    with pytest.raises(AttributeError):
        res.eci = res.pci  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------------
# errors that name the row
# --------------------------------------------------------------------------------------------------------


def test_negative_value_is_named(sample: pd.DataFrame) -> None:
    x, locs, prods = _matrix(sample, 1995)
    x[2, 3] = -1.0
    with pytest.raises(ValueError, match=rf"location '{locs[2]}', product {prods[3]}"):
        cx.complexity(x, locs, prods)
    df = sample.copy()
    df.loc[7, "export_val"] = -5.0
    with pytest.raises(ValueError, match=r"negative export values .*row 7"):
        cx.complexity_panel(df, COLS)


def test_duplicates_are_named(sample: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"duplicate \(time, location, product\) rows.*'aut'"):
        cx.ecomplexity(pd.concat([sample, sample.iloc[[5]]]), COLS, verbose=False)
    with pytest.raises(ValueError, match="duplicate location labels: 'a'"):
        cx.complexity(np.ones((3, 3)), ["a", "b", "a"])


def test_ill_posed_input_is_refused(sample: pd.DataFrame) -> None:
    x, locs, prods = _matrix(sample, 1995)
    with pytest.raises(ValueError, match="no location has presence"):
        cx.complexity(x, locs, prods, rca_threshold=1e9)
    with pytest.raises(ValueError, match="convention"):
        cx.complexity(x, convention="r")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs population"):
        cx.complexity(x, presence_test="rpop")
    with pytest.raises(ValueError, match="positive and finite; locations 'blx'"):
        cx.complexity(x, locs, prods, presence_test="rpop", population=np.where(np.arange(10) == 1, 0, 1e6))
    x_nan = x.copy()
    x_nan[4, 5] = np.nan
    with pytest.raises(ValueError, match=rf"must be finite: location '{locs[4]}', product {prods[5]}"):
        cx.complexity(x_nan, locs, prods)
    with pytest.raises(ValueError, match="'val' is missing"):
        cx.ecomplexity(sample, {"time": "year", "loc": "origin", "prod": "hs92"}, verbose=False)


# --------------------------------------------------------------------------------------------------------
# cleaning
# --------------------------------------------------------------------------------------------------------


def test_cleaning_drops_small_locations_with_reasons(sample: pd.DataFrame) -> None:
    panel = cx.complexity_panel(sample, COLS, min_location_exports=2e9)
    res = panel[1995]
    assert "svn" not in res.locations and "pol" not in res.locations
    assert set(res.dropped) == {"pol", "svn"} and "below the minimum" in res.dropped["svn"]
    x, locs, _ = _matrix(sample, 1995)
    keep = [i for i, name in enumerate(locs) if name not in ("pol", "svn")]
    assert _mismatches(res, plain_complexity(x[keep])) == {}
    kept = cx.complexity_panel(sample, COLS, min_location_exports=2e9, keep=["svn"])[1995]
    assert "svn" in kept.locations and set(kept.dropped) == {"pol"}
    with pytest.raises(KeyError, match="below the minimum"):
        res.row("pol")


def test_cleaning_by_population_and_in_the_drop_in(sample: pd.DataFrame) -> None:
    pop = pd.DataFrame(
        {"year": np.repeat([1995, 1996], 10), "origin": sorted(sample["origin"].unique()) * 2, "pop": 1e7}
    )
    pop.loc[pop["origin"] == "svn", "pop"] = 2e6
    out = cx.ecomplexity(
        sample, COLS, pop=pop, min_population=3e6, verbose=False, check_logsupermodularity=False
    )
    assert out.loc[out["origin"] == "svn", "eci"].isna().all()
    assert out.loc[out["origin"] != "svn", "eci"].notna().all()
    assert len(out) == 600


# --------------------------------------------------------------------------------------------------------
# real world trade
# --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sitc() -> pd.DataFrame:
    return pd.read_csv(_need(SITC), dtype={"product": str, "country": str})


def test_world_trade_ranking_is_sensible(sitc: pd.DataFrame) -> None:
    """226 countries × 785 SITC-4 products, 1998–2000 average.

    Without cleaning, micro-territories with a handful of products top the ranking (South Georgia, 'sgs');
    after the cleaning step (here: total exports ≥ 1e8 in the file's units, which keeps the 136 largest
    exporters, close to the Atlas's 128 countries) Japan, Germany and Switzerland are at the top, as in the
    literature: Hidalgo & Hausmann (2009, PNAS 106:10570, fig. 3 and SI, year 2000) and the ECI ranking of
    Hausmann, Hidalgo et al. (2014, *The Atlas of Economic Complexity*, MIT Press), where Japan is first and
    Germany and Switzerland follow; the bottom holds oil and primary-commodity exporters (Nigeria, Angola,
    Algeria…).
    """
    cols = {"time": "year", "loc": "country", "prod": "product", "val": "value"}
    raw = cx.complexity_panel(sitc, cols)[2000]
    assert raw.location_table()["location"].iloc[0] == "sgs"
    clean = cx.complexity_panel(sitc, cols, min_location_exports=1e8)[2000]
    table = clean.location_table()
    assert len(table) == 136 and len(clean.dropped) == 90
    top = table["location"].tolist()
    assert top[0] == "jpn"
    assert {"jpn", "deu", "che"} <= set(top[:10])
    assert {"nga", "ago", "dza"} <= set(top[-10:])
    assert np.isfinite(clean.eci).all()
    assert np.corrcoef(clean.eci, clean.diversity)[0, 1] > 0.5
    ok = np.isfinite(clean.pci)
    assert np.corrcoef(clean.pci[ok], clean.ubiquity[ok])[0, 1] < -0.3  # complex products are rare
