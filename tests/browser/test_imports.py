"""The secretariat imports a units file in the browser: a bad row is reported and nothing is written; the
corrected file goes in."""

from __future__ import annotations

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser]

HEADER = [
    "شناسه ملی",
    "نام واحد",
    "شهرستان",
    "کد آیسیک",
    "کد تعرفه (HS)",
    "نام محصول",
    "واحد سنجش",
    "ظرفیت اسمی سالانه",
]
GOOD = "10398259792"
BAD = "10398259793"  # one digit off: fails the check digit
OTHER = "10787789328"


def xlsx(path, legal_id):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(
        [
            OTHER,
            "کاشی نمونه",
            "شمالی",
            "2392",
            "690721",
            "کاشی",
            "مترمربع",
            "۱٬۲۰۰٬۰۰۰",
        ]
    )
    ws.append([legal_id, "سيمان نمونه", "جنوبی", "2394", "252329", "سیمان", "تن", "300000"])
    wb.save(path)
    return path


def test_secretariat_imports_units_with_a_row_by_row_report(
    page, live_server, live_world, sign_in, shot, tmp_path
):
    from jahesh.registry.models import Unit

    before = Unit.objects.count()
    sign_in("secretariat", PASSWORD)
    page.goto(live_server.url + "/imports/")
    page.select_option("select[name=kind]", "units")
    page.set_input_files("input[type=file]", str(xlsx(tmp_path / "units-bad.xlsx", BAD)))
    page.click("#import-form button[type=submit]")
    problems = page.locator("#import-problems tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("۳")  # the third row of the file, in Persian digits
    shot("import-rejected-fa")
    assert Unit.objects.count() == before  # all or nothing: the good row was not written either

    page.set_input_files("input[type=file]", str(xlsx(tmp_path / "units-good.xlsx", GOOD)))
    page.click("#import-form button[type=submit]")
    expect(page.locator("#import-status")).not_to_have_class("error")
    shot("import-taken-fa")
    assert Unit.objects.count() == before + 2
    page.goto(
        live_server.url + "/units/?q=سیمان نمونه"
    )  # typed with Arabic yeh in the file, found with Persian
    expect(page.locator("table.units tbody tr")).to_have_count(1)
