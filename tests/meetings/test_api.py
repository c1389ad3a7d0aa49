"""The API: same scoping as the pages, filters, a stale version is a 409, a late objection is refused."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_sessions_and_resolutions_are_scoped(meeting, world, client_for):
    sid, rid = meeting.session.pk, meeting.resolution.pk
    sec = client_for("secretariat").get("/api/v1/sessions").json()
    assert [s["number"] for s in sec["results"]] == [14]
    assert client_for("bank-officer").get("/api/v1/sessions").json()["count"] == 0
    assert client_for("bank-officer").get(f"/api/v1/sessions/{sid}").status_code == 404
    tax = client_for("agency-tax").get(f"/api/v1/sessions/{sid}").json()
    assert tax["resolutions"] == [rid] and tax["minutes_versions"] == []
    got = client_for("agency-tax").get(f"/api/v1/resolutions/{rid}").json()
    assert got["label"] == "14/1" and {p["agency"]["name"] for p in got["parts"]} == {
        "امور مالیاتی",
        "تأمین اجتماعی",
    }
    assert client_for("agency-tax").get(f"/api/v1/sessions/{sid}/minutes.pdf").status_code == 403
    assert client_for("unit-rep").get("/api/v1/resolutions").json()["count"] == 1
    assert client_for("other-rep").get("/api/v1/resolutions").json()["count"] == 0


def test_filters(meeting, world, client_for):
    client = client_for("secretariat")
    assert client.get("/api/v1/resolutions", {"status": "executed"}).json()["count"] == 0
    assert client.get("/api/v1/resolutions", {"agency": world.tax.pk}).json()["count"] == 1
    assert client.get("/api/v1/resolutions", {"agency": world.bank.pk}).json()["count"] == 0
    assert client.get("/api/v1/resolutions", {"overdue": "true"}).json()["count"] == 0
    assert client.get("/api/v1/resolutions", {"overdue": "false"}).json()["count"] == 1
    assert client.get("/api/v1/resolutions", {"status": "nonsense"}).status_code == 422


def test_status_update_and_conflict(meeting, world, client_for):
    part = meeting.parts["tax"]
    url = f"/api/v1/resolutions/{meeting.resolution.pk}/parts/{part.pk}/status"
    client = client_for("agency-tax")
    ok = client.post(url, {"status": "executing", "version": part.version}, content_type="application/json")
    assert ok.status_code == 200
    stale = client.post(
        url, {"status": "executed", "text": "سند", "version": part.version}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale["Content-Type"].startswith("application/problem+json")
    other = meeting.parts["ss"]
    assert (
        client.post(
            f"/api/v1/resolutions/{meeting.resolution.pk}/parts/{other.pk}/status",
            {"status": "executing", "version": other.version},
            content_type="application/json",
        ).status_code
        == 409
    )


def test_late_objection_is_a_409(meeting, world, client_for):
    from jahesh.meetings.models import ResolutionPart

    part = meeting.parts["tax"]
    ResolutionPart.objects.filter(pk=part.pk).update(notified_at=part.notified_at - dt.timedelta(days=16))
    response = client_for("agency-tax").post(
        f"/api/v1/resolutions/{meeting.resolution.pk}/parts/{part.pk}/objection",
        {"reason": "مغایر ضوابط", "version": part.version},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "مهلت ۱۵ روزه اعتراض" in response.json()["detail"]


def test_minutes_pdf(meeting, world, client_for, weasyprint):
    response = client_for("leadership").get(f"/api/v1/sessions/{meeting.session.pk}/minutes.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        client_for("leadership")
        .get(f"/api/v1/sessions/{meeting.session.pk}/minutes.pdf?version=9")
        .status_code
        == 404
    )
