"""An exported file is a valid import file of the same kind: exporting and importing back changes nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from jahesh.registry import exports
from jahesh.registry.importers import run_import
from jahesh.registry.models import MonthlyReport, Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("kind", ["units", "inputs", "reports"])
def test_export_then_import_changes_nothing(rich_world, tmp_path, db_state, kind, fmt, lang):
    path = tmp_path / f"{kind}.{fmt}"
    rows = exports.rows_for(kind, Unit.objects.order_by("name_key"), MonthlyReport.objects.all(), lang=lang)
    exports.write_file(path, exports.export_chunks(kind, fmt, rows, lang=lang))
    before = db_state()
    result = run_import(kind, path, region=rich_world.region, user=rich_world.users["secretariat"])
    assert result.exit_code == 0, [(p.row, p.column, p.value, p.message()) for p in result.all_problems]
    assert result.rows > 0 and result.counts == {}
    assert db_state() == before


def test_the_page_export_round_trips_too(rich_world, client_for, tmp_path, db_state):
    response = client_for("secretariat").get("/reports/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to show Persian
    path = tmp_path / "reports.csv"
    path.write_bytes(body)
    before = db_state()
    result = run_import("reports", path, region=rich_world.region, user=rich_world.users["secretariat"])
    assert result.exit_code == 0 and result.counts == {} and db_state() == before


def _xlsx_rows(response):
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(wb.worksheets[0].iter_rows(values_only=True))


def test_exports_are_scoped_to_what_the_user_may_see(rich_world, client_for):
    own, other = rich_world.units[0], rich_world.units[3]
    for url in ("/units/export.csv", "/reports/export.xlsx", "/inputs/export.xlsx", "/units/export.xlsx"):
        response = client_for("unit-rep").get(url)
        assert response.status_code == 200, url
        content = (
            b"".join(response.streaming_content).decode("utf-8-sig")
            if url.endswith(".csv")
            else str(_xlsx_rows(client_for("unit-rep").get(url)))
        )
        assert own.legal_id in content, url
        assert other.legal_id not in content, url
    rows = _xlsx_rows(client_for("agency-tax").get("/reports/export.xlsx"))
    assert len(rows) == 1  # the header only: an agency officer sees no unit here


def test_exports_follow_the_filters_and_the_language(rich_world, client_for):
    client = client_for("secretariat")
    south = rich_world.counties[1]
    rows = _xlsx_rows(client.get("/reports/export.xlsx", {"county": south.pk}))
    assert rows[0][:3] == ("شناسه ملی", "شناسه کسب‌وکار", "نام واحد")
    assert {r[2] for r in rows[1:]} == {"کاشی جنوب", "فروسیلیس راکد"}
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    rows = _xlsx_rows(client.get("/units/export.xlsx", {"county": rich_world.counties[0].pk}))
    assert rows[0][:3] == ("Legal-entity national ID", "Business ID", "Unit name")
    assert {r[2] for r in rows[1:]} == {"کارخانه سیمان شمال", "لبنیات دیگر"}
    assert {r[rows[0].index("Status")] for r in rows[1:]} <= {"active", "semi-active"}


def test_export_query_count_does_not_grow_with_the_rows(
    rich_world, client_for, django_assert_max_num_queries
):
    client = client_for("secretariat")
    client.get("/")
    # session, user, region, the form's querysets, the rows and one query per prefetch (per chunk of 2,000).
    with django_assert_max_num_queries(10):
        b"".join(client.get("/reports/export.xlsx").streaming_content)
    with django_assert_max_num_queries(10):
        b"".join(client.get("/units/export.csv").streaming_content)
