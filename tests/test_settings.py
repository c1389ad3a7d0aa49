"""Settings come from the environment and are parsed strictly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def load(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = "import jahesh.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'])"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JAHESH_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_defaults_are_sqlite_and_not_debug(tmp_path):
    out = load({"JAHESH_HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] == "False"
    assert "sqlite3" in out.stdout


def test_database_url_and_hosts_are_read(tmp_path):
    out = load(
        {
            "JAHESH_HOME": str(tmp_path),
            "DATABASE_URL": "postgres://u@db.example:5432/jahesh",
            "JAHESH_ALLOWED_HOSTS": "jahesh.semnan.example, 10.0.0.5",
            "JAHESH_DEBUG": "yes",
        }
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("True ['jahesh.semnan.example', '10.0.0.5'] django.db.backends.postgresql")


@pytest.mark.parametrize(("name", "value"), [("JAHESH_DEBUG", "maybe"), ("JAHESH_PAGE_SIZE", "fifty")])
def test_a_typo_stops_the_process_with_a_message(tmp_path, name, value):
    out = load({"JAHESH_HOME": str(tmp_path), name: value})
    assert out.returncode != 0
    assert name in out.stderr and value in out.stderr
