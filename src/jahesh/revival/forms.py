"""Forms at the edge of the revival pages. Numbers accept Persian digits and separators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jahesh.core.text import parse_decimal, to_ascii_digits
from jahesh.registry.models import Agency, County, Region

from .models import RevivalFile, RevivalSettings, ScreeningOverride

BILLION = Decimal(10**9)


class NumberField(forms.CharField):
    """A number in [lo, hi]; Persian digits, thousands separators and «٫» accepted."""

    def __init__(self, *args: Any, lo: float = 0, hi: float | None = None, **kwargs: Any) -> None:
        self.lo, self.hi = Decimal(str(lo)), Decimal(str(hi)) if hi is not None else None
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            number = parse_decimal(text)
        except (ValueError, ArithmeticError):
            raise ValidationError(_("Enter a number."), code="invalid") from None
        if number < self.lo or (self.hi is not None and number > self.hi):
            raise ValidationError(
                _("Enter a number between %(lo)s and %(hi)s."),
                code="range",
                params={"lo": self.lo, "hi": self.hi if self.hi is not None else "∞"},
            )
        return number


class UnitIdsField(forms.CharField):
    """Unit ids separated by spaces or commas (as shown on the screening page)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        text = to_ascii_digits(super().to_python(value) or "").replace("،", " ").replace(",", " ")
        ids = []
        for part in text.split():
            if not part.isdigit() or len(part) > 9:
                raise ValidationError(_("Enter unit numbers separated by spaces."), code="invalid")
            ids.append(int(part))
        return sorted(set(ids))


class SettingsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = RevivalSettings
        fields = [
            "drop_points",
            "silent_months",
            "employment_drop_pct",
            *RevivalSettings.FACTOR_FIELDS.values(),
            "revivable_threshold",
            "strategic_hs",
            "cost_share",
        ]

    def clean_strategic_hs(self) -> str:
        text = to_ascii_digits(self.cleaned_data["strategic_hs"]).replace(",", " ")
        codes = text.split()
        if any(not c.isdigit() or not 2 <= len(c) <= 6 for c in codes):
            raise ValidationError(_("HS codes have 2 to 6 digits."))
        return " ".join(codes)


class OverrideForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        choices=[("", _("— use the score —")), *ScreeningOverride.Verdict.choices],
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ScreeningFilterForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[
            ("", _("all")),
            ("revivable", _("revivable")),
            ("not_revivable", _("not revivable")),
            ("insufficient_data", _("insufficient data")),
        ],
    )
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all")), ("idle", _("idle")), ("semi_active", _("semi-active"))],
    )

    def __init__(self, *args: Any, region: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = County.objects.filter(region=region).order_by("name")


class WatchFilterForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why it is watched"),
        required=False,
        choices=[
            ("", _("all")),
            ("drop", _("utilisation fell")),
            ("silent", _("reports stopped")),
            ("employment", _("employment fell")),
        ],
    )
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.none(), required=False)

    def __init__(self, *args: Any, region: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = County.objects.filter(region=region).order_by("name")


class ScenarioForm(forms.Form):
    """Budget and shares as people speak of them: billion rials and per cent; stored as rials and 0–1."""

    name = forms.CharField(label=_("Name"), max_length=200)
    budget = NumberField(label=_("Budget (billion rials)"), lo=0.001, hi=10**9, required=True)
    strategic_min = NumberField(label=_("Minimum for strategic goods (per cent of the budget)"), hi=100)
    partial = forms.BooleanField(label=_("Allow partial funding"), required=False)
    must = UnitIdsField(label=_("Units that must be chosen (numbers)"))
    must_not = UnitIdsField(label=_("Units that must not be chosen (numbers)"))

    def __init__(self, *args: Any, region: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counties = list(County.objects.filter(region=region).order_by("name"))
        self.banks = list(Agency.objects.filter(region=region, kind=Agency.Kind.BANK).order_by("name"))
        for c in self.counties:
            self.fields[f"county_min_{c.pk}"] = NumberField(
                label=_("%(c)s: minimum %%") % {"c": c.name}, hi=100
            )
            self.fields[f"county_max_{c.pk}"] = NumberField(
                label=_("%(c)s: maximum %%") % {"c": c.name}, hi=100
            )
        for b in self.banks:
            self.fields[f"bank_{b.pk}"] = NumberField(
                label=_("%(b)s: quota (billion rials)") % {"b": b.name}, hi=10**9
            )

    def county_rows(self) -> list[tuple[County, Any, Any]]:
        return [(c, self[f"county_min_{c.pk}"], self[f"county_max_{c.pk}"]) for c in self.counties]

    def bank_rows(self) -> list[tuple[Agency, Any]]:
        return [(b, self[f"bank_{b.pk}"]) for b in self.banks]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        both = set(data.get("must") or []) & set(data.get("must_not") or [])
        if both:
            raise ValidationError(
                _("Units %(ids)s are both a must and a must-not.")
                % {"ids": ", ".join(map(str, sorted(both)))}
            )
        return data

    def inputs(self) -> dict[str, Any]:
        d = self.cleaned_data
        pct = Decimal(100)
        out: dict[str, Any] = {
            "budget": float(d["budget"] * BILLION),
            "county_min": {
                str(c.pk): float(d[f"county_min_{c.pk}"] / pct)
                for c in self.counties
                if d.get(f"county_min_{c.pk}")
            },
            "county_max": {
                str(c.pk): float(d[f"county_max_{c.pk}"] / pct)
                for c in self.counties
                if d.get(f"county_max_{c.pk}") is not None
            },
            "bank_quota": {
                str(b.pk): float(d[f"bank_{b.pk}"] * BILLION)
                for b in self.banks
                if d.get(f"bank_{b.pk}") is not None
            },
            "must": d.get("must") or [],
            "must_not": d.get("must_not") or [],
            "partial": bool(d.get("partial")),
        }
        if d.get("strategic_min"):
            out["strategic_min"] = float(d["strategic_min"] / pct)
        return out


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=RevivalFile.State.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class LinkForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("case", _("case")), ("loan", _("loan application")), ("resolution", _("resolution"))],
    )
    ids = UnitIdsField(label=_("Numbers"), required=True)
    version = forms.IntegerField(widget=forms.HiddenInput)
