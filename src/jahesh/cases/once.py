"""A form sent twice (a double click, a resend after a slow answer) creates its object once.

Each "new …" form carries a random token; the first success records which object it made in the user's
session, and a second send of the same token goes to that object instead of making another."""

from __future__ import annotations

import secrets
from typing import Any

from django.http import HttpRequest

KEY = "jahesh-once"
KEEP = 50


def token(request: HttpRequest) -> str:
    """The token for the form on this page: the one sent back (a form shown again with errors), else new."""
    sent = request.POST.get("once", "") if request.method == "POST" else ""
    return sent if _valid(sent) else secrets.token_hex(16)


def made(request: HttpRequest) -> Any:
    """The primary key of the object this form's token already made, or None."""
    sent = request.POST.get("once", "")
    return request.session.get(KEY, {}).get(sent) if _valid(sent) else None


def remember(request: HttpRequest, pk: Any) -> None:
    sent = request.POST.get("once", "")
    if not _valid(sent):
        return
    seen = dict(request.session.get(KEY, {}))
    seen[sent] = pk
    request.session[KEY] = dict(list(seen.items())[-KEEP:])


def _valid(text: str) -> bool:
    return len(text) == 32 and all(c in "0123456789abcdef" for c in text)
