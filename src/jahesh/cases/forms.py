"""Forms at the edge of the cases pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from jahesh.core import jalali, uploads
from jahesh.core.text import parse_decimal
from jahesh.registry.models import Agency, County, Unit

from .models import Case, Category, Referral

MAX_FILES = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files at once (PDF, images, Excel), each checked by jahesh.core.uploads: one bad file and the
    form says which and why, and nothing is kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        accept = ",".join(f".{k}" for k in uploads.KINDS)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault(
            "help_text", _("PDF, images (PNG, JPEG) or Excel; several files may be chosen at once.")
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:  # type: ignore[override]
        items = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if len(items) > MAX_FILES:
            raise ValidationError(_("At most %(n)s files at once.") % {"n": MAX_FILES}, code="too_many")
        files = [super(FilesField, self).clean(d, initial) for d in items]
        errors = []
        for f in files:
            try:
                uploads.validate_upload(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files


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


class PercentField(forms.CharField):
    """A percentage 0–100 with at most one decimal; Persian digits and separators are accepted."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            number = parse_decimal(text)
        except (ValueError, ArithmeticError):
            number = None
        if number is None or not 0 <= number <= 100:
            raise ValidationError(_("Enter a percentage between 0 and 100."), code="invalid")
        return number.quantize(Decimal("0.1"))


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("parent")


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        lang = (get_language() or "fa")[:2]
        name = obj.display_name(lang)
        return f"{obj.parent.display_name(lang)} › {name}" if obj.parent_id else name


MAX_ID = 2**63 - 1


class SafeMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several rows chosen by id; an id no database integer can hold is refused like any unknown one (a
    plain ModelMultipleChoiceField sends it to the database, which fails with an overflow: a 500)."""

    def _check_values(self, value: Any) -> QuerySet[Any]:
        for pk in value if isinstance(value, list | tuple) else [value]:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text}
                )
        return super()._check_values(value)

    def label_from_instance(self, obj: Any) -> str:
        show = getattr(obj, "display_name", None)
        return show((get_language() or "fa")[:2]) if show else str(obj)


class CaseForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    category = CategoryChoiceField(label=_("Category"), queryset=Category.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    requested_action = forms.CharField(
        label=_("Requested action"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
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

    files = FilesField()


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
    agencies = SafeMultipleChoiceField(label=_("Agencies"), queryset=Agency.objects.none())
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
    text = forms.CharField(label=_("Answer text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    files = FilesField(label=_("Evidence"))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=10000, widget=forms.Textarea(attrs={"rows": 2}))
    private = forms.BooleanField(label=_("Private to my agency"), required=False)
    files = FilesField()


class MoveForm(VersionForm):
    to = forms.ChoiceField(choices=Case.State.choices)


class CloseForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Case.Outcome.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)


class VisitForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    visited_on = JalaliDateField(label=_("Date of the visit"), widget=forms.TextInput(attrs={"dir": "ltr"}))
    visitors = forms.CharField(label=_("Visitors"), max_length=300)
    agency = forms.ModelChoiceField(
        label=_("Visiting agency"), required=False, queryset=Agency.objects.none()
    )
    team = forms.CharField(label=_("Team"), max_length=200, required=False)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5}))
    utilisation_observed = PercentField(
        label=_("Utilisation observed (%)"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 6}),
    )
    employment_observed = forms.IntegerField(
        label=_("Employment observed"),
        required=False,
        min_value=0,
        max_value=10**6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 8}),
    )
    files = FilesField()

    def __init__(self, *args: Any, units: QuerySet[Unit], region_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("name_key", "id")
        self.fields["agency"].queryset = Agency.objects.filter(region_id=region_id).order_by("kind", "name")


class FindingCaseForm(forms.Form):
    """One case to open from a visit's findings; a row left empty opens nothing."""

    category = CategoryChoiceField(label=_("Category"), required=False, queryset=Category.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Case.Severity.choices, initial=Case.Severity.MEDIUM
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("title") and not data.get("category"):
            self.add_error("category", gettext("Choose the category of this finding."))
        if data.get("category") and not data.get("title"):
            self.add_error("title", gettext("Give this finding a title."))
        return data

    @property
    def filled(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("title"))


FindingCaseFormSet = forms.formset_factory(FindingCaseForm, extra=3, max_num=10, validate_max=True)


class CategoryForm(VersionForm):
    name = forms.CharField(label=_("Name (Persian)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    agency_kind = forms.ChoiceField(
        label=_("Default responsible agency kind"), required=False, choices=[("", "—"), *Agency.Kind.choices]
    )
    answer_days = forms.IntegerField(
        label=_("Days to answer"),
        min_value=1,
        max_value=365,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 3}),
    )
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32000, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    active = forms.BooleanField(label=_("In use"), required=False)


class SubKindForm(forms.Form):
    name = forms.CharField(label=_("Name (Persian)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)


class ScorecardFilterForm(forms.Form):
    start = JalaliDateField(
        label=_("Referred from"), required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    end = JalaliDateField(
        label=_("Referred until"), required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    category = CategoryChoiceField(label=_("Category"), required=False, queryset=Category.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(parent__isnull=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(gettext("The period ends before it starts."))
        return data
