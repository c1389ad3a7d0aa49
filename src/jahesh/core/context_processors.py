from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation


def jahesh(request: HttpRequest) -> dict[str, Any]:
    lang = translation.get_language() or "fa"
    return {
        "LANG": lang,
        "DIR": "rtl" if translation.get_language_bidi() else "ltr",
        "IS_FA": lang.startswith("fa"),
    }
