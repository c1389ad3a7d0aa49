"""``jahesh.analytics`` is pure numpy / scipy / pandas: nothing in it may import Django.

Two checks: a static one (every ``import`` statement in every module file, read with ``ast``) and a dynamic
one (import every module in a fresh interpreter and look for ``django`` in ``sys.modules``).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import jahesh.analytics

PACKAGE_DIR = Path(jahesh.analytics.__file__).resolve().parent
MODULE_FILES = sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE_DIR.parent.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "import_module",
            "__import__",
        ):
            names.extend(
                a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
            )
    return names


def test_there_are_modules_to_check() -> None:
    assert any(p.name == "complexity.py" for p in MODULE_FILES)


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: p.name)
def test_no_django_import_statement(path: Path) -> None:
    offending = [n for n in _imported_names(path) if n == "django" or n.startswith("django.")]
    assert not offending, f"{path.name} imports {offending}: jahesh.analytics must stay free of Django"


def test_importing_the_package_loads_no_django() -> None:
    modules = [_module_name(p) for p in MODULE_FILES]
    src_root = str(PACKAGE_DIR.parent.parent)
    code = (
        "import importlib, json, sys\n"
        f"sys.path.insert(0, {src_root!r})\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing jahesh.analytics loaded {loaded}"
