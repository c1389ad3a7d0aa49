"""The OpenAPI schema: served at /api/v1/openapi.json, equal to the committed snapshot, with the problem
responses documented; the docs page loads nothing from outside; every operation declares its roles."""

from __future__ import annotations

import difflib
import json
import re

import pytest
from django.test import Client

from jahesh.api.schema import SNAPSHOT, UPDATE_COMMAND, dumps, live_schema, snapshot_text

pytestmark = pytest.mark.django_db


def test_live_schema_equals_the_committed_snapshot():
    live, committed = dumps(live_schema()), snapshot_text()
    if live != committed:
        diff = "".join(
            list(
                difflib.unified_diff(committed.splitlines(True), live.splitlines(True), "committed", "live")
            )[:80]
        )
        pytest.fail(
            f"The API's OpenAPI schema changed. If the change is intended, update the snapshot with\n\n"
            f"    {UPDATE_COMMAND}\n\nand commit {SNAPSHOT.relative_to(SNAPSHOT.parents[3])}.\n\n{diff}"
        )


def test_schema_is_served_publicly_as_openapi_3_1():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert schema == live_schema()
    assert schema["components"]["securitySchemes"]["BearerToken"] == {"type": "http", "scheme": "bearer"}


def test_every_operation_documents_its_problems():
    schema = live_schema()
    for route, methods in schema["paths"].items():
        for method, op in methods.items():
            responses = op["responses"]
            assert "401" in responses, (method, route)
            for code, response in responses.items():
                if int(code) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (method, route, code)
            if op.get("requestBody"):
                assert {"400", "403", "409", "422"} <= set(responses), (method, route)


def test_docs_page_loads_nothing_from_outside():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(s.startswith("/api/v1/docs/assets/") for s in sources), sources
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html
    settings = json.loads(
        re.search(r'<script id="swagger-settings" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert settings["url"] == "/api/v1/openapi.json" and settings["validatorUrl"] is None
    for source in sources:
        asset = Client().get(source)
        assert asset.status_code == 200, source
        assert asset["Content-Type"].split(";")[0] in (
            "text/javascript",
            "application/javascript",
            "text/css",
            "image/png",
        )
    assert Client().get("/api/v1/docs/assets/../../settings.py").status_code == 404
    assert Client().get("/api/v1/docs/assets/redoc.standalone.js.map").status_code == 404


def test_api_root_points_to_schema_and_docs():
    body = Client().get("/api/v1/").json()
    assert (body["openapi"], body["docs"]) == ("/api/v1/openapi.json", "/api/v1/docs")


def test_an_operation_without_declared_roles_stays_undeclared():
    """The URL walk (tests/web/test_access.py) fails on a URL without ``jahesh_access``: an operation added
    without ``auth=allow(...)`` — or with ninja's own auth — must leave its URL undeclared."""
    from ninja import Router
    from ninja.security import HttpBearer

    from jahesh.api.auth import allow
    from jahesh.api.main import JaheshAPI

    class OtherBearer(HttpBearer):
        def authenticate(self, request, token):
            return None

    router = Router()

    @router.get("/declared", auth=allow("admin"))
    def declared(request):
        return {}

    @router.get("/open")
    def undeclared(request):
        return {}

    @router.get("/foreign", auth=OtherBearer())
    def foreign(request):
        return {}

    @router.post("/declared", auth=None)
    def half_declared(request):
        return {}

    api = JaheshAPI(title="t", version="test", urls_namespace="api-test")
    api.add_router("/", router)
    patterns, _app, _ns = api.urls
    access = {p.name: getattr(p.callback, "jahesh_access", None) for p in patterns}
    assert access["undeclared"] is None
    assert access["foreign"] is None
    # One undeclared method makes the whole route undeclared: a GET rule does not cover the POST.
    assert access["declared"] is None and access["half_declared"] is None
    assert access["openapi-json"] == frozenset({"public"})
