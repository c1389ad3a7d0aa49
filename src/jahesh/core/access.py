"""Who may use which page: every view declares it with ``@allow``; nothing is reachable by default.

The decorator checks the role at the door. What a user may *see* behind the door is decided by each object
kind's access helper (``jahesh.registry.access`` for units), which scopes the queryset.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Role

PUBLIC = "public"
ALL_ROLES = frozenset(Role.values)


def allow(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Let the given roles (or ``PUBLIC``: anyone, signed in or not) use the view.

    An anonymous visitor of a non-public view is sent to the login page; a signed-in user whose role is not
    listed gets 403. The roles are kept on the view as ``jahesh_access`` so tests can walk the URLconf.
    """
    unknown = set(roles) - ALL_ROLES - {PUBLIC}
    if unknown or not roles:
        raise ValueError(f"unknown roles {sorted(unknown)}" if unknown else "allow() needs at least one role")
    allowed = frozenset(roles)

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if PUBLIC not in allowed:
                user = request.user
                if not user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not user_has_role(user, allowed):
                    raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.jahesh_access = allowed  # type: ignore[attr-defined]
        return wrapper

    return decorate


def user_has_role(user: Any, roles: frozenset[str] | set[str]) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser and Role.ADMIN in roles:
        return True
    return user.role in roles


def mark_public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Declare a third-party view (login, set_language) public without wrapping its behaviour."""
    view.jahesh_access = frozenset({PUBLIC})  # type: ignore[attr-defined]
    return view
