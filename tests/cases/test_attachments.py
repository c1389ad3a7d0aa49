"""Files on intake, on an agency's answer and on notes: checked, kept all or nothing, seen as the case is."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jahesh.cases.models import Case, CaseNote, Referral
from jahesh.core.models import Attachment

pytestmark = pytest.mark.django_db


def pdf(name="evidence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%evidence\n", content_type="application/pdf")


def fake(name="photo.png"):
    return SimpleUploadedFile(name, b"MZ not an image", content_type="image/png")


def test_unit_rep_raises_a_case_with_two_files(world, client_for, cat):
    client = client_for("unit-rep")
    data = {
        "unit": world.units[0].pk,
        "category": cat("tax").pk,
        "title": "بدهی مالیاتی",
        "description": "حساب‌ها مسدود است",
        "severity": "high",
        "files": [pdf("letter.pdf"), pdf("assessment.pdf")],
    }
    r = client.post("/cases/new/", data)
    case = Case.objects.get()
    assert r.status_code == 302
    names = sorted(Attachment.objects.filter(owner_type="cases.case").values_list("original_name", flat=True))
    assert names == ["assessment.pdf", "letter.pdf"]
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="case-files"' in page and "letter.pdf" in page


def test_a_bad_file_keeps_nothing_and_says_why_on_the_form(world, client_for, cat):
    r = client_for("unit-rep").post(
        "/cases/new/",
        {
            "unit": world.units[0].pk,
            "category": cat("tax").pk,
            "title": "بدهی",
            "description": "شرح",
            "severity": "low",
            "files": [pdf(), fake()],
        },
    )
    assert r.status_code == 200
    assert "photo.png" in r.content.decode()  # the message names the file
    assert not Case.objects.exists() and not Attachment.objects.exists()


def _answer(client, case, referral, files):
    p = f"r{referral.pk}"
    return client.post(
        f"/cases/{case.pk}/",
        {
            "action": "answer",
            f"{p}-referral": referral.pk,
            f"{p}-version": referral.version,
            f"{p}-status": "resolved",
            f"{p}-text": "بدهی تقسیط شد",
            f"{p}-files": files,
        },
    )


def test_answer_with_evidence_shown_to_whoever_sees_the_case(world, client_for, referred):
    referral = referred.referrals.get()
    r = _answer(client_for("agency-tax"), referred, referral, [pdf("instalments.pdf")])
    assert r.status_code == 302
    a = Attachment.objects.get(owner_type="cases.referral")
    assert a.owner_id == str(referral.pk)
    for who in ("secretariat", "unit-rep", "agency-tax"):
        page = client_for(who).get(f"/cases/{referred.pk}/").content.decode()
        assert "instalments.pdf" in page, who
        assert client_for(who).get(f"/attachments/{a.pk}/").status_code == 200, who
    assert client_for("agency-social").get(f"/attachments/{a.pk}/").status_code == 404


def test_answer_with_a_bad_file_is_not_half_saved(world, client_for, referred):
    referral = referred.referrals.get()
    r = _answer(client_for("agency-tax"), referred, referral, [pdf(), fake("scan.jpg")])
    assert r.status_code == 200
    page = r.content.decode()
    assert "scan.jpg" in page and "بدهی تقسیط شد" in page  # the error, and the answer as typed
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING and not Attachment.objects.exists()


def test_private_note_files_are_seen_only_by_that_agency(world, client_for, referred, social):
    from jahesh.cases import actions

    actions.refer(
        actor=world.users["secretariat"], case=referred, version=referred.version, agencies=[(social, None)]
    )
    r = client_for("agency-tax").post(
        f"/cases/{referred.pk}/",
        {"action": "note", "text": "یادداشت داخلی", "private": "on", "files": [pdf("internal.pdf")]},
    )
    assert r.status_code == 302
    note = CaseNote.objects.get()
    a = Attachment.objects.get(owner_type="cases.casenote", owner_id=str(note.pk))
    assert "internal.pdf" in client_for("agency-tax").get(f"/cases/{referred.pk}/").content.decode()
    assert client_for("agency-tax").get(f"/attachments/{a.pk}/").status_code == 200
    for who in ("agency-social", "secretariat", "unit-rep"):
        assert "internal.pdf" not in client_for(who).get(f"/cases/{referred.pk}/").content.decode(), who
        assert client_for(who).get(f"/attachments/{a.pk}/").status_code == 404, who
