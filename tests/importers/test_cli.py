"""`jahesh import|export|template`: exit 0 when everything was taken, 1 when rows were rejected (one line per
problem), 2 when the file cannot be read."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from jahesh import cli
from jahesh.registry.importers.columns import UNITS
from jahesh.registry.models import Unit

from .conftest import LEGAL_A, LEGAL_B, UNIT_HEADER, write_xlsx

pytestmark = pytest.mark.django_db

GOOD = [
    LEGAL_A,
    None,
    "کاشی نو",
    None,
    "شمالی",
    None,
    "2392",
    "1398/04/12",
    "690790",
    "کاشی",
    "مترمربع",
    250000,
]


@pytest.fixture(autouse=True)
def _no_migrate(monkeypatch):
    # The test database is migrated already; the command's own `migrate` is for real databases.
    monkeypatch.setattr(cli, "_migrate", lambda: None)


def test_exit_0_when_everything_was_taken(world, tmp_path, capsys):
    path = write_xlsx(tmp_path / "units.xlsx", [UNIT_HEADER, GOOD])
    assert cli.main(["import", "units", str(path), "--user", "secretariat", "--lang", "en"]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "1 rows read, 0 with problems, 1 taken; units added: 1" in out.err
    assert Unit.objects.get(legal_id=LEGAL_A).name == "کاشی نو"


def test_exit_1_prints_one_line_per_problem_and_writes_nothing(world, tmp_path, capsys):
    bad = list(GOOD)
    bad[0], bad[4], bad[6] = LEGAL_B, "گرمسار", "12"
    path = write_xlsx(tmp_path / "units.xlsx", [UNIT_HEADER, GOOD, bad])
    report = tmp_path / "problems.xlsx"
    code = cli.main(["import", "units", str(path), "--lang", "en", "--errors", str(report)])
    assert code == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[:3] for line in lines] == [["3", "شهرستان", "گرمسار"], ["3", "کد آیسیک", "12"]]
    assert "not a county of the region" in lines[0]
    assert not Unit.objects.filter(legal_id=LEGAL_A).exists()
    assert load_workbook(report).sheetnames == ["Data", "Problems"]


def test_exit_1_with_valid_only_after_taking_the_good_rows(world, tmp_path, capsys):
    bad = list(GOOD)
    bad[0], bad[6] = LEGAL_B, "12"
    path = write_xlsx(tmp_path / "units.xlsx", [UNIT_HEADER, GOOD, bad])
    assert cli.main(["import", "units", str(path), "--valid-only"]) == 1
    assert Unit.objects.filter(legal_id=LEGAL_A).exists()
    assert capsys.readouterr().out.count("\n") == 1


def test_exit_2_for_a_file_that_is_not_a_table(world, tmp_path, capsys):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert cli.main(["import", "units", str(path), "--lang", "en"]) == 2
    assert "neither an Excel workbook (.xlsx) nor a text (CSV) file" in capsys.readouterr().out
    assert cli.main(["import", "units", str(tmp_path / "missing.csv")]) == 2


def test_only_the_secretariat_and_admins_import(world, tmp_path):
    path = write_xlsx(tmp_path / "units.xlsx", [UNIT_HEADER, GOOD])
    assert cli.main(["import", "units", str(path), "--user", "unit-rep"]) == 2
    assert cli.main(["import", "units", str(path), "--user", "nobody"]) == 2
    assert not Unit.objects.filter(legal_id=LEGAL_A).exists()


def test_dry_run_writes_nothing(world, tmp_path):
    path = write_xlsx(tmp_path / "units.xlsx", [UNIT_HEADER, GOOD])
    assert cli.main(["import", "units", str(path), "--dry-run"]) == 0
    assert not Unit.objects.filter(legal_id=LEGAL_A).exists()


def test_export_writes_an_importable_file(world, tmp_path, capsys):
    path = tmp_path / "units.csv"
    assert cli.main(["export", "units", str(path)]) == 0
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert cli.main(["import", "units", str(path)]) == 0
    assert cli.main(["export", "units", str(tmp_path / "units.ods")]) == 2


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_template_has_the_headers_and_a_guide(tmp_path, lang):
    path = tmp_path / "units.xlsx"
    assert cli.main(["template", "units", str(path), "--lang", lang]) == 0
    wb = load_workbook(path)
    data, guide = wb.worksheets
    header = [c.value for c in data[1]]
    assert header[:3] == [
        c.header(lang) + (" *" if c.key in UNITS.required else "") for c in UNITS.columns[:3]
    ]
    assert UNITS.count_known(header) == len(header)  # every header reads back, "*" and all
    guide_rows = list(guide.iter_rows(values_only=True))
    assert any(row[0] == "شناسه ملی" and row[1] == "Legal-entity national ID" for row in guide_rows)


def test_the_installed_command_writes_a_template(tmp_path):
    """The entry point end to end, in a fresh home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JAHESH_", "DATABASE_URL", "DJANGO_"))}
    env["JAHESH_HOME"] = str(tmp_path)
    template = tmp_path / "reports.csv"
    run = subprocess.run(
        [sys.executable, "-m", "jahesh.cli", "template", "reports", str(template)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert template.read_text(encoding="utf-8-sig").startswith("شناسه ملی,")
