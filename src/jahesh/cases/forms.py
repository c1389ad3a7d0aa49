"""Forms at the edge of the cases pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jahesh.core import jalali
from jahesh.core.text import parse_decimal
from jahesh.registry.models import Agency, County, Unit

from .models import Case, Category, Referral


class JalaliDateField(forms.CharField):
    """A Jalali date typed as 1405/09/20 (Persian or English digits), cleaned to a Gregorian date."""

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return jalali.parse_jalali_date(text)
        except jalali.JalaliError as exc:
            raise ValidationError(gettext(exc.template), code=exc.code, params=exc.params) from None


class AmountField(forms.CharField):
    """A whole amount of rials; Persian digits and thousands separators are accepted."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            amount = parse_decimal(text)
        except (ValueError, ArithmeticError):
            amount = None
        if amount is None or amount < 0 or amount != amount.to_integral_value() or amount >= 10**20:
            raise ValidationError(_("Enter the amount in whole rials."), code="invalid")
        return amount


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("parent")


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


class CaseForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    category = CategoryChoiceField(label=_("Category"), queryset=Category.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    requested_action = forms.CharField(
        label=_("Requested action"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    amount_irr = AmountField(
        label=_("Amount at stake (IRR)"), required=False, widget=forms.TextInput(attrs={"maxlength": 40})
    )
    # A text box, not type=number: people type Persian digits, which a number input refuses.
    jobs_at_stake = forms.IntegerField(
        label=_("Jobs at stake"),
        required=False,
        min_value=0,
        max_value=10**6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 8}),
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Case.Severity.choices, initial=Case.Severity.MEDIUM
    )
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[
            (Case.Source.SECRETARIAT, Case.Source.SECRETARIAT.label),
            (Case.Source.FIELD_VISIT, Case.Source.FIELD_VISIT.label),
        ],
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], staff: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("name_key", "id")
        self.fields["category"].queryset = categories()
        if not staff:
            del self.fields["source"]


class CaseFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", "—"), *Case.State.choices])
    category = CategoryChoiceField(label=_("Category"), required=False, queryset=Category.objects.none())
    county = forms.ModelChoiceField(label=_("County"), required=False, queryset=County.objects.none())
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    recurring = forms.BooleanField(label=_("Recurring only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories()
        self.fields["county"].queryset = County.objects.order_by("name_key")


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TriageForm(VersionForm):
    category = CategoryChoiceField(label=_("Category"), queryset=Category.objects.none())
    severity = forms.ChoiceField(label=_("Severity"), choices=Case.Severity.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories()


class ReferForm(VersionForm):
    agencies = forms.ModelMultipleChoiceField(label=_("Agencies"), queryset=Agency.objects.none())
    due_on = JalaliDateField(
        label=_("Due date"),
        required=False,
        help_text=_("Leave empty for the category's default number of days."),
    )

    def __init__(self, *args: Any, region_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(region_id=region_id).order_by("kind", "name")


class AnswerForm(forms.Form):
    referral = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[(s.value, s.label) for s in Referral.Status if s.value in Referral.ANSWERS],
    )
    text = forms.CharField(label=_("Answer text"), widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
    private = forms.BooleanField(label=_("Private to my agency"), required=False)


class MoveForm(VersionForm):
    to = forms.ChoiceField(choices=Case.State.choices)


class CloseForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Case.Outcome.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)
