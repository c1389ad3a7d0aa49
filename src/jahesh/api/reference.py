"""Reference data: counties, estates, agencies, countries, ISIC Rev.4 and HS codes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from jahesh.core import identifiers
from jahesh.registry.access import units_for
from jahesh.registry.models import Agency, Country, County, Estate, Input, ProductLine

from .auth import EVERYONE, allow
from .common import PageParams, decimal_text, lang, page_of, paginate
from .fields import Id

router = Router(tags=["reference"])

AgencyKind = Literal[tuple(Agency.Kind.values)]
EstateKind = Literal[tuple(Estate.Kind.values)]


class CountyOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    population: int | None
    population_year: int | None = Field(description="Jalali year of the census the population comes from")


class EstateOut(Schema):
    id: int
    name: str
    name_en: str
    kind: EstateKind
    kind_label: str
    county_id: int
    area_ha: str | None = Field(description="Area in hectares, a decimal string")


class AgencyOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    kind: AgencyKind
    kind_label: str
    bank_code: str = Field(description="Sheba bank code (3 digits) of a bank; empty for other agencies")


class CountryOut(Schema):
    iso3: str
    iso_numeric: str
    name: str
    name_en: str


class IsicDivisionOut(Schema):
    code: str
    title_fa: str
    title_en: str


class IsicClassOut(Schema):
    code: str
    title_en: str
    division: str
    division_title: str | None


class HsUsageOut(Schema):
    hs_code: str
    product_lines: int
    units: int


class HsLookupOut(Schema):
    input: str = Field(description="The code as sent")
    code: str = Field(description="The code with digits made ASCII and separators removed")
    valid: bool = Field(
        description="A possible HS 6-digit subheading (chapter 01–97 except 77, heading not 00)"
    )
    errors: list[str] = Field(description="Why it is not valid, in the language of Accept-Language")
    chapter: str | None
    heading: str | None
    product_lines: int = Field(description="Product lines with this code, among the units the caller may see")
    units: int
    inputs: int = Field(description="Inputs with this code, among the units the caller may see")
    names: list[str] = Field(description="The product names most used with this code (up to five)")


class EstateFilters(Schema):
    county: Id | None = None


class AgencyFilters(Schema):
    kind: AgencyKind | None = None


class IsicFilters(Schema):
    division: str | None = Field(None, pattern=r"^[0-9]{2}$", description="ISIC division (2 digits)")
    q: str | None = Field(None, max_length=100, description="Words of the English title")


@router.get("/counties", response=page_of(CountyOut), auth=allow(*EVERYONE))
def list_counties(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    """The region's counties with their population."""
    return paginate(request, County.objects.order_by("name", "id"), paging)


@router.get("/estates", response=page_of(EstateOut), auth=allow(*EVERYONE))
def list_estates(
    request: HttpRequest, filters: Query[EstateFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Industrial estates, zones and special economic zones."""
    estates = Estate.objects.order_by("name", "id")
    if filters.county is not None:
        estates = estates.filter(county_id=filters.county)

    def item(estate: Estate) -> dict[str, Any]:
        return {
            "id": estate.pk,
            "name": estate.name,
            "name_en": estate.name_en,
            "kind": estate.kind,
            "kind_label": estate.get_kind_display(),
            "county_id": estate.county_id,
            "area_ha": decimal_text(estate.area_ha),
        }

    return paginate(request, estates, paging, item)


@router.get("/agencies", response=page_of(AgencyOut), auth=allow(*EVERYONE))
def list_agencies(
    request: HttpRequest, filters: Query[AgencyFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """Agencies of the working group; banks carry their Sheba bank code."""
    agencies = Agency.objects.order_by("kind", "name", "id")
    if filters.kind:
        agencies = agencies.filter(kind=filters.kind)

    def item(agency: Agency) -> dict[str, Any]:
        return {
            "id": agency.pk,
            "code": agency.code,
            "name": agency.name,
            "name_en": agency.name_en,
            "kind": agency.kind,
            "kind_label": agency.get_kind_display(),
            "bank_code": agency.bank_code,
        }

    return paginate(request, agencies, paging, item)


@router.get("/countries", response=page_of(CountryOut), auth=allow(*EVERYONE))
def list_countries(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    """Countries by ISO 3166 code: the destinations of exports and origins of inputs."""
    return paginate(request, Country.objects.order_by("iso3"), paging)


@router.get("/isic/divisions", response=page_of(IsicDivisionOut), auth=allow(*EVERYONE))
def list_isic_divisions(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    """ISIC Rev.4 divisions with Persian and English titles."""
    rows = [
        {"code": code, "title_fa": fa, "title_en": en}
        for code, (fa, en) in sorted(identifiers.ISIC_DIVISIONS.items())
    ]
    return paginate(request, rows, paging)


@router.get("/isic/classes", response=page_of(IsicClassOut), auth=allow(*EVERYONE))
def list_isic_classes(
    request: HttpRequest, filters: Query[IsicFilters], paging: Query[PageParams]
) -> dict[str, Any]:
    """ISIC Rev.4 classes (4 digits) with their English titles."""
    words = (filters.q or "").lower().split()
    language = lang()
    rows = [
        {
            "code": code,
            "title_en": title,
            "division": code[:2],
            "division_title": identifiers.isic_division_title(code, language),
        }
        for code, title in sorted(identifiers.isic_classes().items())
        if (not filters.division or code.startswith(filters.division))
        and all(word in title.lower() for word in words)
    ]
    return paginate(request, rows, paging)


@router.get("/hs", response=page_of(HsUsageOut), auth=allow(*EVERYONE))
def list_hs_codes(request: HttpRequest, paging: Query[PageParams]) -> dict[str, Any]:
    """The HS 6-digit codes the registry's product lines use, with how many lines and units use each."""
    usage = (
        ProductLine.objects.filter(unit__in=units_for(request.user))
        .values("hs_code")
        .annotate(product_lines=Count("id"), units=Count("unit", distinct=True))
        .order_by("hs_code")
    )
    return paginate(request, usage, paging)


@router.get("/hs/{code}", response=HsLookupOut, auth=allow(*EVERYONE))
def lookup_hs_code(request: HttpRequest, code: Annotated[str, Field(max_length=40)]) -> dict[str, Any]:
    """Check a 6-digit HS code (Persian digits and separators are fine) and see where the registry uses it."""
    normalised = identifiers.normalise_identifier(code)
    try:
        identifiers.validate_hs6(code)
        errors: list[str] = []
    except ValidationError as exc:
        errors = [str(message) for message in exc.messages]
    valid = not errors
    visible = units_for(request.user)
    lines = (
        ProductLine.objects.filter(unit__in=visible, hs_code=normalised)
        if valid
        else ProductLine.objects.none()
    )
    counts = lines.aggregate(product_lines=Count("id"), units=Count("unit", distinct=True))
    names = list(
        lines.values("name").annotate(n=Count("id")).order_by("-n", "name").values_list("name", flat=True)[:5]
    )
    inputs = Input.objects.filter(product_line__unit__in=visible, hs_code=normalised).count() if valid else 0
    return {
        "input": code,
        "code": normalised,
        "valid": valid,
        "errors": errors,
        "chapter": normalised[:2] if valid else None,
        "heading": normalised[:4] if valid else None,
        "product_lines": counts["product_lines"] or 0,
        "units": counts["units"] or 0,
        "inputs": inputs,
        "names": names,
    }
