"""Every list answers with a fixed number of queries, however many rows it shows (no N+1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jahesh.registry.models import Country, Input, MonthlyReport, ProductLine, ReportExport, ReportLine, Unit
from jahesh.registry.stats import current_report_month

pytestmark = pytest.mark.django_db


def grow(world, n: int, start: int = 0) -> None:
    """More units, each with two product lines, an input each and reports with exports."""
    import random

    from jahesh.core.identifiers import make_legal_id

    rng = random.Random(11 + start)
    country, _ = Country.objects.get_or_create(
        iso3="IRQ", defaults={"iso_numeric": "368", "name": "عراق", "name_en": "Iraq"}
    )
    now = current_report_month()
    for i in range(start, start + n):
        unit = Unit.objects.create(
            region=world.region,
            name=f"واحد {i}",
            county=world.counties[i % 2],
            isic="2394",
            legal_id=make_legal_id(rng),
        )
        world.users["unit-rep"].units.add(unit)
        for j in range(2):
            line = ProductLine.objects.create(
                unit=unit,
                hs_code="252329",
                name=f"محصول {j}",
                unit_of_measure="تن",
                nominal_capacity=Decimal("1000"),
            )
            Input.objects.create(
                product_line=line,
                hs_code="252310",
                name="کلینکر",
                unit_of_measure="تن",
                quantity_per_output=Decimal("0.5"),
                origin="imported",
                origin_country=country,
            )
            for m in range(3):
                report, _ = MonthlyReport.objects.get_or_create(
                    unit=unit, month=now - m, defaults={"employment": 5}
                )
                ReportLine.objects.create(report=report, product_line=line, output=Decimal("10"))
        for report in unit.reports.all():
            ReportExport.objects.create(report=report, country=country, value_usd=Decimal("100"))


# Each count: the token (1), then what the endpoint itself needs.
LISTS = [
    ("/api/v1/units", 4),  # token, region, count, page (county and estate joined)
    ("/api/v1/units?status=active&county={county}&sort=-utilisation", 5),  # + the county the filter names
    ("/api/v1/reports", 5),  # token, count, page (unit joined), lines, exports
    ("/api/v1/reports?unit={unit}&month_from=1400/01&state=submitted", 5),
    ("/api/v1/units/{unit}/product-lines", 4),  # token, the unit, count, page
    ("/api/v1/units/{unit}/inputs", 4),
    ("/api/v1/counties", 3),
    ("/api/v1/estates", 3),
    ("/api/v1/agencies", 3),
    ("/api/v1/countries", 3),
    ("/api/v1/hs", 3),
    ("/api/v1/isic/classes", 1),  # bundled data, no table
]


@pytest.mark.parametrize(("url", "queries"), LISTS)
@pytest.mark.parametrize("who", ["secretariat", "unit-rep"])
def test_list_query_counts_are_pinned_and_do_not_grow(
    world, api_for, django_assert_num_queries, url, queries, who
):
    client = api_for(who)
    grow(world, 1)
    url = url.format(unit=Unit.objects.order_by("-pk").first().pk, county=world.counties[0].pk)
    assert client.get(url).status_code == 200  # the token's last_used_at is written on first use
    with django_assert_num_queries(queries):
        small = client.get(url)
    grow(world, 4, start=1)
    with django_assert_num_queries(queries):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert large.json()["count"] >= small.json()["count"]


def test_unit_detail_query_count(world, api_for, django_assert_num_queries):
    client = api_for("secretariat")
    url = f"/api/v1/units/{world.units[0].pk}"
    client.get(url)
    with django_assert_num_queries(3):  # token, unit with county/estate/region/bank, its product lines
        assert client.get(url).status_code == 200
