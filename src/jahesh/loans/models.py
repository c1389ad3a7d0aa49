"""Support loans (تسهیلات): programmes and their quotas per bank, and each application's way through the
funnel — working-group approval, introduction to a bank, the bank's decision (with the central bank's expert
panel on a refusal), disbursement in tranches. The jobs realised afterwards are read from the unit's monthly
reports (``jahesh.loans.outcome``), never typed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jahesh.registry.models import OperatingStatus

AMOUNT = {"max_digits": 20, "decimal_places": 0}


class Programme(models.Model):
    """A loan programme (رونق تولید, تبصره ۱۸, working capital …) and its rules."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    max_amount = models.DecimalField(_("maximum amount (IRR)"), **AMOUNT)
    eligible_statuses = models.JSONField(
        _("eligible unit statuses"),
        default=list,
        help_text=_("Operating statuses of the units that may apply; empty for any."),
    )
    active = models.BooleanField(_("open for applications"), default=True)

    class Meta:
        verbose_name = _("loan programme")
        verbose_name_plural = _("loan programmes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def eligible_labels(self) -> list[str]:
        return [str(OperatingStatus(s).label) for s in self.eligible_statuses if s in OperatingStatus.values]


class Quota(models.Model):
    """How much a bank is to lend under a programme in the region in one Jalali year."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="quotas")
    bank = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("bank"),
        on_delete=models.PROTECT,
        related_name="loan_quotas",
        limit_choices_to={"kind": "bank"},
    )
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    amount = models.DecimalField(_("quota (IRR)"), **AMOUNT)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["-year", "programme", "bank"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "bank", "year"], name="one_quota_per_bank_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme} / {self.bank} / {self.year}"


class Application(models.Model):
    """A unit's request for a loan under a programme, and where it stands in the funnel."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved by the working group")
        REJECTED = "rejected", _("rejected by the working group")
        INTRODUCED = "introduced", _("introduced to the bank")
        BANK_APPROVED = "bank_approved", _("approved by the bank")
        REFUSED = "refused", _("refused by the bank")
        PANEL = "panel", _("before the expert panel")
        PARTLY_PAID = "partly_paid", _("partly paid")
        PAID = "paid", _("paid")
        WITHDRAWN = "withdrawn", _("withdrawn")

    #: States in which the application still asks for money (it blocks another one for the same programme).
    OPEN = (
        State.SUBMITTED,
        State.APPROVED,
        State.INTRODUCED,
        State.BANK_APPROVED,
        State.REFUSED,
        State.PANEL,
        State.PARTLY_PAID,
    )

    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="loan_applications"
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="applications"
    )
    amount_requested = models.DecimalField(_("amount requested (IRR)"), **AMOUNT)
    purpose = models.TextField(_("purpose"))
    jobs_kept = models.PositiveIntegerField(_("jobs kept (forecast)"), default=0)
    jobs_restored = models.PositiveIntegerField(_("jobs restored (forecast)"), default=0)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="loan_applications",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    applied_on = models.DateField(_("applied on"), db_index=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The working group's decision. The sessions app has no committed model yet, so the resolution that
    # approved it is cited as text (session and resolution number).
    wg_decided_on = models.DateField(_("working group decided on"), null=True, blank=True)
    resolution_ref = models.CharField(_("resolution"), max_length=100, blank=True)
    # Set when resolution_ref names exactly one resolution of the region's sessions ("session/number").
    resolution = models.ForeignKey(
        "meetings.Resolution",
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="loan_applications",
    )
    wg_note = models.TextField(_("working group's note"), blank=True)
    paid_on = models.DateField(_("fully paid on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loan application")
        verbose_name_plural = _("loan applications")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["unit", "programme", "state"], name="loan_unit_programme_state")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_requested__gt=0), name="loan_amount_positive")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.programme} — {self.unit}"

    @property
    def jobs_forecast(self) -> int:
        return self.jobs_kept + self.jobs_restored

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN


class Introduction(models.Model):
    """The working group's letter introducing the applicant to a bank branch."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="introduction")
    bank = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("bank"),
        on_delete=models.PROTECT,
        related_name="loan_introductions",
        limit_choices_to={"kind": "bank"},
    )
    branch_name = models.CharField(_("branch"), max_length=200, blank=True)
    branch_code = models.CharField(_("branch code"), max_length=16, blank=True)
    introduced_on = models.DateField(_("introduced on"))
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("introduction to a bank")
        verbose_name_plural = _("introductions to banks")
        indexes = [models.Index(fields=["bank", "introduced_on"], name="loan_intro_bank_date")]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.bank}"


class Decision(models.Model):
    """The bank's decision, and — for a refusal referred to it — the central bank's expert panel's ruling."""

    class Ruling(models.TextChoices):
        UPHELD = "upheld", _("refusal upheld")
        OVERTURNED = "overturned", _("refusal overturned: the bank must lend")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="decision")
    approved = models.BooleanField(_("approved"))
    amount = models.DecimalField(_("approved amount (IRR)"), null=True, blank=True, **AMOUNT)
    reason = models.TextField(_("reason for refusal"), blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    panel_referred_on = models.DateField(_("referred to the expert panel on"), null=True, blank=True)
    panel_ruling = models.CharField(_("panel's ruling"), max_length=12, choices=Ruling.choices, blank=True)
    panel_ruled_on = models.DateField(_("panel ruled on"), null=True, blank=True)
    panel_note = models.TextField(_("panel's note"), blank=True)
    panel_amount = models.DecimalField(_("amount set by the panel (IRR)"), null=True, blank=True, **AMOUNT)

    class Meta:
        verbose_name = _("bank decision")
        verbose_name_plural = _("bank decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved=False, reason__gt="") | models.Q(approved=True, amount__gt=0),
                name="decision_has_amount_or_reason",
            )
        ]

    def __str__(self) -> str:
        return f"decision on {self.application_id}"

    @property
    def lending_amount(self):
        """What the bank is to lend: its approved amount, or the panel's after an overturned refusal."""
        if self.approved:
            return self.amount
        if self.panel_ruling == self.Ruling.OVERTURNED:
            return self.panel_amount
        return None


class Disbursement(models.Model):
    """One tranche paid by the bank."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="disbursements")
    amount = models.DecimalField(_("amount (IRR)"), **AMOUNT)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["paid_on", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="tranche_positive")]

    def __str__(self) -> str:
        return f"{self.amount} on {self.paid_on}"
