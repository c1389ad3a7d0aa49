"""Forms at the edge of the sessions pages (the actions check everything again)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jahesh.cases.forms import JalaliDateField, SafeMultipleChoiceField
from jahesh.cases.models import Case
from jahesh.core.models import Role, User
from jahesh.core.templatetags.jahesh import digits
from jahesh.registry.models import Agency, County, Region

from .models import AgendaItem, Resolution, ResolutionPart, Session


def _jalali_input(placeholder: str = "۱۴۰۵/۰۹/۲۰") -> forms.TextInput:
    return forms.TextInput(
        attrs={
            "placeholder": placeholder,
            "dir": "ltr",
            "autocomplete": "off",
            "data-jdp": "",
            "data-jdp-only-date": "",
        }
    )


class AgencyChoices(SafeMultipleChoiceField):
    """Agencies by their name in the page's language."""


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices, initial=Session.Kind.PROVINCIAL)
    county = forms.ModelChoiceField(label=_("County"), required=False, queryset=County.objects.none())
    number = forms.IntegerField(
        label=_("Session number"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("Left empty: the next number of the working group."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 6}),
    )
    held_on = JalaliDateField(label=_("Date"), widget=_jalali_input())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair_title = forms.CharField(label=_("Chair (name and post)"), max_length=200, required=False)
    chair = forms.ModelChoiceField(
        label=_("Chair's account (approves the minutes)"), required=False, queryset=User.objects.none()
    )
    invite = AgencyChoices(
        label=_("Invited agencies"),
        required=False,
        queryset=Agency.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = County.objects.filter(region=region).order_by("name_key")
        self.fields["chair"].queryset = User.objects.filter(role=Role.LEADERSHIP, is_active=True).order_by(
            "username"
        )
        self.fields["invite"].queryset = Agency.objects.filter(region=region).order_by("kind", "name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == Session.Kind.COUNTY and not data.get("county"):
            self.add_error("county", _("A county working group's session needs its county."))
        return data


class SessionEditForm(VersionForm):
    held_on = JalaliDateField(label=_("Date"), widget=_jalali_input())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chair_title = forms.CharField(label=_("Chair (name and post)"), max_length=200, required=False)


class AgendaForm(VersionForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (k, label) for k, label in AgendaItem.Kind.choices if k in ("case", "unit", "sector", "topic")
        ],
    )
    case = forms.ModelChoiceField(label=_("Case"), required=False, queryset=Case.objects.none())
    unit = forms.IntegerField(label=_("Unit number"), required=False, min_value=1, widget=forms.TextInput())
    sector = forms.CharField(
        label=_("Sector (ISIC division)"),
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    minutes = forms.IntegerField(
        label=_("Time (minutes)"), min_value=1, max_value=600, initial=10, widget=forms.TextInput()
    )

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        self.fields["case"].label_from_instance = lambda c: digits(f"#{c.pk}") + f" {c.title} · {c.unit.name}"


class ResolutionForm(VersionForm):
    text = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Resolution.Kind.choices, initial=Resolution.Kind.BINDING
    )
    agencies = AgencyChoices(
        label=_("Responsible agencies"),
        queryset=Agency.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    deadline = JalaliDateField(label=_("Deadline"), widget=_jalali_input())
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), required=False, queryset=AgendaItem.objects.none()
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(region_id=session.region_id).order_by(
            "kind", "name"
        )
        self.fields["agenda_item"].queryset = session.agenda.all()
        self.fields["agenda_item"].label_from_instance = lambda i: digits(f"{i.order}. {i.title}")


class PartUpdateForm(forms.Form):
    part = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (s, label)
            for s, label in ResolutionPart.Status.choices
            if s in ("executing", "executed", "not_executed")
        ],
    )
    text = forms.CharField(
        label=_("Evidence or reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(label=_("Evidence file (PDF, image, Excel)"), required=False)


class ObjectionForm(forms.Form):
    part = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(label=_("Reason for the objection"), widget=forms.Textarea(attrs={"rows": 3}))


class RulingForm(forms.Form):
    part = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    decision = forms.ChoiceField(
        label=_("Ruling"),
        choices=[("upheld", _("uphold the objection")), ("rejected", _("reject the objection"))],
    )
    text = forms.CharField(label=_("Note"), required=False, max_length=1000)


class ReopenForm(VersionForm):
    reason = forms.CharField(label=_("Why the approved minutes must change"), max_length=1000)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class ResolutionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *ResolutionPart.Status.choices]
    )
    agency = forms.ModelChoiceField(label=_("Agency"), required=False, queryset=Agency.objects.none())
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, region: Region | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if region is not None:
            self.fields["agency"].queryset = Agency.objects.filter(region=region).order_by("kind", "name")
