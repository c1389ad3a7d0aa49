"""Who may call which operation.

Each operation names its roles with ``auth=allow(...)``: the same role names as the pages' ``@allow``. The
objects returned authenticate the caller (a bearer token, or the browser's session for the docs page) and
then check the role, so 401 means "who are you?" and 403 "your role may not do this"; what a role may
*see* behind the door is decided by the access helpers (``jahesh.registry.access``) in each queryset.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from jahesh.core.access import ALL_ROLES, user_has_role
from jahesh.core.models import Role

from .problems import TYPE_TOKEN, ApiProblem
from .tokens import TokenError, user_for_token

EVERYONE = tuple(sorted(ALL_ROLES))
WRITERS = (Role.ADMIN, Role.SECRETARIAT, Role.UNIT)  # as the report form: jahesh.registry.views.report_new
REVIEWERS = (Role.ADMIN, Role.SECRETARIAT)  # as the review pages

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _admit(user: Any, roles: frozenset[str]) -> Any:
    if not user_has_role(user, roles):
        raise ApiProblem(403, _("Your role may not do this."))
    return user


class BearerToken(HttpBearer):
    """``Authorization: Bearer jh_…`` (issued by ``jahesh token USERNAME``)."""

    def __init__(self, roles: frozenset[str]) -> None:
        self.roles = roles
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            user = user_for_token(token)
        except TokenError as exc:
            raise ApiProblem(401, str(exc), type=TYPE_TOKEN) from None
        request.user = user
        return _admit(user, self.roles)


class SessionCookie(APIKeyCookie):
    """The signed-in browser session, so that the docs page can try requests; CSRF-checked when unsafe."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, roles: frozenset[str]) -> None:
        self.roles = roles
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None  # no session: let the request end as 401, not as a CSRF failure
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiProblem(403, _("The CSRF check failed; reload the page and try again."))
        return _admit(user, self.roles)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # pragma: no cover - unused
        return None


def allow(*roles: str) -> list[Any]:
    """The ``auth`` of an operation that the given roles may use."""
    unknown = set(roles) - ALL_ROLES
    if unknown or not roles:
        raise ValueError(f"unknown roles {sorted(unknown)}" if unknown else "allow() needs at least one role")
    allowed = frozenset(str(role) for role in roles)
    return [BearerToken(allowed), SessionCookie(allowed)]


def declared_roles(auth_callbacks: list[Any]) -> frozenset[str] | None:
    """The roles an operation declared through ``allow``; None when it declared none."""
    if not auth_callbacks or any(getattr(cb, "roles", None) is None for cb in auth_callbacks):
        return None
    return frozenset().union(*(cb.roles for cb in auth_callbacks))
