"""The committed OpenAPI snapshot (``jahesh/api/openapi.json``) and the live schema it must equal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).with_name("openapi.json")
UPDATE_COMMAND = "jahesh manage api_schema --write"


def live_schema() -> dict[str, Any]:
    from .main import api

    return api.get_openapi_schema()


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def snapshot_text() -> str:
    return SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""
