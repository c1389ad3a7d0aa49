"""Cases, referrals, field visits and categories for the URL walk.

A case about the unit-rep's unit referred to the tax agency (so agency-tax sees it, agency-social and the bank
do not), a field visit to that unit made with the tax agency, and a category (admin only). A second, newer
case with no referral is made last so that other samples picking "the unit's latest case" get one no agency
was asked about.
"""

from __future__ import annotations

import datetime as dt

CASE_SEERS = {"admin", "secretariat", "leadership", "unit-rep", "agency-tax"}


def _objects(world):
    if getattr(world, "_cases_samples", None):
        return world._cases_samples
    from django.utils import timezone

    from jahesh.cases.models import Case, Category, FieldVisit, Referral

    own = world.units[0]
    tax = Category.objects.get(code="tax")
    visit = FieldVisit.objects.create(
        unit=own, visited_on=timezone.localdate(), visitors="بازدیدکننده", agency=world.tax, findings="یافته"
    )
    case = Case.objects.create(
        unit=own,
        category=tax,
        title="نمونه ارجاع‌شده",
        description="نمونه",
        state="referred",
        visit=visit,
        created_at=timezone.now() - dt.timedelta(days=1),
    )
    referral = Referral.objects.create(
        case=case, agency=world.tax, due_on=timezone.localdate() + dt.timedelta(days=10)
    )
    Case.objects.create(unit=own, category=tax, title="نمونه", description="نمونه")
    world._cases_samples = (case, referral, visit, tax)
    return world._cases_samples


def page_kwargs(world):
    case, _referral, visit, category = _objects(world)
    return {
        "case-detail": {"pk": case.pk},
        "visit-detail": {"pk": visit.pk},
        "category-edit": {"pk": category.pk},
    }


def page_visible(world):
    return {
        "case-detail": CASE_SEERS,
        "visit-detail": CASE_SEERS,
        "category-edit": {"admin"},
    }


def api_values(world):
    case, referral, _visit, _category = _objects(world)
    return {"case_id": case.pk, "referral_id": referral.pk}


def api_visible(world):
    return {"case_id": CASE_SEERS, "referral_id": {"agency-tax"}}
