"""Notifications: stored in both languages, a badge with the unread count, marked read, e-mailed when on."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils.translation import gettext_lazy

from jahesh.core.models import Notification
from jahesh.core.notify import notify

pytestmark = pytest.mark.django_db


def test_badge_list_and_read(world, client_for):
    tax = world.users["agency-tax"]
    n = notify([tax, tax], kind="referral", message=gettext_lazy("Notifications"), url="/inbox/")
    assert n == 1 and Notification.objects.get().text_fa == "اعلان‌ها"
    client = client_for("agency-tax")
    page = client.get("/cases/").content.decode()
    assert 'id="unread-badge">۱<' in page
    listing = client.get("/notifications/").content.decode()
    assert "اعلان‌ها" in listing and "جدید" in listing
    note = Notification.objects.get()
    response = client.post("/notifications/read/", {"id": note.pk, "next": note.url})
    assert response.status_code == 302 and response["Location"] == "/inbox/"
    assert Notification.objects.get().read_at is not None
    assert 'id="unread-badge"' not in client.get("/cases/").content.decode()


def test_others_cannot_read_or_mark_mine(world, client_for):
    notify([world.users["agency-tax"]], kind="referral", message="ارجاع تازه به مالیات")
    other = client_for("agency-social")
    listing = other.get("/notifications/").content.decode()
    assert "ارجاع تازه به مالیات" not in listing and "اعلانی نیست" in listing
    other.post("/notifications/read/", {"id": Notification.objects.get().pk})
    assert Notification.objects.get().read_at is None


def test_open_redirect_is_refused(world, client_for):
    response = client_for("agency-tax").post("/notifications/read/", {"next": "https://evil.example/"})
    assert response["Location"] == "/notifications/"


def test_email_only_when_configured(world, settings, django_capture_on_commit_callbacks):
    tax = world.users["agency-tax"]
    tax.email = "tax@example.org"
    tax.save()
    settings.JAHESH_EMAIL_NOTIFICATIONS = False
    with django_capture_on_commit_callbacks(execute=True):
        notify([tax], kind="referral", message="x")
    assert mail.outbox == []
    settings.JAHESH_EMAIL_NOTIFICATIONS = True
    with django_capture_on_commit_callbacks(execute=True):
        notify([tax], kind="referral", message="پرونده تازه", url="/inbox/")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["tax@example.org"]
    assert "پرونده تازه" in mail.outbox[0].body and "/inbox/" in mail.outbox[0].body
