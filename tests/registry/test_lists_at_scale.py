"""What the national-scale shortcuts must not change: the overview's figures and the unit list's pages.

``stats.overview`` sums every figure from one grouped query, and ``UnitPages`` reads a page through its ids
(sorting the matches of a short list; walking the sort index of a long one, from the end for a page in its
second half). Both are checked here against the plain way — each figure counted unit by unit in Python,
each page sliced from the ordered queryset — on a generated registry with every status, empty utilisations
and ties in every sort key, and both ways of finding a page.
"""

from __future__ import annotations

import random

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict

from jahesh.demo.generate import build_region, generate_units
from jahesh.registry import forms, stats
from jahesh.registry.forms import SORTS, UnitFilterForm, UnitPages
from jahesh.registry.models import County, OperatingStatus, Unit

pytestmark = pytest.mark.django_db

N_UNITS = 160


@pytest.fixture
def region():
    region = build_region(seed=3)
    generate_units(region, N_UNITS, months=14, seed=3)
    units = list(Unit.objects.order_by("pk"))
    # Ties in every sort key: equal names, utilisations, months and employment on different units.
    for a, b in zip(units[::7], units[1::7], strict=False):
        Unit.objects.filter(pk=b.pk).update(
            name=a.name,
            name_key=a.name_key,
            utilisation=a.utilisation,
            last_accepted_month=a.last_accepted_month,
            last_employment=a.last_employment,
        )
    return region


@pytest.fixture(params=["sort the matches", "walk the index"])
def strategy(request, monkeypatch):
    """Both ways UnitPages finds a page: the threshold set so that every list here takes one or the other."""
    monkeypatch.setattr(forms, "SORT_MATCHES_UP_TO", N_UNITS if request.param == "sort the matches" else 0)
    return request.param


def test_overview_figures_are_the_unit_by_unit_counts(region):
    ov = stats.overview(region, lang="fa")
    units = list(Unit.objects.filter(region=region))
    now = stats.current_report_month()

    def band(u: Unit) -> str | None:
        for code, _label, low, high in stats.BANDS:
            above = u.utilisation is not None and (low is None or u.utilisation >= low)
            if above and (high is None or u.utilisation < high):
                return code
        return None

    def fresh(u: Unit, code: str) -> bool:
        return Unit.objects.filter(pk=u.pk).filter(stats.freshness_q(code, region, now)).exists()

    assert ov.total == len(units)
    assert {code: n for code, _l, n, _s in ov.by_status} == {
        code: sum(u.status == code for u in units) for code in OperatingStatus.values
    }
    assert ov.employment == sum(u.last_employment or 0 for u in units)
    counties = list(County.objects.filter(region=region).order_by("-population", "name"))
    reporting = set(stats.REPORTING)
    for county, (_name, bands), (_n, idle, rep, _share), (_m, stale, warning, rep2) in zip(
        counties, ov.bands_by_county, ov.idle_by_county, ov.stale_by_county, strict=True
    ):
        mine = [u for u in units if u.county_id == county.pk]
        assert bands == [sum(band(u) == code for u in mine) for code in stats.BAND_CODES]
        assert idle == sum(u.status == OperatingStatus.IDLE for u in mine)
        assert rep == rep2 == sum(u.status in reporting for u in mine)
        assert stale == sum(u.status in reporting and fresh(u, "stale") for u in mine)
        assert warning == sum(u.status in reporting and fresh(u, "warning") for u in mine)
    divisions = {d: counts for d, _title, counts in ov.bands_by_division}
    assert divisions == {
        d: [sum(band(u) == code for u in units if u.isic[:2] == d) for code in stats.BAND_CODES]
        for d in {u.isic[:2] for u in units}
    }
    assert sum(map(sum, divisions.values())) == sum(band(u) is not None for u in units)


@pytest.mark.parametrize("sort", list(SORTS))
def test_every_page_of_every_sort_is_the_sliced_queryset(region, strategy, sort):
    units = UnitFilterForm(QueryDict(f"sort={sort}"), region=region).filter(Unit.objects.all())
    expected = list(units.values_list("pk", flat=True))
    assert len(expected) == N_UNITS
    pages = UnitPages(units)
    paginator = Paginator(pages, 25)
    got = [u.pk for n in paginator.page_range for u in paginator.page(n).object_list]
    assert got == expected
    # Any slice, from the front or from the end, is the queryset's slice.
    rng = random.Random(sort)
    for _ in range(20):
        start = rng.randrange(N_UNITS + 5)
        stop = start + rng.randrange(1, 60)
        assert [u.pk for u in pages[start:stop]] == expected[start:stop]


def test_filtered_pages_and_the_count(region, strategy):
    county = County.objects.filter(region=region).order_by("pk").first()
    data = QueryDict(mutable=True)
    data.setlist("status", ["active", "semi_active"])
    data["county"] = str(county.pk)
    data["sort"] = "-utilisation"
    units = UnitFilterForm(data, region=region).filter(Unit.objects.all())
    expected = list(units.values_list("pk", flat=True))
    pages = UnitPages(units)
    assert pages.count() == len(pages) == len(expected) > 0
    assert [u.pk for u in pages[0 : len(expected)]] == expected
    assert [u.pk for u in pages[len(expected) - 3 : len(expected) + 10]] == expected[-3:]
    assert pages[len(expected) : len(expected) + 5] == []


def test_a_page_is_one_query_with_county_and_estate(region, strategy, django_assert_num_queries):
    units = UnitFilterForm(QueryDict("sort=county"), region=region).filter(Unit.objects.all())
    pages = UnitPages(units)
    pages.count()
    for start in (0, N_UNITS - 20):
        with django_assert_num_queries(1):
            page = pages[start : start + 20]
            names = [(u.county.name, u.estate.name if u.estate_id else "") for u in page]
        assert len(names) == 20


def test_an_unordered_queryset_is_refused():
    with pytest.raises(ValueError, match="ordered"):
        UnitPages(Unit.objects.order_by())


def test_the_name_search_has_a_trigram_index_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only (migration 0003 skips it elsewhere)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'unit_name_key_trigram'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition
