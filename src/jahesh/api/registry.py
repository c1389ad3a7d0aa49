"""The registry over HTTP: units, their product lines and inputs, monthly reports and their review.

The same rules as the pages: units and reports come from ``jahesh.registry.access`` (a unit outside the
caller's scope is a 404, exactly like one that does not exist), the unit list filters through the page's
``UnitFilterForm``, a report is checked by the page's ``MonthlyReportForm`` and written by the named actions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal, get_args

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import BaseModel, ConfigDict, Field

from jahesh.core.identifiers import isic_division_title, isic_title
from jahesh.core.models import AuditEvent
from jahesh.registry import access, actions, stats
from jahesh.registry.forms import SORTS, MonthlyReportForm, UnitFilterForm, UnitPages
from jahesh.registry.models import (
    Country,
    Input,
    MonthlyReport,
    OperatingStatus,
    ProductLine,
    Region,
    ReportExport,
    ReportLine,
    Unit,
)
from jahesh.registry.status import explain_status

from .auth import EVERYONE, REVIEWERS, WRITERS, allow
from .common import (
    PageParams,
    date_jalali,
    decimal_text,
    lang,
    month_jalali,
    month_start,
    page_of,
    paginate,
    parse_month,
)
from .fields import BodyId, Id, JsonInt, PlainText, quantity, whole_amount
from .problems import TYPE_STATE, ApiProblem, field_error, invalid_input

router = Router(tags=["registry"])

StatusCode = Literal["active", "semi_active", "idle", "construction", "closed", "no_data"]
Freshness = Literal["fresh", "stale", "warning", "never"]
Band = Literal["lt25", "25to50", "50to80", "gte80"]
Sort = Literal[tuple(SORTS)]
ReportState = Literal["submitted", "accepted", "returned"]
# Spelled out for a readable schema; kept in step with the models here, at import.
assert set(get_args(StatusCode)) == set(OperatingStatus.values)
assert set(get_args(Band)) == set(stats.BAND_CODES)
assert set(get_args(ReportState)) == set(MonthlyReport.State.values)


# -- output schemas ----------------------------------------------------------------------------------------


class PlaceRef(Schema):
    id: int
    name: str
    name_en: str


class UnitRef(Schema):
    id: int
    name: str


class UnitSummaryOut(Schema):
    id: int
    name: str
    name_en: str
    legal_id: str | None = Field(description="Legal-entity national ID (11 digits)")
    business_id: str | None
    county: PlaceRef
    estate: PlaceRef | None
    isic: str = Field(description="ISIC Rev.4 class (4 digits)")
    status: StatusCode
    status_label: str
    status_rule: str = Field(description="The rule of the status classification that fired")
    utilisation: float | None = Field(
        description="Capacity utilisation over the last 12 reported months, 0–1"
    )
    employment: int | None = Field(description="Employment in the last counted report")
    last_report_month: int | None = Field(description="Month index (Jalali year × 12 + month − 1)")
    last_report_month_jalali: str | None = Field(examples=["1403/07"])
    last_accepted_month: int | None
    last_accepted_month_jalali: str | None
    freshness: Freshness
    months_since_accepted: int | None


class ProductLineOut(Schema):
    id: int
    unit_id: int
    hs_code: str
    name: str
    name_en: str
    unit_of_measure: str
    nominal_capacity: str = Field(description="Nominal annual capacity, a decimal string")
    capacity_basis_hours: int = Field(description="4500 (shifts) or 6500 (continuous) hours a year")
    unit_value_irr: str | None
    export_oriented: bool
    strategic: bool


class UnitOut(UnitSummaryOut):
    owner_national_code: str
    ownership: str
    ownership_label: str
    owner_bank: PlaceRef | None
    licence_stage: str
    licence_stage_label: str
    establishment_licence_no: str
    establishment_licence_date: dt.date | None
    establishment_licence_date_jalali: str | None
    operating_licence_no: str
    operating_licence_date: dt.date | None
    operating_licence_date_jalali: str | None
    operating_licence_kind: str
    physical_progress: int | None
    address: str
    postal_code: str
    latitude: float | None
    longitude: float | None
    isic_title: str | None
    isic_division: str
    isic_division_title: str | None
    size: str
    licensed_employment: int | None
    status_explanation: str
    closed_reason: str
    closed_on: dt.date | None
    closed_on_jalali: str | None
    product_lines: list[ProductLineOut]


class InputOut(Schema):
    id: int
    product_line_id: int
    hs_code: str
    name: str
    unit_of_measure: str
    quantity_per_output: str
    origin: Literal["region", "other_region", "imported"]
    origin_label: str
    origin_region: str
    origin_country: str | None = Field(description="ISO 3166 alpha-3 code")
    annual_value_irr: str | None
    fx_share: float | None


class ReportLineOut(Schema):
    product_line_id: int
    output: str


class ReportExportOut(Schema):
    country: str = Field(description="ISO 3166 alpha-3 code")
    value_usd: str


class ReportOut(Schema):
    id: int
    unit: UnitRef
    month: int = Field(description="Month index (Jalali year × 12 + month − 1)")
    month_jalali: str = Field(examples=["1403/07"])
    month_start: dt.date = Field(description="Gregorian date of the month's first day")
    employment: int
    sales_irr: str | None
    energy_kwh: str | None
    state: ReportState
    state_label: str
    return_reason: str
    submitted_at: dt.datetime | None
    submitted_at_jalali: str | None
    reviewed_at: dt.datetime | None
    reviewed_at_jalali: str | None
    version: int = Field(description="Send it back with a correction or a review (optimistic locking)")
    lines: list[ReportLineOut]
    exports: list[ReportExportOut]


# -- input schemas -----------------------------------------------------------------------------------------


class UnitFilters(Schema):
    q: str | None = Field(None, max_length=100, description="Name (Persian or Arabic letters) or identifier")
    county: Id | None = None
    estate: Id | None = None
    isic: str | None = Field(
        None, pattern=r"^([0-9]{2}|[0-9]{4})$", description="ISIC division (2 digits) or class (4 digits)"
    )
    status: list[StatusCode] = Field([], description="Repeat for several: status=idle&status=semi_active")
    band: Band | None = Field(None, description="Utilisation band")
    freshness: Freshness | None = None
    sort: Sort | None = Field(None, description="Sort key; a leading - reverses it. Default: name")


class ReportFilters(Schema):
    unit: Id | None = None
    month_from: str | None = Field(
        None, max_length=20, description="First month: Jalali 1403/07 (or مهر ۱۴۰۳) or a month index"
    )
    month_to: str | None = Field(None, max_length=20, description="Last month, as month_from")
    state: ReportState | None = None


class OutputIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_line: BodyId
    output: quantity(15, 3, "Output of the month in the product line's unit of measure")


class ExportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: str = Field(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3 code of the destination")
    value_usd: whole_amount(16, "Exports of the month, USD")


class ReportFigures(BaseModel):
    model_config = ConfigDict(extra="forbid")

    employment: JsonInt(0, 1_000_000, "Persons employed in the month")
    sales_irr: whole_amount(20, "Sales of the month, IRR") | None = None
    energy_kwh: whole_amount(16, "Electricity used in the month, kWh") | None = None
    outputs: list[OutputIn] = Field(
        max_length=1000, description="The output of every product line of the unit, once each"
    )
    exports: list[ExportIn] = Field([], max_length=250, description="Exports by destination, once each")


class ReportIn(ReportFigures):
    unit: BodyId
    month: PlainText(
        min_length=1,
        max_length=20,
        description="Jalali month: 1403/07, ۱۴۰۳/۰۷ or مهر ۱۴۰۳",
        examples=["1403/07"],
    )


class ReportCorrectionIn(ReportFigures):
    version: JsonInt(1, 2**31 - 1, "The version you read; 409 if it changed since")


class ReportPatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: JsonInt(1, 2**31 - 1, "The version you read; 409 if it changed since")
    employment: JsonInt(0, 1_000_000, "Persons employed in the month") | None = None
    sales_irr: whole_amount(20, "Sales of the month, IRR") | None = None
    energy_kwh: whole_amount(16, "Electricity used in the month, kWh") | None = None
    outputs: list[OutputIn] | None = Field(
        None, max_length=1000, description="Replaces the output of the product lines given; others stay"
    )
    exports: list[ExportIn] | None = Field(None, max_length=250, description="Replaces all exports")


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["accept", "return"]
    reason: PlainText(max_length=300, description="Why the report is returned (required to return it)") = ""
    version: JsonInt(1, 2**31 - 1, "The version you read; 409 if it changed since")


# -- building the answers ----------------------------------------------------------------------------------


def _place(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name, "name_en": obj.name_en}


def _unit_summary(unit: Unit, region: Region, now: int) -> dict[str, Any]:
    freshness, age = stats.freshness_of(unit, region, now)
    return {
        "id": unit.pk,
        "name": unit.name,
        "name_en": unit.name_en,
        "legal_id": unit.legal_id,
        "business_id": unit.business_id,
        "county": _place(unit.county),
        "estate": _place(unit.estate),
        "isic": unit.isic,
        "status": unit.status,
        "status_label": unit.get_status_display(),
        "status_rule": unit.status_rule,
        "utilisation": None if unit.utilisation is None else float(unit.utilisation),
        "employment": unit.last_employment,
        "last_report_month": unit.last_report_month,
        "last_report_month_jalali": month_jalali(unit.last_report_month),
        "last_accepted_month": unit.last_accepted_month,
        "last_accepted_month_jalali": month_jalali(unit.last_accepted_month),
        "freshness": freshness,
        "months_since_accepted": age,
    }


def _product_line(line: ProductLine) -> dict[str, Any]:
    return {
        "id": line.pk,
        "unit_id": line.unit_id,
        "hs_code": line.hs_code,
        "name": line.name,
        "name_en": line.name_en,
        "unit_of_measure": line.unit_of_measure,
        "nominal_capacity": decimal_text(line.nominal_capacity),
        "capacity_basis_hours": line.capacity_basis,
        "unit_value_irr": decimal_text(line.unit_value_irr),
        "export_oriented": line.export_oriented,
        "strategic": line.strategic,
    }


def _input(item: Input) -> dict[str, Any]:
    return {
        "id": item.pk,
        "product_line_id": item.product_line_id,
        "hs_code": item.hs_code,
        "name": item.name,
        "unit_of_measure": item.unit_of_measure,
        "quantity_per_output": decimal_text(item.quantity_per_output),
        "origin": item.origin,
        "origin_label": item.get_origin_display(),
        "origin_region": item.origin_region,
        "origin_country": item.origin_country_id,
        "annual_value_irr": decimal_text(item.annual_value_irr),
        "fx_share": None if item.fx_share is None else float(item.fx_share),
    }


def _report(report: MonthlyReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "unit": {"id": report.unit_id, "name": report.unit.name},
        "month": report.month,
        "month_jalali": month_jalali(report.month),
        "month_start": month_start(report.month),
        "employment": report.employment,
        "sales_irr": decimal_text(report.sales_irr),
        "energy_kwh": decimal_text(report.energy_kwh),
        "state": report.state,
        "state_label": report.get_state_display(),
        "return_reason": report.return_reason,
        "submitted_at": report.submitted_at,
        "submitted_at_jalali": date_jalali(report.submitted_at),
        "reviewed_at": report.reviewed_at,
        "reviewed_at_jalali": date_jalali(report.reviewed_at),
        "version": report.version,
        "lines": [
            {"product_line_id": line.product_line_id, "output": decimal_text(line.output)}
            for line in report.lines.all()
        ],
        "exports": [
            {"country": export.country_id, "value_usd": decimal_text(export.value_usd)}
            for export in report.exports.all()
        ],
    }


def _reports(user: Any) -> QuerySet[MonthlyReport]:
    """The caller's reports with what an answer shows: three queries for any number of them."""
    return (
        access.reports_for(user)
        .select_related("unit")
        .prefetch_related(
            Prefetch("lines", queryset=ReportLine.objects.order_by("product_line_id")),
            Prefetch("exports", queryset=ReportExport.objects.order_by("country_id")),
        )
    )


def _get_report(user: Any, report_id: int) -> MonthlyReport:
    return _first_or_404(access.reports_for(user).select_related("unit").filter(pk=report_id))


def _first_or_404(rows: QuerySet[Any]) -> Any:
    """The row, or 404: the same answer for an id that does not exist and one the caller may not see."""
    row = rows.first()
    if row is None:
        raise Http404
    return row


# -- units -------------------------------------------------------------------------------------------------


@router.get("/units", response=page_of(UnitSummaryOut), auth=allow(*EVERYONE))
def list_units(
    request: HttpRequest, filters: Query[UnitFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Units the caller may see, filtered like the unit list page.

    A unit representative sees their own units; agency and bank officers see none yet; region-wide roles see
    all. Filters combine with AND; a county or estate that does not exist is a 422.
    """
    region = Region.objects.order_by("pk").first()
    if region is None:  # an empty registry: nothing to filter
        return paginate(request, Unit.objects.none(), paging)
    data = QueryDict(mutable=True)
    for name in ("q", "county", "estate", "isic", "band", "freshness", "sort"):
        value = getattr(filters, name)
        if value not in (None, ""):
            data[name] = str(value)
    data.setlist("status", list(filters.status))
    form = UnitFilterForm(data, region=region)
    units = form.filter(access.units_for(request.user))
    if form.errors:
        raise invalid_input(
            [
                field_error(["query", name], message, "invalid")
                for name, messages in form.errors.items()
                for message in messages
            ]
        )
    now = stats.current_report_month()
    pages = UnitPages(units, related=("county", "estate"))  # as the page: ids first, then the rows
    return paginate(request, pages, paging, lambda unit: _unit_summary(unit, region, now))


@router.get("/units/{unit_id}", response=UnitOut, auth=allow(*EVERYONE))
def get_unit(request: HttpRequest, unit_id: Id) -> dict[str, Any]:
    """A unit: identity, licences, location, activity, status with the rule that fired, product lines."""
    unit = access.get_unit(request.user, unit_id)
    out = _unit_summary(unit, unit.region, stats.current_report_month())
    out.update(
        owner_national_code=unit.owner_national_code,
        ownership=unit.ownership,
        ownership_label=unit.get_ownership_display(),
        owner_bank=_place(unit.owner_bank),
        licence_stage=unit.licence_stage,
        licence_stage_label=unit.get_licence_stage_display(),
        establishment_licence_no=unit.establishment_licence_no,
        establishment_licence_date=unit.establishment_licence_date,
        establishment_licence_date_jalali=date_jalali(unit.establishment_licence_date),
        operating_licence_no=unit.operating_licence_no,
        operating_licence_date=unit.operating_licence_date,
        operating_licence_date_jalali=date_jalali(unit.operating_licence_date),
        operating_licence_kind=unit.operating_licence_kind,
        physical_progress=unit.physical_progress,
        address=unit.address,
        postal_code=unit.postal_code,
        latitude=None if unit.latitude is None else float(unit.latitude),
        longitude=None if unit.longitude is None else float(unit.longitude),
        isic_title=isic_title(unit.isic),
        isic_division=unit.isic_division,
        isic_division_title=isic_division_title(unit.isic, lang()),
        size=unit.size,
        licensed_employment=unit.licensed_employment,
        status_explanation=explain_status(unit),
        closed_reason=unit.closed_reason,
        closed_on=unit.closed_on,
        closed_on_jalali=date_jalali(unit.closed_on),
        product_lines=[_product_line(line) for line in unit.product_lines.order_by("id")],
    )
    return out


@router.get("/units/{unit_id}/product-lines", response=page_of(ProductLineOut), auth=allow(*EVERYONE))
def list_product_lines(request: HttpRequest, unit_id: Id, paging: Query[PageParams]) -> dict[str, Any]:
    """The unit's product lines with their nominal capacity."""
    unit = access.get_unit(request.user, unit_id)
    return paginate(request, unit.product_lines.order_by("id"), paging, _product_line)


@router.get("/units/{unit_id}/inputs", response=page_of(InputOut), auth=allow(*EVERYONE))
def list_inputs(request: HttpRequest, unit_id: Id, paging: Query[PageParams]) -> dict[str, Any]:
    """The inputs of the unit's product lines and where they come from."""
    unit = access.get_unit(request.user, unit_id)
    inputs = Input.objects.filter(product_line__unit=unit).order_by("product_line_id", "id")
    return paginate(request, inputs, paging, _input)


# -- reports -----------------------------------------------------------------------------------------------


@router.get("/reports", response=page_of(ReportOut), auth=allow(*EVERYONE))
def list_reports(
    request: HttpRequest, filters: Query[ReportFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Monthly reports of the units the caller may see, newest month first."""
    reports = _reports(request.user)
    if filters.unit is not None:
        reports = reports.filter(unit_id=filters.unit)
    if filters.month_from:
        reports = reports.filter(month__gte=parse_month(filters.month_from, "month_from"))
    if filters.month_to:
        reports = reports.filter(month__lte=parse_month(filters.month_to, "month_to"))
    if filters.state:
        reports = reports.filter(state=filters.state)
    return paginate(request, reports.order_by("-month", "-id"), paging, _report)


@router.get("/reports/{report_id}", response=ReportOut, auth=allow(*EVERYONE))
def get_report(request: HttpRequest, report_id: Id) -> dict[str, Any]:
    return _report(_first_or_404(_reports(request.user).filter(pk=report_id)))


def _checked_figures(
    unit: Unit, month: str, figures: dict[str, Any], *, existing: MonthlyReport | None = None
) -> dict[str, Any]:
    """Validate a report's figures with the page's form; the action's keyword arguments, or a 422."""
    errors: list[dict[str, Any]] = []
    lines = {line.pk: line for line in unit.product_lines.all()}
    outputs: list[dict[str, Any]] = figures["outputs"]
    seen: dict[int, int] = {}
    for i, item in enumerate(outputs):
        pl = item["product_line"]
        if pl not in lines:
            message = _("Product line %(id)s is not one of this unit's.") % {"id": pl}
            errors.append(field_error(["body", "outputs", i, "product_line"], message, "unknown"))
        elif pl in seen:
            message = _("Product line %(id)s is given twice.") % {"id": pl}
            errors.append(field_error(["body", "outputs", i, "product_line"], message, "duplicate"))
        seen.setdefault(pl, i)
    missing = [pk for pk in lines if pk not in seen]
    if missing:
        message = _("Give the output of every product line of the unit; missing: %(ids)s.") % {
            "ids": ", ".join(str(pk) for pk in missing)
        }
        errors.append(field_error(["body", "outputs"], message, "missing_lines"))

    exports: dict[str, Decimal] = {}
    for i, item in enumerate(figures["exports"]):
        code = item["country"].upper()
        if code in exports:
            message = _("The destination %(code)s is given twice.") % {"code": code}
            errors.append(field_error(["body", "exports", i, "country"], message, "duplicate"))
        exports[code] = item["value_usd"]
    known = (
        set(Country.objects.filter(pk__in=list(exports)).values_list("pk", flat=True)) if exports else set()
    )
    for i, item in enumerate(figures["exports"]):
        if item["country"].upper() not in known:
            message = _("There is no country with the code %(code)s.") % {"code": item["country"]}
            errors.append(field_error(["body", "exports", i, "country"], message, "unknown"))

    data = {
        "month": month,
        "employment": str(figures["employment"]),
        "sales_irr": decimal_text(figures.get("sales_irr")) or "",
        "energy_kwh": decimal_text(figures.get("energy_kwh")) or "",
    }
    for item in outputs:
        if item["product_line"] in lines:
            data[f"line_{item['product_line']}"] = decimal_text(item["output"])
    form = MonthlyReportForm(data, unit=unit)
    form.is_valid()
    for name, messages in form.errors.items():
        if name.startswith("line_"):
            pl = int(name.removeprefix("line_"))
            if pl in missing:
                continue  # already reported once for all the missing lines
            loc: list[str | int] = ["body", "outputs", seen[pl], "output"]
        elif name == "month" and existing is not None:
            loc = ["path", "report_id"]
        else:
            loc = ["body", name] if name != "__all__" else ["body"]
        errors.extend(field_error(loc, message, "invalid") for message in messages)
    if errors:
        raise invalid_input(errors)
    cleaned = form.cleaned_data
    return {
        "month": cleaned["month"],
        "employment": cleaned["employment"],
        "outputs": cleaned["outputs"],
        "sales_irr": cleaned.get("sales_irr"),
        "energy_kwh": cleaned.get("energy_kwh"),
        "exports": exports or None,
        "existing": cleaned.get("existing"),
    }


@router.post("/reports", response={201: ReportOut}, auth=allow(*WRITERS))
def create_report(request: HttpRequest, payload: ReportIn, response: HttpResponse) -> dict[str, Any]:
    """Submit a unit's report for a month: its representative or the secretariat.

    A month that has a report already is a 409: correct that report with PUT or PATCH instead.
    """
    unit = access.units_for(request.user).filter(pk=payload.unit).first()
    if unit is None or not access.can_submit_report(request.user, unit):
        message = _("There is no such unit, or you may not report for it.")
        raise invalid_input([field_error(["body", "unit"], message, "unknown")])
    figures = _checked_figures(unit, payload.month, payload.model_dump())
    existing = figures.pop("existing")
    if existing is not None:
        raise ApiProblem(
            409,
            _("This month has a report already (id %(id)s); correct it with PUT /api/v1/reports/%(id)s.")
            % {"id": existing.pk},
            type=TYPE_STATE,
        )
    report = actions.submit_report(actor=request.user, unit=unit, source=AuditEvent.Source.API, **figures)
    response.status_code = 201
    return _report(_reports(request.user).get(pk=report.pk))


def _correct(request: HttpRequest, report_id: int, version: int, merge: Any) -> dict[str, Any]:
    report = _get_report(request.user, report_id)
    unit = report.unit
    if not access.can_submit_report(request.user, unit):
        raise Http404
    if report.state == MonthlyReport.State.ACCEPTED:
        raise actions.ActionError(
            _("The report for this month was accepted already; ask the secretariat to correct it.")
        )
    figures = _checked_figures(unit, month_jalali(report.month) or "", merge(report), existing=report)
    figures.pop("existing")
    with transaction.atomic():
        locked = MonthlyReport.objects.select_for_update().get(pk=report.pk)
        if locked.version != version:
            raise actions.ConflictError(
                _("Someone changed this report while you were reading it; reload and try again.")
            )
        actions.submit_report(actor=request.user, unit=unit, source=AuditEvent.Source.API, **figures)
    return _report(_reports(request.user).get(pk=report.pk))


@router.put("/reports/{report_id}", response=ReportOut, auth=allow(*WRITERS))
def replace_report(request: HttpRequest, report_id: Id, payload: ReportCorrectionIn) -> dict[str, Any]:
    """Correct a submitted or returned report with all its figures; it goes back to review."""
    return _correct(request, report_id, payload.version, lambda report: payload.model_dump())


@router.patch("/reports/{report_id}", response=ReportOut, auth=allow(*WRITERS))
def update_report(request: HttpRequest, report_id: Id, payload: ReportPatchIn) -> dict[str, Any]:
    """Correct some figures of a submitted or returned report; the others keep their values."""
    given = payload.model_dump(exclude_unset=True)

    def merge(report: MonthlyReport) -> dict[str, Any]:
        outputs = {line.product_line_id: line.output for line in report.lines.all()}
        for item in given.get("outputs") or []:
            outputs[item["product_line"]] = item["output"]
        current_exports = [{"country": e.country_id, "value_usd": e.value_usd} for e in report.exports.all()]
        return {
            "employment": given["employment"] if given.get("employment") is not None else report.employment,
            "sales_irr": given.get("sales_irr", report.sales_irr),  # an explicit null clears it
            "energy_kwh": given.get("energy_kwh", report.energy_kwh),
            "outputs": [{"product_line": pl, "output": q} for pl, q in outputs.items()],
            "exports": given["exports"] if given.get("exports") is not None else current_exports,
        }

    return _correct(request, report_id, payload.version, merge)


@router.post("/reports/{report_id}/review", response=ReportOut, auth=allow(*REVIEWERS))
def review_report(request: HttpRequest, report_id: Id, payload: ReviewIn) -> dict[str, Any]:
    """Accept a submitted report, or return it to the unit with a reason (the secretariat)."""
    if payload.decision == "return" and not payload.reason.strip():
        raise invalid_input(
            [field_error(["body", "reason"], _("Say why the report is returned."), "required")]
        )
    report = _get_report(request.user, report_id)
    actions.review_report(
        actor=request.user,
        report=report,
        accept=payload.decision == "accept",
        reason=payload.reason,
        version=payload.version,
        source=AuditEvent.Source.API,
    )
    return _report(_reports(request.user).get(pk=report.pk))
