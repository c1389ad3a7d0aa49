"""Sample objects for the URL walk (tests/web/test_access.py), one module per app.

A module here may define, each taking the fixture ``world`` (created objects as needed, and return):

- ``page_kwargs(world) -> {route_name: kwargs}`` for the app's pages with parameters;
- ``page_visible(world) -> {route_name: {usernames}}``: who, among the roles the page lets in, sees that
  object (everyone else with the role answers 404); a route not listed uses the unit rule (the unit-rep's
  own unit);
- ``api_values(world) -> {param: value}`` for the API's ``<param>`` placeholders (e.g. ``"case_id"``);
- ``api_visible(world) -> {param: {usernames}}``: who sees the object a parameter names.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any


def _modules():
    for info in pkgutil.iter_modules(__path__):
        yield importlib.import_module(f"{__name__}.{info.name}")


def collect(world: Any) -> dict[str, dict]:
    out: dict[str, dict] = {"page_kwargs": {}, "page_visible": {}, "api_values": {}, "api_visible": {}}
    for module in _modules():
        for key in out:
            fn = getattr(module, key, None)
            if fn is not None:
                out[key].update(fn(world))
    return out
