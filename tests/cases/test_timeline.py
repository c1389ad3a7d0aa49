"""The case's one timeline: other apps' items merged in order, and the unit's figures before and after."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.cases import timeline
from jahesh.cases.models import CaseEvent
from jahesh.core import jalali
from jahesh.registry.stats import current_report_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    seen = []

    def resolutions(case, user):
        seen.append(user.username)
        if user.role == "agency" and user.agency.code == "ss":
            return []  # the provider applies its own access rules
        return [
            timeline.TimelineItem(
                at=case.created_at + dt.timedelta(minutes=1),
                kind="resolution",
                title="مصوبه جلسه ۱۲",
                text="بند ۳",
                url="/sessions/12/",
                agency="امور مالیاتی",
            )
        ]

    timeline.register(resolutions)
    timeline.register(resolutions)  # twice is harmless
    yield seen
    timeline.unregister(resolutions)


def test_provider_items_are_merged_in_time_order_on_the_page(world, referred, client_for, provider):
    entries = timeline.entries(referred, world.users["secretariat"])
    kinds = [e.kind for e in entries]
    # figures of the month before intake (dated at that month's end), then raise, triage and referral (all
    # made within the fixture, well inside a minute), then the resolution dated one minute after intake.
    assert kinds == ["figures", "raised", "triaged", "referred", "resolution"]
    page = client_for("agency-tax").get(f"/cases/{referred.pk}/").content.decode()
    assert 'href="/sessions/12/"' in page and "مصوبه جلسه ۱۲" in page and "بند ۳" in page
    assert "مصوبه جلسه ۱۲" not in client_for("agency-social").get(f"/cases/{referred.pk}/").content.decode()


def test_api_view_of_events_reads_as_items(world, referred):
    event = CaseEvent.objects.filter(case=referred, kind="referred").get()
    item = timeline.as_item(event)
    assert (item.kind, item.title, item.agency) == ("referred", "ارجاع شده", "امور مالیاتی")


def test_unit_figures_before_intake(world, referred, client_for):
    # world.units[0] reports 900 t a month on a 12,000 t/year line (1,000 a month) → 90 %, 40 persons, every
    # month up to the current report month; the case was raised this month, so "before" is the last month
    # reported before this Jalali month.
    intake = jalali.month_index(*jalali.jalali_month_of(timezone.now()))
    before = min(current_report_month(), intake - 1)
    items = timeline.unit_figures(referred)
    assert len(items) == 1
    assert items[0].kind == "figures"
    assert jalali.format_jalali_month(*jalali.from_month_index(before)) in items[0].title
    assert items[0].text == "ضریب بهره‌برداری ۹۰٫۰٪ · اشتغال ۴۰ نفر"
    page = client_for("unit-rep").get(f"/cases/{referred.pk}/").content.decode()
    assert "ضریب بهره‌برداری ۹۰٫۰٪" in page
