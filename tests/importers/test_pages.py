"""The import page: the secretariat uploads, sees the row-by-row report and downloads the marked file; the
other roles may not; a file that is not a spreadsheet is refused at the door."""

from __future__ import annotations

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from jahesh.core.models import AuditEvent
from jahesh.registry.importers import jobs
from jahesh.registry.models import ImportJob, Unit

from .conftest import LEGAL_A, LEGAL_B, UNIT_HEADER, write_xlsx

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
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(tmp_path, rows, name="units.xlsx"):
    path = write_xlsx(tmp_path / name, rows)
    return SimpleUploadedFile(name, path.read_bytes(), content_type=XLSX)


@pytest.mark.django_db
def test_the_secretariat_imports_a_file_and_sees_what_changed(world, client_for, tmp_path):
    client = client_for("secretariat")
    assert client.get("/imports/").status_code == 200
    response = client.post("/imports/", {"kind": "units", "file": upload(tmp_path, [UNIT_HEADER, GOOD])})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == f"/imports/?job={job.pk}"
    assert (job.status, job.rows_read, job.rows_taken, job.problems_total) == ("done", 1, 1, 0)
    assert not job.upload  # the uploaded file is not kept
    unit = Unit.objects.get(legal_id=LEGAL_A)
    assert AuditEvent.objects.filter(unit=unit, source="import", actor__username="secretariat").exists()
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-job"' in page and "hx-trigger" not in page  # finished: no more polling
    assert "units.xlsx" in page and 'id="recent-imports"' in page


@pytest.mark.django_db
def test_a_bad_row_is_shown_row_by_row_with_a_marked_excel_file_and_nothing_is_written(
    world, client_for, tmp_path, db_state
):
    before = db_state()
    bad = list(GOOD)
    bad[0] = LEGAL_B[:-1] + str((int(LEGAL_B[-1]) + 1) % 10)
    client = client_for("secretariat")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/imports/", {"kind": "units", "file": upload(tmp_path, [UNIT_HEADER, GOOD, bad])})
    job = ImportJob.objects.get()
    assert (job.status, job.rows_read, job.rows_invalid, job.rows_taken) == ("done", 2, 1, 0)
    assert db_state()["Unit"] == before["Unit"]
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-problems"' in page
    assert "fails its check digit" in page and bad[0] in page
    assert "Nothing was written" in page

    download = client.get(response["Location"] + "&download=errors")
    assert download.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    data, listing = wb["Data"], wb["Problems"]
    cell = data["A3"]
    assert cell.value == bad[0] and cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert "check digit" in cell.comment.text
    assert data["A2"].comment is None
    assert [c.value for c in listing[2]][:3] == [3, "شناسه ملی", bad[0]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_at_the_door(world, client_for, db_state, name, content):
    before = db_state()
    response = client_for("secretariat").post(
        "/imports/", {"kind": "units", "file": SimpleUploadedFile(name, content, content_type=XLSX)}
    )
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert not ImportJob.objects.exists() and db_state() == before


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(world, client_for, tmp_path, settings):
    settings.JAHESH_MAX_IMPORT_BYTES = 1000
    response = client_for("secretariat").post(
        "/imports/", {"kind": "units", "file": upload(tmp_path, [UNIT_HEADER, GOOD])}
    )
    assert response.status_code == 400 and not ImportJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["unit-rep", "agency-tax", "bank-officer", "leadership"])
def test_other_roles_may_not_import(world, client_for, tmp_path, who, db_state):
    before = db_state()
    client = client_for(who)
    assert client.get("/imports/").status_code == 403
    response = client.post("/imports/", {"kind": "units", "file": upload(tmp_path, [UNIT_HEADER, GOOD])})
    assert response.status_code == 403
    assert not ImportJob.objects.exists() and db_state() == before


@pytest.mark.django_db
def test_a_running_import_is_polled_and_an_unknown_one_is_404(world, client_for):
    job = ImportJob.objects.create(
        kind="units", file_name="big.xlsx", user=world.users["admin"], status="running"
    )
    ImportJob.objects.filter(pk=job.pk).update(rows_read=52000, phase="checking")
    client = client_for("secretariat")
    partial = client.get(f"/imports/?job={job.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'hx-trigger="every 1s"' in partial and "۵۲٬۰۰۰" in partial
    assert client.get("/imports/?job=999999").status_code == 404
    assert client.get("/imports/?job=abc").status_code == 404
    assert client.get(f"/imports/?job={job.pk}&download=errors").status_code == 404


@pytest.mark.django_db
def test_templates_download_in_both_languages(world, client_for):
    client = client_for("secretariat")
    response = client.get("/imports/template/units.xlsx?lang=en")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.worksheets[0]["A1"].value == "Legal-entity national ID"
    assert wb.worksheets[1]["A1"].value.startswith("Each row is one product line")
    csv_body = client.get("/imports/template/reports.csv").content
    assert csv_body.startswith(b"\xef\xbb\xbf") and "ماه (شمسی) *" in csv_body.decode("utf-8-sig")


@pytest.mark.django_db(transaction=True)
def test_a_large_file_runs_in_the_background_and_the_page_follows_it(client_for, tmp_path, monkeypatch):
    from tests.conftest import build_world

    world = build_world()
    monkeypatch.setattr(jobs, "INLINE_MAX_BYTES", 0)
    client = client_for("secretariat")
    response = client.post("/imports/", {"kind": "units", "file": upload(tmp_path, [UNIT_HEADER, GOOD])})
    assert response.status_code == 302
    job = ImportJob.objects.get()
    for _ in range(100):
        job.refresh_from_db()
        if job.status == "done":
            break
        time.sleep(0.05)
    assert job.status == "done" and job.rows_taken == 1
    assert Unit.objects.filter(legal_id=LEGAL_A, region=world.region).exists()
