"""``jahesh import trade``: BACI and long tables, row-by-row reports, all or nothing, idempotent."""

from __future__ import annotations

import gzip

import pytest

from jahesh.trade.cli import cli_import_trade
from jahesh.trade.importers import import_trade
from jahesh.trade.models import ExportFlow, ImportFlow, TradeLocation, TradeProduct

pytestmark = pytest.mark.django_db

BACI = """t,i,j,k,v,q
2021,364,368,252329,100.5,1000
2021,364,4,252310,20,
2021,792,368,690721,300,50
2021,364,368,690721,7,1
2022,364,368,252329,120,1100
2022,842,364,847130,1000.25,3
2022,251,364,10121,5,1
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def flows(model=ExportFlow):
    return {
        (f.location.code, f.product.code, f.year): round(f.value_usd, 2)
        for f in model.objects.select_related("location", "product")
    }


def test_baci_file_is_summed_to_hs4_in_usd(tmp_path):
    result = import_trade(write(tmp_path, "baci.csv", BACI), "baci")
    assert result.exit_code == 0 and result.written
    assert result.years == [2021, 2022]
    assert flows() == {
        ("IRN", "2523", 2021): 120_500.0,  # 100.5 + 20 thousand USD, two HS6 codes in one heading
        ("TUR", "6907", 2021): 300_000.0,
        ("IRN", "6907", 2021): 7_000.0,
        ("IRN", "2523", 2022): 120_000.0,
        ("USA", "8471", 2022): 1_000_250.0,  # BACI's 842 is the United States
        ("FRA", "0101", 2022): 5_000.0,  # 251 France; "10121" is HS 010121
    }
    imports = flows(ImportFlow)
    assert imports[("IRQ", "2523", 2021)] == 100_500.0
    assert imports[("IRQ", "6907", 2021)] == 307_000.0
    assert imports[("AFG", "2523", 2021)] == 20_000.0
    assert TradeLocation.objects.get(code="IRN").name == "ایران"
    assert TradeProduct.objects.get(code="6907").section == "XIII"


def test_baci_at_six_digits(tmp_path):
    import_trade(write(tmp_path, "baci.csv", BACI), "baci", level=6)
    assert flows()[("IRN", "252310", 2021)] == 20_000.0
    assert TradeProduct.objects.get(code="252329").level == 6


def test_gzipped_file(tmp_path):
    path = tmp_path / "baci.csv.gz"
    path.write_bytes(gzip.compress(BACI.encode()))
    assert import_trade(path, "baci").exit_code == 0
    assert ExportFlow.objects.count() == 6


def test_reimport_replaces_the_same_years(tmp_path):
    path = write(tmp_path, "baci.csv", BACI)
    import_trade(path, "baci")
    first = flows()
    assert import_trade(path, "baci").exit_code == 0
    assert flows() == first
    assert ExportFlow.objects.count() == 6
    # A corrected file for 2022 alone replaces 2022 and leaves 2021 as it was.
    import_trade(write(tmp_path, "fix.csv", "t,i,j,k,v,q\n2022,364,368,252329,130,1\n"), "baci")
    after = flows()
    assert after[("IRN", "2523", 2022)] == 130_000.0
    assert ("USA", "8471", 2022) not in after
    assert after[("IRN", "2523", 2021)] == 120_500.0
    from jahesh.trade.models import TradeYear

    assert list(TradeYear.objects.values_list("year", "export_flows", "import_flows", "source")) == [
        (2021, 3, 3, "baci.csv"),
        (2022, 1, 1, "fix.csv"),
    ]


def test_bad_rows_are_reported_and_nothing_is_written(tmp_path):
    bad = (
        BACI
        + "20x1,364,368,252329,1,1\n2021,ABCD,368,252329,1,1\n2021,364,368,25,1,1\n2021,364,368,252329,-4,1\n"
    )
    result = import_trade(write(tmp_path, "bad.csv", bad), "baci")
    assert result.exit_code == 1 and not result.written
    assert [(p.row, p.column) for p in result.problems] == [(9, "t"), (10, "i"), (11, "k"), (12, "v")]
    assert ExportFlow.objects.count() == 0 and TradeLocation.objects.count() == 0


def test_missing_columns_is_a_file_error(tmp_path):
    result = import_trade(write(tmp_path, "x.csv", "year,exporter,value\n2020,IRN,1\n"), "long")
    assert result.exit_code == 2
    assert "product" in result.file_error


LONG = """year,exporter,importer,product,value
2020,IRN,IRQ,2523,1000
2020,irn,,2523,500
2020,364,TUR,0802,40
2021,TUR,IRN,690721,70
"""


def test_long_table_with_iso3_or_numeric_codes_and_optional_importer(tmp_path):
    assert import_trade(write(tmp_path, "long.csv", LONG), "long").exit_code == 0
    assert flows() == {
        ("IRN", "2523", 2020): 1500.0,
        ("IRN", "0802", 2020): 40.0,
        ("TUR", "6907", 2021): 70.0,
    }
    assert flows(ImportFlow) == {
        ("IRQ", "2523", 2020): 1000.0,
        ("TUR", "0802", 2020): 40.0,
        ("IRN", "6907", 2021): 70.0,
    }


def test_long_sitc(tmp_path):
    text = "year,exporter,product,value\n1999,IRN,0574,12.5\n1999,DEU,7810,99\n"
    assert import_trade(write(tmp_path, "s.csv", text), "long", classification="sitc").exit_code == 0
    product = TradeProduct.objects.get(code="7810")
    assert (product.classification, product.section) == ("sitc", "S7")


def test_cli_prints_one_line_per_problem_and_exits_1(tmp_path, capsys):
    path = write(tmp_path, "bad.csv", LONG + "2021,TUR,IRN,99,70\n")
    assert cli_import_trade(str(path), fmt="long", lang="en") == 1
    out, err = capsys.readouterr()
    assert out.strip().split("\t") == ["6", "product", "99", "a product code of 4 to 6 digits is expected"]
    assert "nothing was written" in err
    assert cli_import_trade(str(tmp_path / "none.csv"), fmt="long") == 2
    assert cli_import_trade(str(write(tmp_path, "ok.csv", LONG)), fmt="long", lang="en") == 0
    assert "3 export flows" in capsys.readouterr().err


@pytest.mark.filterwarnings("ignore::jahesh.analytics.complexity.ComplexityWarning")
def test_real_sitc_file_goes_in_and_ranks_sensibly(tmp_path):
    """The Growth Lab's SITC4 averages (1998–2000), as ``country, product, value, year``."""
    import numpy as np

    from jahesh.analytics.complexity import complexity
    from tests.conftest import SHARED_DATA

    path = SHARED_DATA / "trade" / "ots_sitc4_avg_1998_2000.csv.gz"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    result = import_trade(path, "long", classification="sitc")
    assert result.exit_code == 0, result.problems[:3]
    assert result.years == [2000]
    rows = ExportFlow.objects.filter(year=2000).values_list("location__code", "product__code", "value_usd")
    locs = sorted({r[0] for r in rows})
    prods = sorted({r[1] for r in rows})
    x = np.zeros((len(locs), len(prods)))
    li, pi = {c: i for i, c in enumerate(locs)}, {c: i for i, c in enumerate(prods)}
    for loc, prod, value in rows:
        x[li[loc], pi[prod]] = value
    res = complexity(x, locs, prods, min_location_exports=1e9)
    top = list(res.location_table()["location"][:10])
    assert {"JPN", "DEU", "CHE"} & set(top), top


def test_the_jahesh_command(tmp_path):
    from tests.test_cli import run

    good = run(
        ["import", "trade", str(write(tmp_path, "b.csv", BACI)), "--format", "baci", "--lang", "en"], tmp_path
    )
    assert good.returncode == 0, good.stderr
    assert "6 export flows and 6 import flows written for 2021, 2022" in good.stderr
    bad_file = write(tmp_path, "x.csv", BACI + "2021,364,368,9,1,1\n")
    bad = run(["import", "trade", str(bad_file), "--format", "baci"], tmp_path)
    assert bad.returncode == 1
    assert bad.stdout.startswith("9\tk\t9\t")
    missing = run(["import", "trade", str(tmp_path / "none.csv"), "--format", "baci"], tmp_path)
    assert missing.returncode == 2
