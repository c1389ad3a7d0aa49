from __future__ import annotations

import functools
from typing import Any

from django.http import HttpRequest
from django.utils import translation

from .notify import unread_count


def jahesh(request: HttpRequest) -> dict[str, Any]:
    lang = translation.get_language() or "fa"
    user = getattr(request, "user", None)
    return {
        "LANG": lang,
        "DIR": "rtl" if translation.get_language_bidi() else "ltr",
        "IS_FA": lang.startswith("fa"),
        # One COUNT when a page shows the badge (signed-in users only); nothing otherwise.
        # (A template calls a callable variable; cached so {% if %} and {{ }} cost one query together.)
        "UNREAD": functools.cache(lambda: unread_count(user)),
    }
