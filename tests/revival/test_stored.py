"""The stored watch list and screening: the same figures as a fresh computation, kept so after reports are
reviewed, submitted and cases raised through the named actions; the pages read them in a fixed number of
queries; the settings and the button recompute them."""

from __future__ import annotations

import math
import random
from decimal import Decimal

import pytest

from jahesh.core.models import AuditEvent, Role, User
from jahesh.registry.models import MonthlyReport, Unit
from jahesh.revival import figures, stored
from jahesh.revival.models import RevivalState, ScreeningRow, WatchRow

pytestmark = pytest.mark.django_db


def _same(a, b) -> bool:
    a = None if a is None or (isinstance(a, float) and math.isnan(a)) else a
    b = None if b is None or (isinstance(b, float) and math.isnan(b)) else b
    if isinstance(a, float) and isinstance(b, float):
        return a == b
    return a == b


def _assert_matches_fresh(region) -> None:
    """Every stored row equals ``figures``' fresh computation, field by field, exactly (no tolerance)."""
    state = RevivalState.objects.get(region=region)
    conf = figures.settings_for(region)
    warning = figures.watch_list(region, conf, state.month)
    made = stored._watch_rows(region, warning, conf, state.month, state.computed_at)
    fresh_watch = {r.unit_id: r for r in made}
    rows = {r.unit_id: r for r in WatchRow.objects.filter(region=region)}
    assert set(rows) == set(fresh_watch)
    fields = [f.attname for f in WatchRow._meta.concrete_fields if f.attname not in ("id", "computed_at")]
    for u, row in rows.items():
        for f in fields:
            assert _same(getattr(row, f), getattr(fresh_watch[u], f)), (u, f)
    # The stored order is the computation's order (the steepest fall first).
    ordered = (
        WatchRow.objects.filter(region=region).order_by(*stored.WATCH_ORDER).values_list("unit_id", flat=True)
    )
    assert list(ordered) == [int(u) for u in warning.frame["unit"]]

    frame = figures.screening(region, conf, now=state.month)
    fresh_screen = {
        r.unit_id: r for r in stored._screening_rows(region, frame, conf, state.month, state.computed_at)
    }
    rows = {r.unit_id: r for r in ScreeningRow.objects.filter(region=region)}
    assert set(rows) == set(fresh_screen)
    fields = [f.attname for f in ScreeningRow._meta.concrete_fields if f.attname not in ("id", "computed_at")]
    for u, row in rows.items():
        for f in fields:
            assert _same(getattr(row, f), getattr(fresh_screen[u], f)), (u, f)
    # The order the screening page used when it computed per request: best score first, unscored last.
    before = frame.sort_values(["score", "jobs"], ascending=[False, False], na_position="last", kind="stable")
    ordered = ScreeningRow.objects.filter(region=region).order_by(*stored.SCREENING_ORDER)
    assert list(ordered.values_list("unit_id", flat=True)) == [int(u) for u in before.index]


@pytest.fixture
def registry():
    """A random registry of 120 units × 18 months made by the demo generator, with a few cases."""
    from jahesh.cases.models import Case, Category
    from jahesh.demo.generate import build_region, generate_units

    region = build_region(seed=7)
    generate_units(region, 120, months=18, seed=7)
    categories = list(Category.objects.filter(parent__isnull=False).order_by("code"))
    prng = random.Random(7)
    units = list(Unit.objects.filter(region=region).order_by("pk"))
    Case.objects.bulk_create(
        [
            Case(
                unit=u,
                category=prng.choice(categories),
                title="مانع",
                description="شرح",
                amount_irr=Decimal(prng.randrange(1, 50)) * Decimal("1e9"),
            )
            for u in prng.sample(units, 60)
        ]
    )
    secretariat = User.objects.create_user("sec-bench", password="x", role=Role.SECRETARIAT)
    return region, secretariat


def test_stored_rows_equal_a_fresh_computation_after_reports_change(registry):
    from jahesh.cases import actions as case_actions
    from jahesh.cases.models import Category
    from jahesh.registry import actions as reg

    region, sec = registry
    done = stored.refresh_region(region)
    assert done.watched > 0 and done.screened > 0
    _assert_matches_fresh(region)

    # Reports reviewed: accept half of the submitted reports and return the other half (a returned report no
    # longer counts, so utilisation and employment change); then silence falls and rises for others.
    submitted = list(MonthlyReport.objects.filter(unit__region=region, state="submitted").order_by("pk")[:30])
    assert submitted
    for i, r in enumerate(submitted):
        reg.review_report(actor=sec, report=r, accept=i % 2 == 0, reason="ناقص", version=r.version)
    # A unit that made nothing reports a full month; a case is raised on an idle unit.
    state = RevivalState.objects.get(region=region)
    idle = Unit.objects.filter(region=region, status="idle").order_by("pk").first()
    line = idle.product_lines.order_by("pk").first()
    reg.submit_report(
        actor=sec,
        unit=idle,
        month=state.month,
        employment=3,
        outputs={line.pk: line.nominal_capacity / 12},
    )
    case_actions.raise_case(
        actor=sec,
        unit=idle,
        category=Category.objects.get(code="judicial"),
        title="دعوی",
        description="شرح",
    )
    changed = set(
        AuditEvent.objects.filter(unit__region=region, at__gt=state.events_seen_at).values_list(
            "unit_id", flat=True
        )
    )
    assert 0 < len(changed) <= stored.MAX_INLINE
    before = WatchRow.objects.count() + ScreeningRow.objects.count()

    fresh = stored.ensure_fresh(region)

    assert fresh.pending == 0 and fresh.units_refreshed_at is not None
    _assert_matches_fresh(region)
    assert before > 0


def test_settings_change_recomputes_every_row(registry):
    from jahesh.revival import actions

    region, _sec = registry
    stored.refresh_region(region)
    watched = WatchRow.objects.filter(region=region).count()
    admin = User.objects.create_user("adm", password="x", role=Role.ADMIN)
    conf = figures.settings_for(region)
    # Thresholds of 1 point / 1 % watch more units; the new rows carry the new settings' version.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        actions.update_settings(
            actor=admin,
            region=region,
            version=conf.version,
            values={"drop_points": Decimal("1"), "employment_drop_pct": Decimal("1")},
        )
    conf.refresh_from_db()
    assert WatchRow.objects.filter(region=region).count() > watched
    assert set(WatchRow.objects.values_list("settings_version", flat=True)) == {conf.version}
    _assert_matches_fresh(region)


def test_many_changed_units_are_left_to_the_button(registry, monkeypatch):
    region, _sec = registry
    stored.refresh_region(region)
    monkeypatch.setattr(stored, "MAX_INLINE", 2)
    reg_units = list(Unit.objects.filter(region=region).order_by("pk")[:3])
    for u in reg_units:
        AuditEvent.objects.create(action="unit.edited", object_type="registry.unit", object_id=u.pk, unit=u)
    fresh = stored.ensure_fresh(region)
    assert fresh.pending == 2 and fresh.pending_more


def test_pages_read_stored_rows_in_a_fixed_number_of_queries(
    world, candidates, client_for, django_assert_num_queries
):
    client = client_for("secretariat")
    assert client.get("/revival/screening/").status_code == 200  # the first look computes and stores
    assert ScreeningRow.objects.count() == 3  # semi, idle, north
    # Session and user, region, state, settings, audit events since, verdict counts, count, the page's rows,
    # their units' names, the notification badge, the counties of the filter: the same whether 3 or 100,000
    # units are screened.
    with django_assert_num_queries(12):
        response = client.get("/revival/screening/?verdict=revivable")
    text = response.content.decode()
    assert "محاسبه در" in text and "محاسبهٔ دوباره" in text  # "computed at", the recompute button
    assert candidates.idle.name in text
    with django_assert_num_queries(12):  # no verdict counts; the units with their counties; the chosen county
        response = client.get(f"/revival/watch/?county={candidates.idle.county_id}&reason=silent")
    assert response.status_code == 200
    assert f'id="trend-{candidates.idle.pk}"' in response.content.decode()  # silent for 9 months
    # Leadership reads the lists but has no button.
    assert "محاسبهٔ دوباره" not in client_for("leadership").get("/revival/watch/").content.decode()


def test_an_override_shows_on_the_list_at_the_next_look(world, candidates, client_for):
    client = client_for("secretariat")
    client.get("/revival/screening/")
    url = f"/revival/screening/{candidates.semi.pk}/"
    client.post(url, {"verdict": "not_revivable", "reason": "سوله فروخته شد", "version": 0})
    assert ScreeningRow.objects.get(unit=candidates.semi).override == ""  # not yet read
    client.get("/revival/screening/")
    row = ScreeningRow.objects.get(unit=candidates.semi)
    assert (row.override, row.verdict) == ("not_revivable", "not_revivable")


def test_recompute_button_is_the_secretariats_and_audited(world, candidates, client_for):
    refused = client_for("leadership").post("/revival/recompute/", {"back": "revival-screening"})
    assert refused.status_code == 403
    response = client_for("secretariat").post("/revival/recompute/", {"back": "revival-screening"})
    assert response.status_code == 302 and response["Location"] == "/revival/screening/"
    assert ScreeningRow.objects.count() == 3
    event = AuditEvent.objects.get(action="revival.recomputed")
    assert event.after["screened"] == 3
    # An unknown "back" goes to the watch list, never elsewhere.
    response = client_for("secretariat").post("/revival/recompute/", {"back": "https://evil.example/"})
    assert response["Location"] == "/revival/watch/"


def test_a_change_is_recomputed_once_though_events_are_read_again(world, candidates, monkeypatch):
    stored.refresh_region(world.region)
    calls = []
    real = stored.refresh_units
    monkeypatch.setattr(stored, "refresh_units", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    unit = candidates.semi
    AuditEvent.objects.create(action="unit.edited", object_type="registry.unit", object_id=unit.pk, unit=unit)
    stored.ensure_fresh(world.region)
    stored.ensure_fresh(world.region)  # within LAG: the same event is read again but not recomputed again
    assert calls == [[unit.pk]]
    other = candidates.north
    AuditEvent.objects.create(action="unit.edited", object_type="registry.unit", object_id=1, unit=other)
    stored.ensure_fresh(world.region)
    assert calls == [[unit.pk], [other.pk]]
