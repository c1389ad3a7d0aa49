"""Forms at the edge: the unit filters and the monthly report."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from jahesh.core import jalali
from jahesh.core.identifiers import ISIC_DIVISIONS, normalise_identifier
from jahesh.core.text import parse_decimal, search_key, to_ascii_digits

from . import stats
from .models import (
    OUTPUT_TOO_BIG,
    Country,
    County,
    Estate,
    MonthlyReport,
    OperatingStatus,
    ProductLine,
    Region,
    Unit,
)

SORTS = {
    "name": ("name_key", "id"),
    "-name": ("-name_key", "-id"),
    "utilisation": ("utilisation", "id"),
    "-utilisation": ("-utilisation", "-id"),
    "county": ("county__name_key", "name_key", "id"),
    "status": ("status", "name_key", "id"),
    "last_report": ("last_accepted_month", "id"),
    "-last_report": ("-last_accepted_month", "-id"),
    "employment": ("last_employment", "id"),
    "-employment": ("-last_employment", "-id"),
}


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.none(), required=False)
    estate = forms.ModelChoiceField(label=_("Estate"), queryset=Estate.objects.none(), required=False)
    isic = forms.CharField(label=_("ISIC"), required=False, max_length=4)
    status = forms.MultipleChoiceField(label=_("Status"), choices=OperatingStatus.choices, required=False)
    band = forms.ChoiceField(label=_("Utilisation"), required=False)
    freshness = forms.ChoiceField(label=_("Data freshness"), required=False)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=[(k, k) for k in SORTS])

    def __init__(self, *args: Any, region: Region, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["county"].queryset = County.objects.filter(region=region).order_by("name")
        self.fields["estate"].queryset = Estate.objects.filter(county__region=region).order_by("name")
        self.fields["band"].choices = [("", _("any"))] + [(c, label) for c, label, *_r in stats.BANDS]
        self.fields["freshness"].choices = [("", _("any")), *stats.FRESHNESS]
        divisions = sorted(ISIC_DIVISIONS.items())
        self.isic_choices = divisions

    def clean_isic(self) -> str:
        value = to_ascii_digits(self.cleaned_data.get("isic") or "").strip()
        if value and (not value.isdigit() or len(value) not in (2, 4)):
            raise forms.ValidationError(_("Give an ISIC division (2 digits) or class (4 digits)."))
        return value

    def filter(self, units: QuerySet[Unit]) -> QuerySet[Unit]:
        """Apply the valid filters; an invalid one is ignored and shown as an error on the form."""
        self.is_valid()  # keeps the valid fields in cleaned_data; the invalid ones are shown as errors
        data = getattr(self, "cleaned_data", {})
        q = data.get("q", "")
        if q:
            key = search_key(q)
            ident = normalise_identifier(q)
            cond = Q(name_key__contains=key) if key else Q(pk__in=[])
            if ident.isdigit() and len(ident) >= 4:
                cond |= Q(legal_id__startswith=ident) | Q(business_id__startswith=ident)
                cond |= Q(owner_national_code__startswith=ident) | Q(postal_code__startswith=ident)
            units = units.filter(cond)
        if data.get("county"):
            units = units.filter(county=data["county"])
        if data.get("estate"):
            units = units.filter(estate=data["estate"])
        isic = data.get("isic")
        if isic:
            units = units.filter(isic__startswith=isic) if len(isic) == 2 else units.filter(isic=isic)
        if data.get("status"):
            units = units.filter(status__in=data["status"])
        if data.get("band"):
            units = units.filter(stats.band_q(data["band"]))
        if data.get("freshness"):
            units = units.filter(stats.freshness_q(data["freshness"], self.region))
        return units.order_by(*SORTS.get(data.get("sort") or "name", SORTS["name"]))


#: Up to this many units in a filtered list, a page is found by sorting the matches (see UnitPages).
SORT_MATCHES_UP_TO = 10_000


def _unindexed(order: str) -> OrderBy:
    """``order`` ("name_key", "-utilisation", …) as an expression no index matches, sorting exactly alike:
    COALESCE(x, x) is x, NULL included, with x's collation."""
    name = order.removeprefix("-")
    return OrderBy(Coalesce(F(name), F(name)), descending=order.startswith("-"))


class UnitPages:
    """A filtered, sorted unit list as the pagers read it (Django's ``Paginator``, the API's ``paginate``):
    ``count()`` once, then one page as a list — the same rows in the same order as slicing the queryset.

    A page is still one query, built in two steps: the inner query finds the page's ids over narrow rows
    only, and the outer one reads those rows with their county and estate. How the ids are found depends on
    the count, which the pager asks for first:

    - up to ``SORT_MATCHES_UP_TO`` matching units, the matches are found through the filters' indexes and
      sorted (the sort keys are wrapped so that PostgreSQL cannot choose to walk a sort index instead: with
      filters that are rare together, such as idle units never accepted, it would walk the whole registry
      to find a few rows);
    - more than that, by walking the sort index (``Unit.Meta.indexes``), from the end of the list for a page
      in its second half (every sort ends with the id, so the reversed order is the exact mirror): no page
      walks more than half of the list, and the last page costs what the first does.

    See docs/performance.md.
    """

    def __init__(self, units: QuerySet[Unit], related: tuple[str, ...] = ("county", "estate")) -> None:
        if not units.query.order_by:
            raise ValueError("UnitPages needs an ordered queryset (UnitFilterForm.filter orders it)")
        self.units = units
        self.related = related
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.units.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Unit]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("UnitPages takes a slice [start:stop]")
        count = self.count()
        start = max(index.start or 0, 0)
        stop = count if index.stop is None else min(index.stop, count)
        if start >= stop:
            return []
        order = self.units.query.order_by
        if count <= SORT_MATCHES_UP_TO:
            ids = self.units.order_by(*map(_unindexed, order)).values("pk")[start:stop]
        elif start > count - stop:  # nearer the end: walk the index from there
            ids = self.units.reverse().values("pk")[count - stop : count - start]
        else:
            ids = self.units.values("pk")[start:stop]
        page = Unit.objects.filter(pk__in=ids).select_related(*self.related).order_by(*order)
        return list(page)


class MonthlyReportForm(forms.Form):
    """One month's statistics: the month (Jalali), employment, sales, energy, output per product line, and
    exports by destination."""

    month = forms.CharField(
        label=_("Month"),
        max_length=20,
        help_text=_("Jalali year and month, e.g. 1403/07"),
        widget=forms.TextInput(attrs={"placeholder": "۱۴۰۳/۰۷", "autocomplete": "off", "dir": "ltr"}),
    )
    employment = forms.CharField(label=_("Employment (persons)"), max_length=12)
    sales_irr = forms.CharField(label=_("Sales (IRR)"), max_length=30, required=False)
    energy_kwh = forms.CharField(label=_("Electricity used (kWh)"), max_length=30, required=False)
    export_country = forms.ModelChoiceField(
        label=_("Export destination"), queryset=Country.objects.all(), required=False
    )
    export_usd = forms.CharField(label=_("Exports (USD)"), max_length=30, required=False)

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.lines = list(unit.product_lines.all())
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.CharField(
                label=f"{line.name} ({line.unit_of_measure})",
                max_length=30,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}),
            )

    def line_fields(self) -> list[forms.BoundField]:
        return [self[f"line_{line.pk}"] for line in self.lines]

    @staticmethod
    def _number(value: str, *, whole: bool = False, required: bool = True) -> Decimal | None:
        if not value.strip():
            if required:
                raise forms.ValidationError(_("This field is required."))
            return None
        try:
            number = parse_decimal(value)
        except (ValueError, InvalidOperation):
            raise forms.ValidationError(_("“%(value)s” is not a number."), params={"value": value}) from None
        if number < 0:
            raise forms.ValidationError(_("The number cannot be negative."))
        if whole and number != number.to_integral_value():
            raise forms.ValidationError(_("Give a whole number."))
        return number

    def clean_month(self) -> int:
        raw = self.cleaned_data["month"]
        try:
            year, month = jalali.parse_jalali_month(raw)
        except jalali.JalaliError as exc:
            raise forms.ValidationError(_(exc.template), code=exc.code, params=exc.params) from None
        index = jalali.month_index(year, month)
        if index > stats.current_report_month():
            raise forms.ValidationError(_("A report cannot be given for a month that has not ended."))
        if index < stats.current_report_month() - 120:
            raise forms.ValidationError(_("That month is more than ten years ago."))
        return index

    def clean_employment(self) -> int:
        number = self._number(self.cleaned_data["employment"], whole=True)
        assert number is not None
        if number > 1_000_000:
            raise forms.ValidationError(_("That is more people than a unit can employ."))
        return int(number)

    def clean_sales_irr(self) -> Decimal | None:
        return self._number(self.cleaned_data.get("sales_irr", ""), whole=True, required=False)

    def clean_energy_kwh(self) -> Decimal | None:
        return self._number(self.cleaned_data.get("energy_kwh", ""), whole=True, required=False)

    def clean_export_usd(self) -> Decimal | None:
        return self._number(self.cleaned_data.get("export_usd", ""), whole=True, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outputs: dict[int, Decimal] = {}
        for line in self.lines:
            name = f"line_{line.pk}"
            if name in self.errors:
                continue
            try:
                value = self._number(self.data.get(self.add_prefix(name), ""))
            except forms.ValidationError as exc:
                self.add_error(name, exc)
                continue
            assert value is not None
            if value > ProductLine.plausible_monthly_output(line.nominal_capacity):
                self.add_error(
                    name, OUTPUT_TOO_BIG % {"value": value, "cap": round(line.nominal_capacity, 1)}
                )
                continue
            outputs[line.pk] = value
        data["outputs"] = outputs
        usd, country = data.get("export_usd"), data.get("export_country")
        if usd and not country:
            self.add_error("export_country", _("Choose the destination of the exports."))
        if country and not usd:
            self.add_error("export_usd", _("Give the value of the exports."))
        month = data.get("month")
        if month is not None:
            existing = MonthlyReport.objects.filter(unit=self.unit, month=month).first()
            if existing and existing.state == MonthlyReport.State.ACCEPTED:
                self.add_error(
                    "month",
                    _("The report for this month was accepted already; ask the secretariat to correct it."),
                )
            data["existing"] = existing
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("return", _("Return"))])
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the report is returned."))
        return data


class RegionSettingsForm(forms.ModelForm):
    """The region's classification thresholds; the low-capacity threshold is typed as a percentage."""

    low_capacity_percent = forms.DecimalField(
        label=_("Low-capacity threshold (%)"), min_value=0, max_value=100, decimal_places=1
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Region
        fields = ["idle_months", "stale_months", "stale_warning_months"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["low_capacity_percent"].initial = self.instance.low_capacity_threshold * 100
        self.fields["version"].initial = self.instance.version
        self.order_fields(["low_capacity_percent", "idle_months", "stale_months", "stale_warning_months"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        stale, warning = data.get("stale_months"), data.get("stale_warning_months")
        if stale and warning and warning < stale:
            self.add_error("stale_warning_months", _("The warning cannot come before data counts as stale."))
        return data
