"""RFC 7807 problem details: every error the API answers is ``application/problem+json``.

``{"type", "title", "status", "detail", "instance"}`` and, for invalid input, ``errors``: one entry per field
with its location, a message in the client's language and a stable code. Generic HTTP errors use the type
``about:blank`` (the title then is the status's meaning); errors with their own meaning have a ``urn:jahesh:``
type that clients can branch on.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from pydantic import Field

from jahesh.registry.actions import ActionError, ConflictError

logger = logging.getLogger("jahesh.api")

CONTENT_TYPE = "application/problem+json"

TYPE_BLANK = "about:blank"
TYPE_VALIDATION = "urn:jahesh:problem:invalid-input"
TYPE_CONFLICT = "urn:jahesh:problem:edit-conflict"
TYPE_STATE = "urn:jahesh:problem:not-allowed-now"
TYPE_TOKEN = "urn:jahesh:problem:invalid-token"
TYPE_MALFORMED = "urn:jahesh:problem:malformed-request"

TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Authentication required"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    409: gettext_lazy("Conflict"),
    422: gettext_lazy("Invalid input"),
    429: gettext_lazy("Too many requests"),
    500: gettext_lazy("Server error"),
}


class FieldError(Schema):
    loc: list[str | int] = Field(
        description="Where the value is: the source (query, path, body) then the field"
    )
    field: str = Field(description="The field as a dotted path inside its source, e.g. outputs.0.output")
    message: str = Field(description="What is wrong, in the language of Accept-Language")
    code: str = Field(description="A stable machine-readable code, e.g. missing, less_than_equal")


class Problem(Schema):
    """RFC 7807 problem details."""

    type: str = Field(description="A URI naming the kind of problem; about:blank for plain HTTP errors")
    title: str
    status: int
    detail: str = ""
    instance: str = Field("", description="The path of the request")
    errors: list[FieldError] | None = Field(None, description="Field-level details of invalid input")


class ApiProblem(Exception):
    """Raise in a view to answer with a problem."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        type: str = TYPE_BLANK,
        title: str | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.type = type
        self.title = title
        self.errors = errors


def problem_response(
    request: HttpRequest,
    status: int,
    detail: str = "",
    *,
    type: str = TYPE_BLANK,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": type,
        "title": str(title if title is not None else TITLES.get(status, "")),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        # "replace": a problem may quote the input, and the input may hold half of a surrogate pair.
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8", "replace"),
        status=status,
        content_type=f"{CONTENT_TYPE}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    if status == 401 and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = 'Bearer realm="jahesh"'
    return response


def field_error(loc: list[str | int] | tuple[str | int, ...], message: str, code: str) -> dict[str, Any]:
    loc = list(loc)
    inside = loc[1:] if loc and loc[0] in ("query", "path", "body", "header", "cookie") else loc
    return {"loc": loc, "field": ".".join(str(p) for p in inside), "message": str(message), "code": code}


def invalid_input(errors: list[dict[str, Any]], detail: str | None = None) -> ApiProblem:
    return ApiProblem(
        422,
        detail or _("Some values are missing or invalid; see errors."),
        type=TYPE_VALIDATION,
        errors=errors,
    )


#: The names the views give their schema parameters (registry.py, reference.py).
VIEW_PARAMETERS = frozenset({"payload", "filters", "paging"})


# -- pydantic's messages, in the client's language -----------------------------------------------------


def _pydantic_message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        key = {"greater_than_equal": "ge", "greater_than": "gt", "less_than_equal": "le", "less_than": "lt"}
        limit = ctx.get(key[kind])
        templates = {
            "greater_than_equal": _("The value must be at least %(limit)s."),
            "greater_than": _("The value must be more than %(limit)s."),
            "less_than_equal": _("The value must be at most %(limit)s."),
            "less_than": _("The value must be less than %(limit)s."),
        }
        return templates[kind] % {"limit": limit}
    if kind in ("string_too_long", "too_long"):
        return _("Give at most %(limit)s characters or items.") % {"limit": ctx.get("max_length")}
    if kind in ("string_too_short", "too_short"):
        return _("Give at least %(limit)s characters or items.") % {"limit": ctx.get("min_length")}
    if kind in ("enum", "literal_error"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    simple = {
        "missing": _("This field is required."),
        "int_parsing": _("Give a whole number."),
        "int_type": _("Give a whole number."),
        "int_from_float": _("Give a whole number."),
        "int_parsing_size": _("The number is too large."),
        "decimal_parsing": _('Give a number, for example 1250 or "1250.5".'),
        "decimal_type": _('Give a number, for example 1250 or "1250.5".'),
        "decimal_max_digits": _("The number has too many digits."),
        "decimal_max_places": _("The number has too many digits after the decimal point."),
        "decimal_whole_digits": _("The number has too many digits."),
        "finite_number": _("Give a finite number."),
        "string_type": _("Give a text."),
        "string_pattern_mismatch": _("The value does not have the expected form."),
        "string_unicode": _("The text is not valid Unicode."),
        "bool_parsing": _("Give true or false."),
        "bool_type": _("Give true or false."),
        "list_type": _("Give a list."),
        "dict_type": _("Give an object."),
        "model_type": _("Give an object."),
        "model_attributes_type": _("Give an object."),
        "extra_forbidden": _("This field is not expected here."),
        "json_invalid": _("The request body is not valid JSON."),
        "json_type": _("The request body is not valid JSON."),
    }
    if kind in simple:
        return simple[kind]
    return str(error.get("msg", _("The value is invalid.")))


def _validation_errors(exc: ValidationError) -> list[dict[str, Any]]:
    out = []
    for error in exc.errors:
        loc = list(error.get("loc") or [])
        # ninja puts the name of the view's parameter (payload, filters …) after the source; clients know
        # no such name.
        if len(loc) >= 2 and loc[1] in VIEW_PARAMETERS:
            loc = [loc[0], *loc[2:]]
        out.append(field_error(loc, _pydantic_message(error), str(error.get("type", "invalid"))))
    return out


# -- exception handlers ---------------------------------------------------------------------------------


def install(api: Any) -> None:
    """Register the handlers on ``api`` (a NinjaAPI): every error becomes a problem."""

    def on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
        return problem_response(
            request, exc.status, exc.detail, type=exc.type, title=exc.title, errors=exc.errors
        )

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem_response(
            request,
            422,
            _("Some values are missing or invalid; see errors."),
            type=TYPE_VALIDATION,
            errors=_validation_errors(exc),
        )

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if isinstance(exc, AuthenticationError):
            return problem_response(
                request,
                401,
                _("Send a token: Authorization: Bearer jh_…"),
                headers={"WWW-Authenticate": "Bearer"},
            )
        if isinstance(exc, Throttled):
            headers = {"Retry-After": str(int(exc.wait))} if exc.wait else None
            return problem_response(
                request, 429, _("Too many requests; wait and try again."), headers=headers
            )
        if status == 400:  # ninja's "Cannot parse request body"
            return problem_response(
                request, 400, _("The request body is not valid JSON."), type=TYPE_MALFORMED
            )
        if status == 403 and "CSRF" in str(exc):
            return problem_response(request, 403, _("The CSRF check failed; reload the page and try again."))
        return problem_response(request, status, str(exc.message) if status >= 500 else "")

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem_response(request, 404, _("There is no such object, or you may not see it."))

    def on_403(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem_response(request, 403, _("Your role may not do this."))

    def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
        return problem_response(request, 409, str(exc), type=TYPE_CONFLICT)

    def on_action_error(request: HttpRequest, exc: ActionError) -> HttpResponse:
        return problem_response(request, 409, str(exc), type=TYPE_STATE)

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A bug, not bad input: log it with the traceback and answer in the API's own format.
        logger.exception("Unhandled error in %s %s", request.method, request.path)
        return problem_response(request, 500, _("Something went wrong on the server; it has been logged."))

    api.add_exception_handler(ApiProblem, on_problem)
    api.add_exception_handler(ValidationError, on_validation)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(PermissionDenied, on_403)
    api.add_exception_handler(ConflictError, on_conflict)
    api.add_exception_handler(ActionError, on_action_error)
    api.add_exception_handler(Exception, on_unexpected)
