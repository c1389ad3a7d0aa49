"""``jahesh demo`` builds the demo world after the region; a small demo gets a small world, quickly."""

from __future__ import annotations

import sqlite3
import time

from tests.test_cli import run


def test_small_demo_builds_a_small_world_quickly(tmp_path):
    started = time.monotonic()
    out = run(["demo", "--no-serve", "--units", "30", "--months", "6"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert time.monotonic() - started < 60
    assert "Demo world trade: 40 countries × 200 products" in out.stdout
    db = sqlite3.connect(tmp_path / "jahesh.sqlite3")
    years = db.execute("SELECT COUNT(*), SUM(export_flows) FROM trade_tradeyear").fetchone()
    assert years[0] == 5
    assert years[1] == db.execute("SELECT COUNT(*) FROM trade_exportflow").fetchone()[0] > 0
    iran = db.execute(
        "SELECT COUNT(*) FROM trade_exportflow f JOIN trade_tradelocation l ON l.id = f.location_id "
        "WHERE l.code = 'IRN'"
    ).fetchone()[0]
    assert iran > 0
