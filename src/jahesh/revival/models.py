"""Revival of idle and low-capacity units: the region's settings, screening overrides, saved plan scenarios
and the revival file of each unit chosen for support (issue 8)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jahesh.registry.models import Region

WEIGHT = {"max_digits": 4, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(10)]}


class RevivalSettings(models.Model):
    """The region's early-warning thresholds and screening weights (edited by the admin, versioned)."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="revival_settings")
    drop_points = models.DecimalField(
        _("utilisation drop (points)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("15.0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Watch a unit whose utilisation over the last three months fell by more than this many "
            "percentage points against the same months last year."
        ),
    )
    silent_months = models.PositiveSmallIntegerField(
        _("months without a report"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("Watch a unit whose reports stopped this many months ago."),
    )
    employment_drop_pct = models.DecimalField(
        _("employment fall (%)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("20.0"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Watch a unit whose employment fell by more than this share against a year earlier."),
    )
    weight_causes = models.DecimalField(_("weight: causes of stoppage"), default=Decimal("0.25"), **WEIGHT)
    weight_debt = models.DecimalField(_("weight: debts"), default=Decimal("0.15"), **WEIGHT)
    weight_seizure = models.DecimalField(_("weight: bank seizure"), default=Decimal("0.15"), **WEIGHT)
    weight_loans = models.DecimalField(_("weight: loan history"), default=Decimal("0.10"), **WEIGHT)
    weight_licence = models.DecimalField(_("weight: licence validity"), default=Decimal("0.15"), **WEIGHT)
    weight_market = models.DecimalField(
        _("weight: market for its products"), default=Decimal("0.15"), **WEIGHT
    )
    weight_machinery = models.DecimalField(_("weight: machinery age"), default=Decimal("0.05"), **WEIGHT)
    revivable_threshold = models.DecimalField(
        _("revivable from score"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    strategic_hs = models.CharField(
        _("strategic HS codes"),
        max_length=500,
        blank=True,
        help_text=_(
            "HS codes (2 to 6 digits, separated by spaces or commas) counted as strategic goods in "
            "addition to the product lines marked strategic."
        ),
    )
    cost_share = models.DecimalField(
        _("estimated need as a share of annual output value"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.20"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(5)],
        help_text=_("Used for the money a unit needs when it has no open loan application."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("revival settings")
        verbose_name_plural = _("revival settings")

    def __str__(self) -> str:
        return str(self.region)

    FACTOR_FIELDS = {
        "causes": "weight_causes",
        "debt": "weight_debt",
        "seizure": "weight_seizure",
        "loans": "weight_loans",
        "licence": "weight_licence",
        "market": "weight_market",
        "machinery": "weight_machinery",
    }

    def weights(self) -> dict[str, float]:
        return {f: float(getattr(self, name)) for f, name in self.FACTOR_FIELDS.items()}

    def strategic_codes(self) -> list[str]:
        return [c for c in self.strategic_hs.replace(",", " ").split() if c.isdigit()]


class ScreeningOverride(models.Model):
    """The secretariat's verdict on a unit's revivability, replacing the score's, with a reason."""

    class Verdict(models.TextChoices):
        REVIVABLE = "revivable", _("revivable")
        NOT_REVIVABLE = "not_revivable", _("not revivable")

    unit = models.OneToOneField("registry.Unit", on_delete=models.CASCADE, related_name="revival_override")
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("screening override")
        verbose_name_plural = _("screening overrides")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.verdict}"


class Scenario(models.Model):
    """A saved revival plan: its inputs (budget and constraints) and the optimiser's result."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="revival_scenarios")
    name = models.CharField(_("name"), max_length=200)
    inputs = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=16, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("revival scenario")
        verbose_name_plural = _("revival scenarios")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class RevivalFile(models.Model):
    """One unit's way back to production, from diagnosis to six months of sustained output."""

    class State(models.TextChoices):
        DIAGNOSED = "diagnosed", _("diagnosed")
        PLAN_APPROVED = "approved", _("plan approved")
        FINANCING = "financing", _("financing")
        RESTARTED = "restarted", _("restarted")
        SUSTAINED = "sustained", _("sustained 6 months")

    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="revival_files"
    )
    scenario = models.ForeignKey(
        Scenario,
        verbose_name=_("scenario"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="files",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DIAGNOSED, db_index=True
    )
    diagnosis = models.TextField(_("diagnosis"), blank=True)
    money_needed_irr = models.DecimalField(
        _("money needed (IRR)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    jobs_before = models.PositiveIntegerField(_("jobs to restore"), default=0)
    employment_at_open = models.PositiveIntegerField(_("employment when the file was opened"), default=0)
    jobs_restored = models.PositiveIntegerField(_("jobs restored"), default=0)
    restarted_month = models.IntegerField(_("restarted in month"), null=True, blank=True)
    sustained_month = models.IntegerField(_("sustained as of month"), null=True, blank=True)
    # Generic links by id: the loans and meetings apps may land later.
    case_ids = models.JSONField(default=list, blank=True)
    loan_ids = models.JSONField(default=list, blank=True)
    resolution_ids = models.JSONField(default=list, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now, db_index=True)
    state_changed_at = models.DateTimeField(_("state changed at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("revival file")
        verbose_name_plural = _("revival files")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit"], name="one_revival_file_per_unit"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.unit}"


# -- stored results of the early warning and the screening (refreshed, read by the pages) --------------------


class RevivalState(models.Model):
    """When the stored watch list and screening of a region were computed, and from which inputs.

    ``month`` is the report month they were computed for and ``settings_version`` the version of the region's
    ``RevivalSettings``: when either differs from the current one, every row is recomputed. ``events_seen_at``
    is how far the audit trail has been read for units changed since (see ``jahesh.revival.stored``).
    """

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="revival_state")
    computed_at = models.DateTimeField(_("computed at"))
    month = models.IntegerField()
    settings_version = models.PositiveIntegerField()
    events_seen_at = models.DateTimeField()
    units_refreshed_at = models.DateTimeField(_("units refreshed at"), null=True, blank=True)
    # Ids of the audit events already read that are younger than ``events_seen_at`` - LAG (read again).
    events_handled = models.JSONField(default=list, blank=True)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("revival computation")
        verbose_name_plural = _("revival computations")

    def __str__(self) -> str:
        return f"{self.region_id}: {self.computed_at:%Y-%m-%d %H:%M}"


class _Stored(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    unit = models.OneToOneField("registry.Unit", on_delete=models.CASCADE, related_name="+")
    county = models.ForeignKey("registry.County", null=True, on_delete=models.SET_NULL, related_name="+")
    month = models.IntegerField()  # the report month the figures were computed for
    settings_version = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        abstract = True


class WatchRow(_Stored):
    """One unit on the early-warning watch list, as ``figures.watch_list`` computed it."""

    status = models.CharField(max_length=16)
    utilisation_before = models.FloatField(null=True)
    utilisation_now = models.FloatField(null=True)
    drop_points = models.FloatField(null=True)
    silent_months = models.FloatField(null=True)
    last_report_month = models.IntegerField(null=True)
    employment_before = models.FloatField(null=True)
    employment_now = models.FloatField(null=True)
    employment_fall_pct = models.FloatField(null=True)
    reason_drop = models.BooleanField(default=False)
    reason_silent = models.BooleanField(default=False)
    reason_employment = models.BooleanField(default=False)
    # The list's order: the steepest utilisation fall, then employment fall (-1e9 where not a reason), then
    # the longest silence (-1e9 for a unit that never reported): numbers, never null, so an index serves it.
    sort_drop = models.FloatField()
    sort_employment = models.FloatField()
    sort_silent = models.FloatField(default=-1e9)
    series = models.JSONField(default=list)  # utilisation (%) of the 15 months, null where no report

    class Meta:
        indexes = [
            models.Index(
                "region",
                models.F("sort_drop").desc(),
                models.F("sort_employment").desc(),
                models.F("sort_silent").desc(),
                "unit",
                name="revival_watch_order2",
            ),
            models.Index(
                "region",
                "county",
                models.F("sort_drop").desc(),
                models.F("sort_employment").desc(),
                models.F("sort_silent").desc(),
                "unit",
                name="revival_watch_county",
            ),
        ]

    def __str__(self) -> str:
        return f"watch {self.unit_id}"


class ScreeningRow(_Stored):
    """One idle or semi-active unit's screening (factors, score, verdict) and impact, as computed by
    ``figures.screening``. ``factors``: ``{factor: [value or null, effective weight, contribution]}``."""

    unit_status = models.CharField(max_length=16)
    factors = models.JSONField(default=dict)
    coverage = models.FloatField()
    score = models.FloatField(null=True)
    status = models.CharField(max_length=20)  # the score's verdict
    override = models.CharField(max_length=16, blank=True)
    override_reason = models.TextField(blank=True)
    verdict = models.CharField(max_length=20)
    jobs = models.FloatField()
    output = models.FloatField(null=True)
    fx = models.FloatField()
    strategic = models.BooleanField(default=False)
    cost = models.FloatField(null=True)
    cost_estimated = models.BooleanField(default=True)
    bank = models.CharField(max_length=20, blank=True)
    programme = models.CharField(max_length=40, blank=True, null=True)
    months_to_restart = models.IntegerField()
    debt_amount = models.FloatField()
    annual_output_value = models.FloatField(null=True)
    sort_score = models.FloatField(default=-1.0)  # the score, -1 where unscored: the list's order, indexed

    class Meta:
        indexes = [
            models.Index(
                "region",
                models.F("sort_score").desc(),
                models.F("jobs").desc(),
                "unit",
                name="revival_scr_order",
            ),
            models.Index(
                "region",
                "verdict",
                models.F("sort_score").desc(),
                models.F("jobs").desc(),
                "unit",
                name="revival_scr_verdict",
            ),
            models.Index(
                "region",
                "county",
                models.F("sort_score").desc(),
                models.F("jobs").desc(),
                "unit",
                name="revival_scr_county",
            ),
        ]

    def __str__(self) -> str:
        return f"screening {self.unit_id}"
