"""The pages: who sees what, the agency's own resolutions, the Excel round trip (all or nothing), pinned
query counts on the lists."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from jahesh.meetings import actions
from jahesh.meetings.models import ResolutionPart, Session

pytestmark = pytest.mark.django_db


def xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("statuses.xlsx", out.getvalue())


def test_the_secretariat_creates_session_14_from_the_page(world, client_for):
    client = client_for("secretariat")
    response = client.post(
        "/sessions/new/",
        {
            "kind": "provincial",
            "number": "۱۴",
            "held_on": "۱۴۰۵/۰۹/۲۰",
            "place": "استانداری",
            "invite": [world.tax.pk],
        },
    )
    session = Session.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sessions/{session.pk}/"
    assert (session.number, session.held_on) == (
        14,
        dt.date(2026, 12, 11),
    )  # 1405 began on 21 March 2026; Azar 20 = 11 December
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "جلسه ۱۴ کارگروه استان" in page
    # A bad date is a form error, never a server error.
    assert client.post("/sessions/new/", {"kind": "provincial", "held_on": "۱۴۰۵/۱۳/۴۰"}).status_code == 200


def test_officers_see_only_their_agencys_resolutions(meeting, world, client_for):
    url = f"/resolutions/{meeting.resolution.pk}/"
    assert client_for("agency-tax").get(url).status_code == 200
    assert client_for("bank-officer").get(url).status_code == 404
    mine = client_for("agency-tax").get("/resolutions/mine/").content.decode()
    assert "بدهی مالیاتی و بیمه‌ای واحد در ۲۴ قسط تقسیط شود." in mine
    assert "بدهی مالیاتی" not in client_for("bank-officer").get("/resolutions/mine/").content.decode()
    # An officer may not post to the session page.
    assert (
        client_for("agency-tax").post(f"/sessions/{meeting.session.pk}/", {"action": "approve"}).status_code
        == 404
    )


def test_an_officer_marks_executed_with_evidence_file(meeting, world, client_for):
    part = meeting.parts["tax"]
    pdf = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%evidence\n", content_type="application/pdf")
    response = client_for("agency-tax").post(
        f"/resolutions/{meeting.resolution.pk}/",
        {
            "action": "update",
            f"p{part.pk}-part": part.pk,
            f"p{part.pk}-version": part.version,
            f"p{part.pk}-status": "executed",
            f"p{part.pk}-text": "قرارداد تقسیط ۲۴ ماهه امضا شد.",
            f"p{part.pk}-evidence": pdf,
        },
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == "executed"
    page = client_for("agency-tax").get(f"/resolutions/{meeting.resolution.pk}/").content.decode()
    assert "evidence.pdf" in page and "قرارداد تقسیط ۲۴ ماهه امضا شد." in page
    # Another agency sees the status but not the evidence.
    other = client_for("unit-rep").get(f"/resolutions/{meeting.resolution.pk}/").content.decode()
    assert "اجرا شده" in other and "evidence.pdf" not in other


def test_excel_round_trip_is_all_or_nothing(meeting, world, client_for):
    client = client_for("secretariat")
    exported = client.get("/resolutions/export.xlsx")
    assert exported.status_code == 200
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("شناسه مصوبه", "شماره مصوبه", "تاریخ جلسه") and len(rows) == 3
    rid = meeting.resolution.pk
    bad = xlsx(
        [
            ["شناسه مصوبه", "کد دستگاه", "وضعیت", "شرح اقدام یا دلیل"],
            [rid, "tax", "اجرا شده", "قرارداد تقسیط"],
            [rid, "b017", "اجرا شده", "x"],  # the bank is not responsible
        ]
    )
    page = client.post("/resolutions/import/", {"file": bad}).content.decode()
    assert "چیزی ثبت نشد" in page and "b017" in page
    assert ResolutionPart.objects.get(pk=meeting.parts["tax"].pk).status == "notified"  # nothing written
    good = xlsx(
        [
            ["شناسه مصوبه", "کد دستگاه", "وضعیت", "شرح اقدام یا دلیل"],
            [rid, "tax", "اجرا شده", "قرارداد تقسیط"],
            [rid, "ss", "در حال اجرا", ""],
        ]
    )
    client.post("/resolutions/import/", {"file": good})
    assert {p.agency.code: p.status for p in ResolutionPart.objects.select_related("agency")} == {
        "tax": "executed",
        "ss": "executing",
    }
    # A file that is not an Excel workbook is refused with a message.
    fake = SimpleUploadedFile("x.xlsx", b"not a zip")
    assert "چیزی ثبت نشد" in client.post("/resolutions/import/", {"file": fake}).content.decode()


def test_list_pages_use_a_fixed_number_of_queries(meeting, world, client_for, django_assert_max_num_queries):
    sec = world.users["secretariat"]
    for n in range(5):
        s = actions.create_session(actor=sec, region=world.region, held_on=timezone.localdate())
        for _ in range(3):
            s.refresh_from_db()
            actions.issue_resolution(
                actor=sec,
                session=s,
                version=s.version,
                text=f"مصوبه {n}",
                deadline=timezone.localdate() + dt.timedelta(days=10),
                agencies=[world.tax, world.bank],
            )
    client, officer = client_for("secretariat"), client_for("agency-tax")
    with django_assert_max_num_queries(8):
        assert client.get("/sessions/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/resolutions/").status_code == 200
    with django_assert_max_num_queries(12):
        assert officer.get("/resolutions/mine/?show=all").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/sessions/{meeting.session.pk}/").status_code == 200
