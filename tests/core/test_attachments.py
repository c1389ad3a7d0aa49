"""Attachments are checked by extension, size and content, and downloaded only by who may see their owner."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from jahesh.core.models import Attachment
from jahesh.core.uploads import attach, attach_all, validate_upload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def case(world):
    from jahesh.cases.models import Case, Category

    return Case.objects.create(
        unit=world.units[0], category=Category.objects.get(code="tax"), title="بدهی مالیاتی", description="…"
    )


def test_accepted_kinds_are_stored_with_their_original_name(world, case):
    a = attach(SimpleUploadedFile("نامه بانک.pdf", PDF), owner=case, user=world.users["unit-rep"])
    assert (a.kind, a.original_name, a.size) == ("pdf", "نامه بانک.pdf", len(PDF))
    assert "نامه" not in a.file.name and a.file.name.endswith(".pdf")  # a random name on disk
    assert a.file.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.exe", b"MZ\x90\x00", "type"),
        ("no-extension", PDF, "type"),
        ("empty.pdf", b"", "empty"),
        ("fake.pdf", b"<html>not a pdf</html>", "content"),
        ("fake.png", PDF, "content"),
        ("sheet.xlsx", b"not a zip", "content"),
    ],
)
def test_bad_files_are_refused_with_a_reason(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_too_large_is_refused_with_the_limit_in_the_message(settings):
    settings.JAHESH_MAX_ATTACHMENT_BYTES = 1024
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert (
        error.value.code == "size" and "2 KB" in error.value.messages[0] and "1 KB" in error.value.messages[0]
    )


def test_one_bad_file_keeps_none(world, case):
    with pytest.raises(ValidationError):
        attach_all(
            [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", b"GIF89a")],
            owner=case,
            user=world.users["unit-rep"],
        )
    assert Attachment.objects.count() == 0


def test_download_follows_who_sees_the_case(world, case, client_for):
    a = attach(SimpleUploadedFile("scan.png", PNG), owner=case, user=world.users["unit-rep"])
    url = f"/attachments/{a.pk}/"
    ok = client_for("unit-rep").get(url)
    assert ok.status_code == 200 and b"".join(ok.streaming_content) == PNG
    assert ok["Content-Type"] == "image/png" and ok["X-Content-Type-Options"] == "nosniff"
    assert client_for("secretariat").get(url).status_code == 200
    # Not referred to tax, not the other unit's representative: as if it did not exist.
    assert client_for("agency-tax").get(url).status_code == 404
    assert client_for("other-rep").get(url).status_code == 404
    assert client_for("secretariat").get("/attachments/999999/").status_code == 404
