"""Fixtures for the API: a token per fixed user and a client that sends it."""

from __future__ import annotations

import json

import pytest
from django.test import Client


class ApiClient:
    """A test client speaking JSON with ``Authorization: Bearer``."""

    def __init__(self, token: str | None, lang: str | None = None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        if lang:
            self.headers["Accept-Language"] = lang

    def get(self, url: str, params=None, **headers):
        return self.client.get(url, params or {}, headers={**self.headers, **headers})

    def _send(self, method: str, url: str, body, **headers):
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return getattr(self.client, method)(
            url, data=data, content_type="application/json", headers={**self.headers, **headers}
        )

    def post(self, url: str, body=None, **headers):
        return self._send("post", url, {} if body is None else body, **headers)

    def put(self, url: str, body=None, **headers):
        return self._send("put", url, {} if body is None else body, **headers)

    def patch(self, url: str, body=None, **headers):
        return self._send("patch", url, {} if body is None else body, **headers)


@pytest.fixture
def tokens(world) -> dict[str, str]:
    """A token for each fixed user of the world, by username."""
    from jahesh.api.tokens import issue_token

    return {name: issue_token(user, expires_days=30)[1] for name, user in world.users.items()}


@pytest.fixture
def api_for(tokens):
    """``api_for("secretariat")`` → a client with that user's token; ``api_for(None)`` → no token."""

    def make(name: str | None, lang: str | None = None) -> ApiClient:
        return ApiClient(tokens[name] if name else None, lang=lang)

    return make


def assert_problem(response, status: int) -> dict:
    """The response is an RFC 7807 problem with the given status; returns its body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body), body
    assert body["status"] == status
    assert body["title"]
    return body
