from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def display(obj: Any, lang: str = "fa") -> str:
    """A named object in the active language: its English name in ``en`` where it has one."""
    if obj is None:
        return ""
    if hasattr(obj, "display_name"):
        return str(obj.display_name((lang or "fa")[:2]))
    return str(obj)


@register.filter
def util(value: Any) -> str:
    """A utilisation as a percentage with one decimal, rounded down: 49.96 % shows as 49.9 %, so a unit
    below the threshold never reads as sitting on it."""
    from decimal import ROUND_FLOOR, Decimal, InvalidOperation

    from jahesh.core.templatetags.jahesh import pct

    if value is None:
        return pct(None)
    try:
        floored = Decimal(str(value)).quantize(Decimal("0.001"), rounding=ROUND_FLOOR)
    except (InvalidOperation, ValueError):
        return pct(None)
    return pct(floored, 1)
