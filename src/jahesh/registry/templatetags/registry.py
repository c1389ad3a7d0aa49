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
