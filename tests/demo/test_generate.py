"""The demo region: reference data, and units and reports that look like the published picture."""

from __future__ import annotations

import collections
import hashlib
import random
import re
from decimal import Decimal

import pytest
from django.db.models import Count, Max, Min, Sum

from jahesh.core import identifiers
from jahesh.core.jalali import from_month_index, month_index, month_start, today_jalali_month
from jahesh.core.text import search_key
from jahesh.demo import reference as R
from jahesh.demo.generate import build_region, default_end_month, generate_units
from jahesh.registry.models import (
    Agency,
    Country,
    County,
    Estate,
    Input,
    MonthlyReport,
    OperatingStatus,
    ProductLine,
    Region,
    ReportExport,
    ReportLine,
    Unit,
)
from jahesh.registry.status import refresh_status
from tests.conftest import SHARED_DATA

END = month_index(1404, 6)  # Shahrivar 1404: fixed, so nothing depends on today's date
MONTHS = 24
N_UNITS = 150


def _wipe(region: Region, new_countries: set[str]) -> None:
    """Delete the demo region and everything in it (and only that)."""
    Unit.objects.filter(region=region).delete()
    Estate.objects.filter(county__region=region).delete()
    County.objects.filter(region=region).delete()
    Agency.objects.filter(region=region).delete()
    region.delete()
    Country.objects.filter(iso3__in=new_countries).delete()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One small demo region for the whole module (generated once: it takes a second)."""
    with django_db_blocker.unblock():
        countries = set(Country.objects.values_list("iso3", flat=True))
        region = build_region(seed=1)
        summary = generate_units(region, N_UNITS, months=MONTHS, seed=1, end_month=END)
        yield region, summary
        _wipe(region, set(Country.objects.values_list("iso3", flat=True)) - countries)


def _fingerprint(region: Region) -> str:
    """A digest of everything generated, without database ids or bookkeeping timestamps."""
    parts = [
        Unit.objects.filter(region=region)
        .order_by("pk")
        .values_list(
            "name", "name_en", "legal_id", "owner_national_code", "business_id", "postal_code", "address",
            "county__code", "estate__name", "isic", "size", "ownership", "owner_bank__bank_code",
            "licence_stage", "establishment_licence_no", "establishment_licence_date", "operating_licence_no",
            "operating_licence_date", "physical_progress", "closed_reason", "closed_on", "latitude",
            "licensed_employment", "status", "status_rule", "utilisation", "last_report_month",
            "last_accepted_month", "last_employment",
        ),
        ProductLine.objects.order_by("pk").values_list(
            "unit__name", "hs_code", "name", "nominal_capacity", "unit_value_irr", "export_oriented",
            "strategic",
        ),
        Input.objects.order_by("pk").values_list(
            "product_line__unit__name", "hs_code", "quantity_per_output", "origin", "origin_region",
            "origin_country", "annual_value_irr",
        ),
        MonthlyReport.objects.order_by("pk").values_list(
            "unit__name", "month", "employment", "sales_irr", "energy_kwh", "state", "return_reason",
            "submitted_at", "reviewed_at",
        ),
        ReportLine.objects.order_by("pk").values_list("report__unit__name", "report__month", "output"),
        ReportExport.objects.order_by("pk").values_list("report__unit__name", "country", "value_usd"),
    ]  # fmt: skip
    digest = hashlib.sha256()
    for qs in parts:
        for row in qs:
            digest.update(repr(row).encode())
    return digest.hexdigest()


# -- Reference data ----------------------------------------------------------------------------------------


def test_counties_are_semnans_eight_with_their_1395_populations():
    assert len(R.COUNTIES) == 8
    assert sum(c.population for c in R.COUNTIES) == R.CENSUS_TOTAL == 702_360
    assert R.CENSUS_YEAR == 1395
    assert {c.name for c in R.COUNTIES} == {
        "شاهرود", "سمنان", "دامغان", "گرمسار", "مهدی\u200cشهر", "میامی", "سرخه", "آرادان",
    }  # fmt: skip
    assert all(e.county in {c.code for c in R.COUNTIES} for e in R.ESTATES)


def test_banks_lend_to_firms_and_their_codes_match_the_domain_table():
    codes = [b.bank_code for b in R.BANKS]
    assert len(codes) == len(set(codes))
    for bank in R.BANKS:
        assert re.fullmatch(r"\d{3}", bank.bank_code)
        assert bank.bank_code not in R.EXCLUDED_BANK_CODES
        sheba = identifiers.make_sheba(random.Random(bank.bank_code), bank.bank_code)
        assert identifiers.sheba_bank_code(sheba) == bank.bank_code
    table = SHARED_DATA.parent / "domain" / "semnan-and-iran.md"
    if not table.exists():
        pytest.skip(f"{table} is not here (a fresh clone); the bank table is checked in CI")
    rows = dict(
        re.findall(r"^\| (\d{3})(?: / \d{3})? \| ([^|]+?) \|", table.read_text(encoding="utf-8"), re.M)
    )
    for bank in R.BANKS:
        assert rows[bank.bank_code] == bank.name, bank.bank_code


def test_catalogue_codes_are_valid_and_consistent():
    assert len(R.CATALOGUE) >= 35
    assert len(R.KINDS) == len(R.CATALOGUE)
    iso3 = {c.iso3 for c in R.COUNTRIES}
    counties = {c.code for c in R.COUNTIES}
    for kind in R.CATALOGUE:
        assert identifiers.is_valid_hs6(kind.hs6) and identifiers.is_valid_isic_class(kind.isic), kind.key
        assert kind.capacity.low <= kind.capacity.median <= kind.capacity.high, kind.key
        assert kind.employment[0] <= kind.employment[1] <= kind.employment[2], kind.key
        assert kind.basis in (4500, 6500) and kind.value_irr > 0 and kind.inputs, kind.key
        assert all(c in iso3 for c, _ in kind.destinations) and (kind.export_propensity > 0) == bool(
            kind.destinations
        ), kind.key
        assert all(c in counties for c, _ in kind.counties), kind.key
        assert all(r in R.KINDS and r != kind.key for r in kind.related), kind.key
        assert kind.season is None or len(kind.season) == 12
        for ref in kind.inputs:
            assert identifiers.is_valid_hs6(ref.hs6) and ref.quantity > 0 and ref.origins, (kind.key, ref.hs6)
            for o in ref.origins:
                assert o.where in {"region": {""}, "other_region": R.PROVINCES, "imported": iso3}[o.kind]
    hs = SHARED_DATA / "hs" / "harmonized-system.csv"
    if not hs.exists():
        pytest.skip(f"{hs} is not here (a fresh clone); HS codes are checked against HS 2022 in CI")
    subheadings = set(re.findall(r"^[^,]*,(\d{6}),", hs.read_text(encoding="utf-8"), re.M))
    used = {k.hs6 for k in R.CATALOGUE} | {i.hs6 for k in R.CATALOGUE for i in k.inputs}
    assert used <= subheadings, sorted(used - subheadings)


def test_no_real_company_names_only_neutral_words():
    words = [w for w, _ in R.NAME_WORDS]
    assert len(words) == len(set(words)) >= 30
    assert all(" " not in w and not re.search(r"\d", w) for w in words)


# -- The region -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_build_region_is_idempotent():
    region = build_region()
    counts = (County.objects.count(), Estate.objects.count(), Agency.objects.count(), Country.objects.count())
    assert build_region().pk == region.pk
    assert (
        County.objects.count(),
        Estate.objects.count(),
        Agency.objects.count(),
        Country.objects.count(),
    ) == counts
    assert counts == (8, len(R.ESTATES), len(R.AGENCIES) + len(R.BANKS), len(R.COUNTRIES))
    assert region.code == "IR-20" and region.name == "استان سمنان"
    assert region.low_capacity_threshold == Decimal("0.5") and region.idle_months == 6
    counties = County.objects.filter(region=region)
    assert counties.aggregate(p=Sum("population"))["p"] == 702_360
    assert set(counties.values_list("population_year", flat=True)) == {1395}
    assert all(c.name_key == search_key(c.name) for c in counties)
    banks = Agency.objects.filter(region=region, kind=Agency.Kind.BANK)
    assert sorted(banks.values_list("bank_code", flat=True)) == sorted(b.bank_code for b in R.BANKS)
    assert Agency.objects.filter(region=region, kind=Agency.Kind.INDUSTRY).exists()
    assert Country.objects.get(iso3="IRQ").name == "عراق"


# -- The units --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_summary_counts_what_is_stored(demo):
    region, summary = demo
    assert summary.units == Unit.objects.filter(region=region).count() == N_UNITS
    assert summary.product_lines == ProductLine.objects.count()
    assert summary.inputs == Input.objects.count()
    assert summary.reports == MonthlyReport.objects.count()
    assert summary.report_lines == ReportLine.objects.count()
    assert summary.exports == ReportExport.objects.count()
    # One line per product line in every report, zero output included.
    per_report = MonthlyReport.objects.annotate(
        n=Count("lines", distinct=True), p=Count("unit__product_lines", distinct=True)
    )
    assert all(n == p for n, p in per_report.values_list("n", "p"))


@pytest.mark.django_db
def test_every_identifier_and_code_passes_its_validator(demo):
    units = list(Unit.objects.all())
    for u in units:
        if u.legal_id is None:
            assert identifiers.is_valid_national_code(u.owner_national_code), u.owner_national_code
            assert u.owner_national_code[:3] in identifiers.SEMNAN_OFFICE_PREFIXES
        else:
            assert identifiers.is_valid_legal_id(u.legal_id) and u.owner_national_code == ""
        assert u.business_id is None or identifiers.is_valid_business_id(u.business_id)
        assert identifiers.is_valid_postal_code(u.postal_code), u.postal_code
        assert identifiers.is_valid_isic_class(u.isic)
        assert u.name_key == search_key(u.name) and u.name_key
        u.full_clean(exclude=["region", "county", "estate", "owner_bank"])
    sole = sum(u.legal_id is None for u in units)
    assert 0 < sole < 0.15 * len(units)
    with_business_id = sum(u.business_id is not None for u in units)
    assert 0.55 * len(units) < with_business_id < 0.85 * len(units)
    assert len({u.name for u in units}) == len(units)
    assert all(identifiers.is_valid_hs6(h) for h in ProductLine.objects.values_list("hs_code", flat=True))
    assert all(identifiers.is_valid_hs6(h) for h in Input.objects.values_list("hs_code", flat=True))
    bank_owned = Unit.objects.filter(ownership=Unit.Ownership.BANK_OWNED)
    assert not bank_owned.filter(owner_bank=None).exists()
    assert not Unit.objects.exclude(ownership=Unit.Ownership.BANK_OWNED).exclude(owner_bank=None).exists()


@pytest.mark.django_db
def test_size_mix_is_mostly_small(demo):
    sizes = collections.Counter(Unit.objects.values_list("size", flat=True))
    assert sizes["micro"] + sizes["small"] > 0.8 * N_UNITS
    assert 0 < sizes["large"] < 0.12 * N_UNITS


@pytest.mark.django_db
def test_status_mix_lands_in_the_published_bands(demo):
    status = collections.Counter(Unit.objects.values_list("status", flat=True))
    operating = status["active"] + status["semi_active"] + status["idle"]
    assert 0.20 <= status["idle"] / operating <= 0.40
    assert 0.25 <= status["semi_active"] / operating <= 0.55
    assert status["active"] >= 0.15 * operating
    assert 0 < status["construction"] < 0.1 * N_UNITS
    stale = Unit.objects.filter(last_accepted_month__lte=END - 3).count()
    assert 0.04 * N_UNITS <= stale <= 0.25 * N_UNITS
    closed = Unit.objects.filter(status=OperatingStatus.CLOSED, status_rule="closed_by_hand")
    assert all(u.closed_reason and u.closed_on for u in closed)
    construction = Unit.objects.filter(status=OperatingStatus.UNDER_CONSTRUCTION)
    assert all(u.physical_progress is not None and not u.reports.exists() for u in construction)


@pytest.mark.django_db
def test_stored_figures_are_what_refresh_status_computes(demo):
    assert refresh_status(audit=False) == 0


@pytest.mark.django_db
def test_reports_stay_inside_the_window_and_after_the_licence(demo):
    span = MonthlyReport.objects.aggregate(first=Min("month"), last=Max("month"))
    assert span == {"first": END - MONTHS + 1, "last": END}
    firsts = dict(MonthlyReport.objects.values("unit").annotate(m=Min("month")).values_list("unit", "m"))
    for u in Unit.objects.filter(pk__in=firsts):
        assert u.operating_licence_date is not None
        assert (
            u.establishment_licence_date
            < u.operating_licence_date
            < month_start(*from_month_index(firsts[u.pk]))
        )
    for u in Unit.objects.filter(closed_on__isnull=False):
        assert u.operating_licence_date < u.closed_on


@pytest.mark.django_db
def test_review_states_are_mostly_accepted_and_returns_say_why(demo):
    states = collections.Counter(MonthlyReport.objects.values_list("state", flat=True))
    total = sum(states.values())
    assert 0.85 <= states["accepted"] / total <= 0.95
    assert states["submitted"] > 0 and states["returned"] > 0
    assert not MonthlyReport.objects.filter(state="returned", return_reason="").exists()
    assert not MonthlyReport.objects.exclude(state="returned").exclude(return_reason="").exists()
    assert not MonthlyReport.objects.filter(state="submitted", reviewed_at__isnull=False).exists()


@pytest.mark.django_db
def test_inputs_name_where_they_come_from(demo):
    imported = Input.objects.filter(origin=Input.Origin.IMPORTED)
    assert imported.exists() and not imported.filter(origin_country=None).exists()
    other = Input.objects.filter(origin=Input.Origin.OTHER_REGION)
    assert other.exists() and set(other.values_list("origin_region", flat=True)) <= set(R.PROVINCES)
    assert (
        not Input.objects.filter(origin=Input.Origin.REGION)
        .exclude(origin_region="", origin_country=None)
        .exists()
    )


@pytest.mark.django_db
def test_pistachio_is_processed_at_harvest(demo):
    by_month = collections.Counter()
    lines = ReportLine.objects.filter(product_line__hs_code="080251")
    for month, output in lines.values_list("report__month", "output"):
        by_month[from_month_index(month)[1]] += output
    assert by_month[7] > 4 * by_month[1] > 0  # Mehr against Farvardin


@pytest.mark.django_db
def test_some_units_decline_year_on_year(demo):
    def output_by_unit(first: int, last: int) -> dict[int, Decimal]:
        lines = ReportLine.objects.filter(report__month__range=(first, last))
        return dict(lines.values("report__unit").annotate(q=Sum("output")).values_list("report__unit", "q"))

    this_year, last_year = output_by_unit(END - 11, END), output_by_unit(END - 23, END - 12)
    falling = [u for u, q in last_year.items() if q > 0 and this_year.get(u, 0) < Decimal("0.8") * q]
    assert 0.05 * len(last_year) < len(falling) < 0.6 * len(last_year)


@pytest.mark.django_db
def test_exports_go_to_export_oriented_lines_units(demo):
    exporters = set(ReportExport.objects.values_list("report__unit", flat=True))
    assert exporters
    oriented = set(ProductLine.objects.filter(export_oriented=True).values_list("unit", flat=True))
    assert exporters <= oriented


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data(demo):
    region, _ = demo
    before = _fingerprint(region)
    Unit.objects.all().delete()  # as good as a fresh database for the generator
    generate_units(region, N_UNITS, months=MONTHS, seed=1, end_month=END)
    assert _fingerprint(region) == before
    Unit.objects.all().delete()
    generate_units(region, N_UNITS, months=MONTHS, seed=2, end_month=END)
    assert _fingerprint(region) != before
    assert not MonthlyReport.objects.filter(month__gt=END).exists()


@pytest.mark.django_db
def test_generating_again_adds_units_with_fresh_identifiers(demo):
    region, _ = demo
    generate_units(region, 20, months=3, seed=1, end_month=END)
    assert Unit.objects.count() == N_UNITS + 20
    legal = [x for x in Unit.objects.values_list("legal_id", flat=True) if x]
    business = [x for x in Unit.objects.values_list("business_id", flat=True) if x]
    assert len(legal) == len(set(legal)) and len(business) == len(set(business))


def test_default_end_month_is_the_last_complete_month():
    assert default_end_month() == month_index(*today_jalali_month()) - 1
