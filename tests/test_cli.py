"""The `jahesh` command as a new user runs it: demo, serve, generate, manage."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

JAHESH = [sys.executable, "-m", "jahesh.cli"]


def run(args: list[str], home: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JAHESH_", "DATABASE_URL", "DJANGO_"))}
    return subprocess.run(
        [*JAHESH, *args],
        env={**clean, "JAHESH_HOME": str(home), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("demo")
    out = run(
        ["demo", "--no-serve", "--units", "80", "--months", "12", "--seed", "3"],
        home,
        JAHESH_DEMO_PASSWORD="s3cret-demo-pw",
    )
    assert out.returncode == 0, out.stderr
    return home


def test_demo_builds_a_fresh_region_and_prints_the_users(demo_home):
    db = sqlite3.connect(demo_home / "jahesh.sqlite3")
    assert db.execute("select count(*) from registry_unit").fetchone()[0] == 80
    assert db.execute("select count(*) from registry_county").fetchone()[0] == 8
    users = {row[0] for row in db.execute("select username from core_user")}
    assert {"secretariat", "leadership", "agency-tax", "agency-social", "bank-officer", "unit-rep"} <= users


def test_demo_prints_names_and_the_chosen_password(tmp_path):
    out = run(
        ["demo", "--no-serve", "--units", "30", "--months", "6"],
        tmp_path,
        JAHESH_DEMO_PASSWORD="another-pw-1",
    )
    assert out.returncode == 0, out.stderr
    assert "another-pw-1" in out.stdout and "unit-rep" in out.stdout and "bank-officer" in out.stdout


def test_demo_twice_starts_again_from_scratch(tmp_path):
    for units in (40, 25):
        out = run(["demo", "--no-serve", "--units", str(units), "--months", "6"], tmp_path)
        assert out.returncode == 0, out.stderr
    db = sqlite3.connect(tmp_path / "jahesh.sqlite3")
    assert db.execute("select count(*) from registry_unit").fetchone()[0] == 25


def test_serve_answers_on_localhost(demo_home):
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("JAHESH_", "DATABASE_URL", "DJANGO_"))}
    proc = subprocess.Popen(
        [*JAHESH, "serve", "--port", str(port)],
        env={**clean, "JAHESH_HOME": str(demo_home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert body is not None, "the server did not answer"
        assert 'dir="rtl"' in body and "echarts.min.js" in body
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/jahesh/vendor/echarts/echarts.min.js"
        ) as r:
            assert r.status == 200 and len(r.read()) > 500_000  # served from the package, offline
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_generate_adds_units_to_the_configured_database(tmp_path):
    out = run(["generate", "--units", "20", "--months", "6", "--seed", "9"], tmp_path)
    assert out.returncode == 0, out.stderr
    db = sqlite3.connect(tmp_path / "jahesh.sqlite3")
    assert db.execute("select count(*) from registry_unit").fetchone()[0] == 20


def test_manage_runs_django_commands(tmp_path):
    out = run(["manage", "showmigrations", "registry"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert "registry" in out.stdout


@pytest.mark.parametrize("args", [["demo", "--units", "0", "--no-serve"], ["generate"], ["frobnicate"]])
def test_bad_arguments_exit_with_a_message(tmp_path, args):
    out = run(args, tmp_path)
    assert out.returncode == 2
    assert "usage" in out.stderr.lower() or "error" in out.stderr.lower()
