"""Forms at the edge of the loan pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jahesh.cases.forms import AmountField, JalaliDateField
from jahesh.core.templatetags.jahesh import num
from jahesh.registry.models import Agency, County, OperatingStatus, Unit

from .models import Application, Decision, Programme, Quota

NUMERIC = {"inputmode": "numeric", "maxlength": 8}
AMOUNT = {"maxlength": 40, "inputmode": "numeric"}


def banks(region_id: int | None = None) -> QuerySet[Agency]:
    qs = Agency.objects.filter(kind=Agency.Kind.BANK)
    return (qs.filter(region_id=region_id) if region_id else qs).order_by("name")


class BankChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.display_name((get_language() or "fa")[:2])


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Programme) -> str:
        return f"{obj.display_name((get_language() or 'fa')[:2])} (≤ {num(obj.max_amount)})"


class ApplicationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    programme = ProgrammeChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    amount = AmountField(label=_("Amount requested (IRR)"), widget=forms.TextInput(attrs=AMOUNT))
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    jobs_kept = forms.IntegerField(
        label=_("Jobs kept (forecast)"),
        min_value=0,
        max_value=10**6,
        initial=0,
        widget=forms.TextInput(NUMERIC),
    )
    jobs_restored = forms.IntegerField(
        label=_("Jobs restored (forecast)"),
        min_value=0,
        max_value=10**6,
        initial=0,
        widget=forms.TextInput(NUMERIC),
    )
    document = forms.FileField(label=_("Supporting document"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("name_key", "id")
        self.fields["programme"].queryset = Programme.objects.filter(active=True)

    def clean_amount(self) -> Any:
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise forms.ValidationError(_("Give the amount requested in rials."))
        return amount


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Unit"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", "—"), *Application.State.choices]
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), required=False, queryset=Programme.objects.none()
    )
    bank = BankChoiceField(label=_("Bank"), required=False, queryset=Agency.objects.none())
    county = forms.ModelChoiceField(label=_("County"), required=False, queryset=County.objects.none())

    def __init__(self, *args: Any, bank_desk: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.all()
        self.fields["bank"].queryset = banks()
        self.fields["county"].queryset = County.objects.order_by("name_key")
        if bank_desk:
            del self.fields["bank"]


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    on = JalaliDateField(label=_("Date"), required=False, help_text=_("Leave empty for today."))


class ApproveForm(VersionForm):
    resolution_ref = forms.CharField(
        label=_("Resolution"),
        required=False,
        max_length=100,
        help_text=_("The session and resolution number, e.g. 12/3."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class RejectForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class IntroduceForm(VersionForm):
    bank = BankChoiceField(label=_("Bank"), queryset=Agency.objects.none())
    branch_name = forms.CharField(label=_("Branch"), required=False, max_length=200)
    branch_code = forms.CharField(label=_("Branch code"), required=False, max_length=16)

    def __init__(self, *args: Any, region_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks(region_id)


class DecideForm(VersionForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("approve")), ("refuse", _("refuse"))]
    )
    amount = AmountField(label=_("Approved amount (IRR)"), required=False, widget=forms.TextInput(AMOUNT))
    reason = forms.CharField(
        label=_("Reason for refusal"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RulingForm(VersionForm):
    ruling = forms.ChoiceField(label=_("Panel's ruling"), choices=Decision.Ruling.choices)
    amount = AmountField(
        label=_("Amount the bank must lend (IRR)"), required=False, widget=forms.TextInput(AMOUNT)
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class DisburseForm(VersionForm):
    amount = AmountField(label=_("Amount paid (IRR)"), widget=forms.TextInput(AMOUNT))
    final = forms.BooleanField(label=_("Last tranche"), required=False)


class DocumentForm(forms.Form):
    document = forms.FileField(label=_("Supporting document"))


class ProgrammeForm(forms.ModelForm):
    max_amount = AmountField(label=_("Maximum amount (IRR)"), widget=forms.TextInput(AMOUNT))
    eligible_statuses = forms.MultipleChoiceField(
        label=_("Eligible unit statuses"),
        required=False,
        choices=OperatingStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Programme
        fields = ["code", "name", "name_en", "purpose", "max_amount", "eligible_statuses", "active"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 2})}


class QuotaForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    bank = BankChoiceField(label=_("Bank"), queryset=Agency.objects.none())
    year = forms.IntegerField(
        label=_("Jalali year"), min_value=1300, max_value=1500, widget=forms.TextInput(NUMERIC)
    )
    amount = AmountField(label=_("Quota (IRR)"), widget=forms.TextInput(AMOUNT))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.all()
        self.fields["bank"].queryset = banks()

    def save(self) -> Quota:
        data = self.cleaned_data
        quota, _created = Quota.objects.update_or_create(
            programme=data["programme"],
            bank=data["bank"],
            year=data["year"],
            defaults={"amount": data["amount"]},
        )
        return quota
