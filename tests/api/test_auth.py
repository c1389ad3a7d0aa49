"""Tokens: issued once, stored as a hash, refused when malformed, unknown, revoked or expired; sessions for
the docs page with CSRF on unsafe methods; roles at the door."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from jahesh.api.models import Token
from jahesh.api.tokens import issue_token, revoke_token
from jahesh.core.models import AuditEvent

from .conftest import ApiClient, assert_problem

pytestmark = pytest.mark.django_db


def test_no_token_is_a_401_problem_with_a_bearer_challenge(world):
    response = ApiClient(None).get("/api/v1/units")
    body = assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert body["instance"] == "/api/v1/units"


def test_a_token_lets_its_user_in_and_only_its_hash_is_stored(world):
    token, text = issue_token(world.users["secretariat"], expires_days=7)
    assert text.startswith(f"jh_{token.prefix}_")
    assert text not in {token.key_hash, token.prefix}
    assert token.key_hash == hashlib.sha256(text.encode()).hexdigest()
    assert Token.objects.filter(key_hash=text).count() == 0
    assert AuditEvent.objects.filter(action="api.token.issued", object_id=str(token.pk)).exists()

    response = ApiClient(text).get("/api/v1/units")
    assert response.status_code == 200
    assert response.json()["count"] == 4
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "make_header",
    [
        lambda text: f"Bearer {text[:-1]}{'A' if text[-1] != 'A' else 'B'}",  # right prefix, wrong secret
        lambda text: f"Bearer jh_00000000_{text.split('_', 2)[2]}",  # unknown prefix
        lambda text: f"Bearer xx_{text[3:]}",  # not our scheme's prefix
        lambda text: "Bearer ",  # empty
        lambda text: "Bearer " + "ژ" * 50,  # unicode garbage
    ],
    ids=["wrong-secret", "unknown-prefix", "wrong-scheme-prefix", "empty", "garbage"],
)
def test_a_bad_token_is_a_401_problem(world, make_header):
    _token, text = issue_token(world.users["secretariat"])
    response = Client().get("/api/v1/units", headers={"Authorization": make_header(text)})
    body = assert_problem(response, 401)
    assert body["type"] == "urn:jahesh:problem:invalid-token"


def test_basic_auth_or_a_password_is_not_a_token(world):
    response = Client().get("/api/v1/units", headers={"Authorization": "Basic c2VjcmV0YXJpYXQ6eA=="})
    assert_problem(response, 401)


def test_revoked_token_is_refused(world):
    token, text = issue_token(world.users["secretariat"])
    revoke_token(token)
    body = assert_problem(ApiClient(text, lang="en").get("/api/v1/units"), 401)
    assert "revoked" in body["detail"]


def test_expired_token_is_refused(world):
    token, text = issue_token(world.users["secretariat"], expires_days=1)
    Token.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    body = assert_problem(ApiClient(text, lang="en").get("/api/v1/units"), 401)
    assert "expired" in body["detail"]


def test_token_of_a_deactivated_user_is_refused(world):
    user = world.users["secretariat"]
    _token, text = issue_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert_problem(ApiClient(text).get("/api/v1/units"), 401)


def test_expiry_is_bounded():
    with pytest.raises(ValueError):
        issue_token(None, expires_days=0)
    with pytest.raises(ValueError):
        issue_token(None, expires_days=100_000)


def test_the_role_is_checked_after_the_token(world, api_for):
    # Leadership reads everything but reviews nothing: 403, before the report is even looked up.
    response = api_for("leadership").post(
        "/api/v1/reports/999999/review", {"decision": "accept", "version": 1}
    )
    assert_problem(response, 403)
    response = api_for("agency-tax").post("/api/v1/reports", {})
    assert_problem(response, 403)


def test_session_reads_without_csrf_but_writes_need_it(world):
    from jahesh.core.models import User

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="secretariat"))
    assert client.get("/api/v1/units").status_code == 200
    report = world.units[1].reports.order_by("-month").first()
    report.state = "submitted"
    report.save(update_fields=["state"])
    body = {"decision": "accept", "version": report.version}
    response = client.post(f"/api/v1/reports/{report.pk}/review", body, content_type="application/json")
    assert_problem(response, 403)
    report.refresh_from_db()
    assert report.state == "submitted"

    docs = client.get("/api/v1/docs")  # the docs page hands out the CSRF token, as Swagger UI sends it
    csrf = docs.cookies["csrftoken"].value
    response = client.post(
        f"/api/v1/reports/{report.pk}/review",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert report.state == "accepted"


def test_cli_prints_a_token_once(world, capsys):
    from jahesh import cli

    assert cli.main(["token", "unit-rep", "--expires-days", "30"]) == 0
    out = capsys.readouterr().out
    text = next(
        word
        for line in out.splitlines()
        for word in line.split()
        if word.startswith("jh_") and len(word) > 20
    )
    token = Token.objects.get(user=world.users["unit-rep"])
    assert token.key_hash == hashlib.sha256(text.encode()).hexdigest()
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    assert ApiClient(text).get("/api/v1/units").json()["count"] == 1

    assert cli.main(["token", "nobody"]) == 2


def test_cli_lists_and_revokes_a_token(world, capsys):
    from jahesh import cli

    assert cli.main(["token", "unit-rep", "--name", "ERP sync"]) == 0
    text = next(w for w in capsys.readouterr().out.split() if w.startswith("jh_") and len(w) > 20)
    prefix = text.split("_")[1]
    assert cli.main(["token", "unit-rep", "--list"]) == 0
    listing = capsys.readouterr().out
    assert prefix in listing and "active" in listing and "ERP sync" in listing and text not in listing
    assert ApiClient(text).get("/api/v1/units").status_code == 200

    assert cli.main(["token", "unit-rep", "--revoke", prefix]) == 0
    assert ApiClient(text).get("/api/v1/units").status_code == 401
    assert cli.main(["token", "unit-rep", "--list"]) == 0
    assert "revoked" in capsys.readouterr().out
    # Another user's prefix, or a wrong one, revokes nothing.
    assert cli.main(["token", "secretariat", "--revoke", prefix]) == 2
    assert cli.main(["token", "unit-rep", "--revoke", "ffffffff"]) == 2
