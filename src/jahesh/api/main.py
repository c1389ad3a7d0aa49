"""The API at /api/v1/: one NinjaAPI, one router per app, problems for every error, docs served offline.

Three things are added to django-ninja here:
- every URL the API serves declares its roles (``jahesh_access``, as the pages' ``@allow``) so that the URL
  walk in ``tests/web/test_access.py`` covers the API: an operation without ``auth=allow(...)`` stays
  undeclared and fails that test;
- messages speak the language of ``Accept-Language`` (``fa`` by default), not the site's cookie;
- the OpenAPI schema documents the problem responses each operation can give.
"""

from __future__ import annotations

import copy
import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ninja
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, re_path, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.static import serve
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer

from jahesh.core.access import ALL_ROLES, PUBLIC

from . import problems, reference, registry
from .auth import declared_roles
from .common import request_language
from .problems import Problem, problem_response

NAMESPACE = "api-v1"
NINJA_STATIC = Path(ninja.__file__).parent / "static" / "ninja"
DOCS_ASSETS = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js", "favicon.png"})
PUBLIC_ROUTES = frozenset({"openapi-json", "openapi-view", "api-root", "docs-asset", "not-found"})

DESCRIPTION = """\
The registry of the production-leap working group: production units, their product lines and inputs,
monthly production reports and their review, and reference data.

**Authentication**: `Authorization: Bearer jh_…` (a token from `jahesh token USERNAME`). Each operation
says which roles may call it; a unit representative sees only their own units and reports, and an object
outside the caller's scope answers 404, exactly like one that does not exist.

**Errors** are RFC 7807 `application/problem+json`; invalid input lists field-level `errors`. Messages follow
`Accept-Language` (`fa`, the default, or `en`).

**Lists** are paginated by page number: `page` (from 1) and `page_size` (at most 200); the answer carries
`count`, `pages`, `next` and `previous`.

**Numbers**: money and quantities are decimal strings (exact); counts are integers; ratios are numbers.
Dates are ISO 8601 Gregorian with a `…_jalali` twin; a month is an index (Jalali year × 12 + month − 1)
with `…_jalali` such as `1403/07`.
"""

ERROR_DESCRIPTIONS = {
    400: "The body is not valid JSON",
    401: "No token, or a token that is malformed, unknown, revoked or expired",
    403: "The caller's role may not do this (or, with a browser session, the CSRF check failed)",
    404: "No such object, or not one the caller may see",
    409: "The report changed since it was read (version), or its state does not allow this",
    422: "Invalid parameters or body; `errors` lists each field",
}


class OfflineSwagger(DocsBase):
    """Swagger UI from django-ninja's own copy, served by this API: no CDN, nothing from outside."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "validatorUrl": None,  # Swagger UI would otherwise ask validator.swagger.io about the schema
        }
        assets = {name.replace("-", "_").replace(".", "_"): asset_url(name) for name in DOCS_ASSETS}
        return render(request, "api/docs.html", {"api": api, "swagger_settings": settings, "assets": assets})


def asset_url(name: str) -> str:
    return reverse(f"{NAMESPACE}:docs-asset", kwargs={"name": name})


class Renderer(JSONRenderer):
    """Persian as Persian, not \\u escapes; encoded here so that nothing can fail to encode later."""

    json_dumps_params = {"ensure_ascii": False}

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return super().render(request, data, response_status=response_status).encode("utf-8", "replace")


class JaheshAPI(NinjaAPI):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._operations: dict[str, Any] = {}
        self._schemas: dict[str, dict[str, Any]] = {}

    # Operation ids and URL names are the view functions' names (list_units, review_report …); both unique.
    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)

    def get_operation_url_name(self, operation: Any, router: Any) -> str:
        name = str(operation.view_func.__name__)
        known = self._operations.get(name)
        if known is not None and known.view_func is not operation.view_func:
            raise ValueError(f"two API operations are named {name!r}")
        self._operations[name] = operation
        return name

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._schemas:
            schema = dict(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))
            self._schemas[path_prefix] = _document_problems(schema, self._operations)
        return copy.deepcopy(self._schemas[path_prefix])

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, _app, namespace = super().urls
        patterns = [_declared(p, patterns, self._operations) for p in patterns]
        patterns.insert(0, path("docs/assets/<str:name>", _public(docs_asset), name="docs-asset"))
        patterns.append(re_path(r"^.*$", _public(not_found), name="not-found"))
        return patterns, namespace, namespace


# -- URL declarations, language, 405 ------------------------------------------------------------------------


def _wrap(callback: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = request_language(request)
        with translation.override(language):
            response = callback(request, *args, **kwargs)
            if response.status_code == 405 and not response.get("Content-Type", "").startswith(
                problems.CONTENT_TYPE
            ):
                response = problem_response(
                    request,
                    405,
                    _("This address does not answer %(method)s.") % {"method": request.method},
                    headers={"Allow": response.get("Allow", "")},
                )
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    view.csrf_exempt = True  # type: ignore[attr-defined]  # CSRF is checked by SessionCookie for sessions
    view.__name__ = getattr(callback, "__name__", "api_view")
    return view


def _public(callback: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    view = _wrap(callback)
    view.jahesh_access = frozenset({PUBLIC})  # type: ignore[attr-defined]
    view.jahesh_access_by_method = {"GET": frozenset({PUBLIC})}  # type: ignore[attr-defined]
    return view


def _declared(pattern: URLPattern, patterns: list[Any], operations: dict[str, Any]) -> URLPattern:
    """The pattern with its callback wrapped and, when every operation on its route declared roles, the
    roles (per method and all together) on the callback, as ``@allow`` puts them on a page's view."""
    if pattern.name == "api-root":
        view = _public(api_root)
    elif pattern.name in PUBLIC_ROUTES:
        view = _public(pattern.callback)
    else:
        view = _wrap(pattern.callback)
        route = str(pattern.pattern)
        by_method: dict[str, frozenset[str]] = {}
        declared = True
        for other in patterns:
            if str(other.pattern) != route:
                continue
            operation = operations.get(other.name)
            roles = declared_roles(operation.auth_callbacks) if operation is not None else None
            if roles is None or not roles <= ALL_ROLES:
                declared = False
                break
            for method in operation.methods:
                by_method[method] = roles
        if declared and by_method:
            view.jahesh_access = frozenset().union(*by_method.values())  # type: ignore[attr-defined]
            view.jahesh_access_by_method = by_method  # type: ignore[attr-defined]
    return URLPattern(pattern.pattern, view, pattern.default_args, pattern.name)


def docs_asset(request: HttpRequest, name: str) -> HttpResponse:
    if name not in DOCS_ASSETS or request.method not in ("GET", "HEAD"):
        return not_found(request)
    response = serve(request, name, document_root=str(NINJA_STATIC))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return problem_response(request, 404, _("There is no such address in the API; see /api/v1/docs."))


def api_root(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": reverse(f"{NAMESPACE}:openapi-json"),
            "docs": reverse(f"{NAMESPACE}:openapi-view"),
        }
    )


# -- the schema's problem responses -------------------------------------------------------------------------


def _document_problems(schema: dict[str, Any], operations: dict[str, Any]) -> dict[str, Any]:
    definitions = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, definition in definitions.pop("$defs", {}).items():
        components[name] = definition
    components["Problem"] = definitions
    problem = {problems.CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for route, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            operation = operations.get(op.get("operationId", ""))
            roles = declared_roles(operation.auth_callbacks) if operation is not None else None
            codes = set()
            if op.get("security"):
                codes.add(401)
            if method != "get" or (roles is not None and roles != ALL_ROLES):
                codes.add(403)
            if "{" in route:
                codes.add(404)
            if op.get("parameters") or op.get("requestBody"):
                codes.add(422)
            if op.get("requestBody"):
                codes |= {400, 409}
            for code in sorted(codes):
                response: dict[str, Any] = {"description": ERROR_DESCRIPTIONS[code], "content": problem}
                if code == 401:
                    response["headers"] = {
                        "WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}
                    }
                op["responses"].setdefault(code, response)
    return json.loads(json.dumps(schema))  # string keys throughout, as served


# -- the API ------------------------------------------------------------------------------------------------

api = JaheshAPI(
    title="Jahesh API",
    version="1",
    description=DESCRIPTION,
    urls_namespace=NAMESPACE,
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=Renderer(),
)
problems.install(api)
api.add_router("/", registry.router)
api.add_router("/", reference.router)
# Each app's own router (its module imports this one's helpers, so it is imported here, after the API exists).
for _module in ("jahesh.cases.api", "jahesh.meetings.api", "jahesh.loans.api", "jahesh.revival.api"):
    api.add_router("/", importlib.import_module(_module).router)
