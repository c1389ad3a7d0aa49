"""The registry: the region, its counties, estates and agencies, production units and what they report."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jahesh.core import identifiers
from jahesh.core.text import search_key


class NamedModel(models.Model):
    """A thing with a Persian name as typed, an optional English name and a search key."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = search_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


class Region(NamedModel):
    """The deployment's region (a province) and its classification thresholds."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    low_capacity_threshold = models.DecimalField(
        _("low-capacity threshold"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.500"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Units below this utilisation are semi-active."),
    )
    idle_months = models.PositiveSmallIntegerField(
        _("months without output for idle"), default=6, validators=[MinValueValidator(1)]
    )
    stale_months = models.PositiveSmallIntegerField(
        _("months without an accepted report for stale"), default=3, validators=[MinValueValidator(1)]
    )
    stale_warning_months = models.PositiveSmallIntegerField(
        _("months without an accepted report for a warning"), default=6, validators=[MinValueValidator(1)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class County(NamedModel):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="counties")
    code = models.CharField(_("code"), max_length=16)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="county_code_unique")]


class Estate(NamedModel):
    class Kind(models.TextChoices):
        ESTATE = "estate", _("industrial estate")
        ZONE = "zone", _("industrial zone")
        SEZ = "sez", _("special economic zone")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="estates")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.ESTATE)
    area_ha = models.DecimalField(_("area (ha)"), max_digits=10, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("industrial estate")
        verbose_name_plural = _("industrial estates")
        ordering = ["name"]


class Agency(NamedModel):
    class Kind(models.TextChoices):
        GOVERNORATE = "governorate", _("governorate")
        INDUSTRY = "industry", _("industry, mine and trade")
        TAX = "tax", _("tax")
        SOCIAL_SECURITY = "social_security", _("social security")
        CUSTOMS = "customs", _("customs")
        BANK = "bank", _("bank")
        ELECTRICITY = "electricity", _("electricity")
        GAS = "gas", _("gas")
        WATER = "water", _("water")
        ENVIRONMENT = "environment", _("environment")
        STANDARDS = "standards", _("standards")
        JUDICIARY = "judiciary", _("judiciary")
        ESTATES = "estates", _("industrial estates company")
        AGRICULTURE = "agriculture", _("agriculture")
        CHAMBER = "chamber", _("chamber of commerce")
        UNIVERSITY = "university", _("university")
        SCIENCE_PARK = "science_park", _("science and technology park")
        TECH_FIRM = "tech_firm", _("technology firm")
        PLANNING = "planning", _("planning and budget")
        OTHER = "other", _("other")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agencies")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=32)
    bank_code = models.CharField(
        _("Sheba bank code"),
        max_length=3,
        blank=True,
        help_text=_("The three digits after IRkk in the bank's Sheba numbers."),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="agency_code_unique"),
            models.CheckConstraint(
                condition=~models.Q(kind="bank") | models.Q(bank_code__regex=r"^[0-9]{3}$"),
                name="bank_has_code",
            ),
        ]


class Country(models.Model):
    iso3 = models.CharField(_("ISO code"), max_length=3, primary_key=True)
    iso_numeric = models.CharField(_("ISO numeric code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name


class OperatingStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SEMI_ACTIVE = "semi_active", _("semi-active")
    IDLE = "idle", _("idle")
    UNDER_CONSTRUCTION = "construction", _("under construction")
    CLOSED = "closed", _("closed")
    NO_DATA = "no_data", _("no reports")


class Unit(NamedModel):
    """A production unit (واحد تولیدی)."""

    class Ownership(models.TextChoices):
        PRIVATE = "private", _("private")
        COOPERATIVE = "cooperative", _("cooperative")
        PUBLIC = "public", _("public")
        BANK_OWNED = "bank_owned", _("bank-owned")

    class LicenceStage(models.TextChoices):
        ESTABLISHMENT = "establishment", _("establishment licence")
        CONSTRUCTION = "construction", _("under construction")
        OPERATING = "operating", _("operating licence")
        SUSPENDED = "suspended", _("suspended")
        CANCELLED = "cancelled", _("cancelled")

    class OperatingLicenceKind(models.TextChoices):
        NEW = "new", _("new")
        EXPANSION = "expansion", _("expansion")

    class Size(models.TextChoices):
        MICRO = "micro", _("micro")
        SMALL = "small", _("small")
        MEDIUM = "medium", _("medium")
        LARGE = "large", _("large")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="units")
    legal_id = models.CharField(
        _("legal-entity national ID"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[identifiers.validate_legal_id],
    )
    owner_national_code = models.CharField(
        _("owner's national code"),
        max_length=10,
        blank=True,
        validators=[identifiers.validate_national_code],
    )
    business_id = models.CharField(
        _("business ID"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[identifiers.validate_business_id],
    )
    ownership = models.CharField(
        _("ownership"), max_length=12, choices=Ownership.choices, default=Ownership.PRIVATE
    )
    owner_bank = models.ForeignKey(
        Agency,
        verbose_name=_("owning bank"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_units",
        limit_choices_to={"kind": "bank"},
    )

    licence_stage = models.CharField(
        _("licence stage"), max_length=16, choices=LicenceStage.choices, default=LicenceStage.OPERATING
    )
    establishment_licence_no = models.CharField(_("establishment licence number"), max_length=32, blank=True)
    establishment_licence_date = models.DateField(_("establishment licence date"), null=True, blank=True)
    operating_licence_no = models.CharField(_("operating licence number"), max_length=32, blank=True)
    operating_licence_date = models.DateField(_("operating licence date"), null=True, blank=True)
    operating_licence_kind = models.CharField(
        _("operating licence kind"), max_length=12, choices=OperatingLicenceKind.choices, blank=True
    )
    physical_progress = models.PositiveSmallIntegerField(
        _("physical progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="units"
    )
    estate = models.ForeignKey(
        Estate,
        verbose_name=_("estate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=10, blank=True, validators=[identifiers.validate_postal_code]
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)

    isic = models.CharField(
        _("ISIC Rev.4 class"), max_length=4, db_index=True, validators=[identifiers.validate_isic_class]
    )
    size = models.CharField(_("size"), max_length=8, choices=Size.choices, default=Size.SMALL)
    licensed_employment = models.PositiveIntegerField(_("licensed employment"), null=True, blank=True)

    closed_reason = models.CharField(_("reason for closure"), max_length=300, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    # Derived by jahesh.registry.status.refresh_status() from the reports; kept here so that lists filter
    # and sort in SQL. Never set by hand.
    status = models.CharField(
        _("status"), max_length=16, choices=OperatingStatus.choices, default=OperatingStatus.NO_DATA
    )
    status_rule = models.CharField(_("rule that fired"), max_length=32, blank=True)
    utilisation = models.DecimalField(
        _("capacity utilisation"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    last_report_month = models.IntegerField(_("last reported month"), null=True, blank=True)
    last_accepted_month = models.IntegerField(_("last accepted month"), null=True, blank=True, db_index=True)
    last_employment = models.PositiveIntegerField(_("employment"), null=True, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("production unit")
        verbose_name_plural = _("production units")
        ordering = ["name", "id"]
        # The unit list's sorts (jahesh.registry.forms.SORTS) each end with the id as a tie-break; an index
        # in exactly that order gives a page without sorting the registry (docs/performance.md). The
        # identifier search is a prefix match (varchar_pattern_ops on PostgreSQL; a plain index elsewhere);
        # the name search (a substring of name_key) has a trigram index on PostgreSQL only, made by
        # migration 0003 because SQLite has no such index.
        indexes = [
            models.Index(fields=["county", "status"]),
            models.Index(fields=["status", "utilisation"]),
            models.Index(fields=["name_key", "id"], name="unit_sort_name"),
            models.Index(fields=["county", "name_key", "id"], name="unit_sort_county_name"),
            models.Index(fields=["status", "name_key", "id"], name="unit_sort_status_name"),
            models.Index(fields=["utilisation", "id"], name="unit_sort_utilisation"),
            models.Index(fields=["last_accepted_month", "id"], name="unit_sort_last_accepted"),
            models.Index(fields=["last_employment", "id"], name="unit_sort_employment"),
            models.Index(
                fields=["owner_national_code"],
                name="unit_national_code_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["postal_code"], name="unit_postal_code_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(legal_id__isnull=False) | ~models.Q(owner_national_code=""),
                name="unit_has_identity",
            ),
        ]

    @property
    def isic_division(self) -> str:
        return self.isic[:2]


class ProductLine(models.Model):
    """A product a unit is licensed to make, with its nominal annual capacity."""

    class Basis(models.IntegerChoices):
        SHIFTS = 4500, _("4,500 hours a year")
        CONTINUOUS = 6500, _("6,500 hours a year (continuous)")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="product_lines")
    hs_code = models.CharField(
        _("HS code"), max_length=6, validators=[identifiers.validate_hs6], db_index=True
    )
    name = models.CharField(_("product"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=32)
    nominal_capacity = models.DecimalField(
        _("nominal annual capacity"),
        max_digits=18,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    capacity_basis = models.PositiveSmallIntegerField(
        _("capacity basis"), choices=Basis.choices, default=Basis.SHIFTS
    )
    unit_value_irr = models.DecimalField(
        _("value per unit (IRR)"),
        max_digits=20,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("Used to weight product lines when a unit's utilisation is computed."),
    )
    export_oriented = models.BooleanField(_("export-oriented"), default=False)
    strategic = models.BooleanField(_("strategic good"), default=False)

    class Meta:
        verbose_name = _("product line")
        verbose_name_plural = _("product lines")
        ordering = ["unit", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(nominal_capacity__gt=0), name="capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def plausible_monthly_output(nominal_capacity: Decimal) -> Decimal:
        """The most a line can credibly make in one month: half its annual capacity.

        Twice the average month is common for seasonal processors (pistachio, pomegranate) and for plants
        running three shifts on a 4,500-hour licence; half a year's capacity in one month is a typing error.
        """
        return nominal_capacity / 2


OUTPUT_TOO_BIG = _(
    "%(value)s is more than half the annual nominal capacity (%(cap)s) in one month; check the figure."
)


class Input(models.Model):
    """An input (نهاده) of a product line and where it comes from."""

    class Origin(models.TextChoices):
        REGION = "region", _("in the region")
        OTHER_REGION = "other_region", _("another region")
        IMPORTED = "imported", _("imported")

    product_line = models.ForeignKey(ProductLine, on_delete=models.CASCADE, related_name="inputs")
    hs_code = models.CharField(_("HS code"), max_length=6, validators=[identifiers.validate_hs6])
    name = models.CharField(_("input"), max_length=200)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=32)
    quantity_per_output = models.DecimalField(
        _("quantity per unit of output"),
        max_digits=14,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0"))],
    )
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    origin_region = models.CharField(_("region of origin"), max_length=100, blank=True)
    origin_country = models.ForeignKey(
        Country, verbose_name=_("country of origin"), null=True, blank=True, on_delete=models.PROTECT
    )
    annual_value_irr = models.DecimalField(
        _("annual value (IRR)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    fx_share = models.DecimalField(
        _("foreign-currency share"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )

    class Meta:
        verbose_name = _("input")
        verbose_name_plural = _("inputs")
        ordering = ["product_line", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(origin="imported") | models.Q(origin_country__isnull=False),
                name="imported_input_has_country",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MonthlyReport(models.Model):
    """A unit's monthly production statistics (آمار ماهانه) for one Jalali month."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="reports")
    # Jalali year * 12 + month - 1: one integer per month so that spans are arithmetic.
    month = models.IntegerField(_("month"))
    employment = models.PositiveIntegerField(_("employment"))
    sales_irr = models.DecimalField(_("sales (IRR)"), max_digits=20, decimal_places=0, null=True, blank=True)
    energy_kwh = models.DecimalField(
        _("energy (kWh)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    state = models.CharField(_("review state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    return_reason = models.CharField(_("reason for return"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["unit", "-month"]
        constraints = [models.UniqueConstraint(fields=["unit", "month"], name="one_report_per_unit_month")]
        indexes = [models.Index(fields=["state", "month"])]

    def __str__(self) -> str:
        from jahesh.core.jalali import format_jalali_month, from_month_index

        return f"{self.unit} — {format_jalali_month(*from_month_index(self.month))}"


class ReportLine(models.Model):
    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="lines")
    product_line = models.ForeignKey(ProductLine, on_delete=models.CASCADE, related_name="report_lines")
    output = models.DecimalField(
        _("output"), max_digits=18, decimal_places=3, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("output of a product line")
        verbose_name_plural = _("output of product lines")
        constraints = [
            models.UniqueConstraint(fields=["report", "product_line"], name="one_line_per_product"),
            models.CheckConstraint(condition=models.Q(output__gte=0), name="output_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product_line_id}: {self.output}"


class ReportExport(models.Model):
    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="exports")
    country = models.ForeignKey(Country, verbose_name=_("destination"), on_delete=models.PROTECT)
    value_usd = models.DecimalField(
        _("exports (USD)"), max_digits=16, decimal_places=0, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        verbose_name = _("export of a month")
        verbose_name_plural = _("exports of a month")
        constraints = [models.UniqueConstraint(fields=["report", "country"], name="one_export_per_country")]

    def __str__(self) -> str:
        return f"{self.country_id}: {self.value_usd}"


class ImportJob(models.Model):
    """One upload to the import page: what was asked, how far it got, and what it found.

    The rows themselves are never kept here; the uploaded file is deleted once the import has run and only
    the error report (the file's rows with the bad cells marked) stays, for the user to download and correct.
    """

    class Kind(models.TextChoices):
        UNITS = "units", _("units and product lines")
        INPUTS = "inputs", _("inputs of product lines")
        REPORTS = "reports", _("monthly reports")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    file_name = models.CharField(_("file"), max_length=255)
    upload = models.FileField(upload_to="imports/uploads/", blank=True)
    error_report = models.FileField(upload_to="imports/reports/", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    lang = models.CharField(max_length=8, default="fa")
    valid_only = models.BooleanField(_("valid rows only"), default=False)
    dry_run = models.BooleanField(_("dry run"), default=False)
    accept = models.BooleanField(_("accept the reports"), default=False)
    correct_accepted = models.BooleanField(_("correct accepted reports"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=16, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_valid = models.PositiveIntegerField(_("valid rows"), default=0)
    rows_invalid = models.PositiveIntegerField(_("rows with problems"), default=0)
    rows_taken = models.PositiveIntegerField(_("rows taken"), default=0)
    problems_total = models.PositiveIntegerField(_("problems"), default=0)
    # The summary shown on the page: counts, ignored columns, the file-level error and the first problems.
    result = models.JSONField(null=True, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.file_name}"
