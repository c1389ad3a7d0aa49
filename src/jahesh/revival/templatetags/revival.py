"""Template filters of the revival pages."""

from __future__ import annotations

from typing import Any

from django import template

from jahesh.core.templatetags.jahesh import num

register = template.Library()


@register.filter(is_safe=True)
def bn(value: Any) -> str:
    """Rials as billions of rials with one decimal: 12_345_000_000 → «۱۲٫۳»; None → "—"."""
    try:
        return num(float(value) / 1e9, 1)
    except (TypeError, ValueError):
        return num(None)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key, mapping.get(str(key)))
    except AttributeError:
        return None
