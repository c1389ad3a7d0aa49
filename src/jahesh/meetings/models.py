"""Working-group sessions (جلسه کارگروه), their agenda and attendance, resolutions (مصوبه) with one part per
responsible agency, each part's history, and the approved minutes (صورتجلسه) kept version by version."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jahesh.registry.models import Agency

#: Days an agency has, from notification, to object to a resolution (DOMAIN.md).
OBJECTION_DAYS = 15


class Session(models.Model):
    """One session of a working group, numbered within its group (its kind; and county for a county group)."""

    class Kind(models.TextChoices):
        PROVINCIAL = "provincial", _("provincial working group")
        COUNTY = "county", _("county working group")
        SPECIALISED = "specialised", _("specialised meeting (universities, science parks, technology firms)")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("minutes approved")

    region = models.ForeignKey("registry.Region", on_delete=models.PROTECT, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PROVINCIAL)
    county = models.ForeignKey(
        "registry.County", verbose_name=_("county"), null=True, blank=True, on_delete=models.PROTECT
    )
    group = models.CharField(max_length=40, editable=False, help_text="kind, or kind:county id")
    number = models.PositiveIntegerField(_("session number"))
    held_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_sessions",
    )
    chair_title = models.CharField(_("chair (name and post)"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    minutes_version = models.PositiveIntegerField(_("minutes version"), default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-held_on", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "group", "number"], name="session_number_unique"),
            models.CheckConstraint(
                condition=~models.Q(kind="county") | models.Q(county__isnull=False),
                name="county_session_has_county",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    @property
    def locked(self) -> bool:
        return self.state == self.State.APPROVED


class Attendance(models.Model):
    """An agency invited to the session, whether it attended, and who represented it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    invited = models.BooleanField(_("invited"), default=True)
    present = models.BooleanField(_("present"), default=False)
    representative = models.CharField(_("representative (name and post)"), max_length=200, blank=True)

    class Meta:
        ordering = ["agency__kind", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["session", "agency"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.agency} @ {self.session_id}"


class AgendaItem(models.Model):
    """One item of a session's agenda: a case, a unit, a sector, a free topic, a carried-over resolution or an
    objection the session must rule on."""

    class Kind(models.TextChoices):
        CASE = "case", _("case")
        UNIT = "unit", _("unit")
        SECTOR = "sector", _("sector")
        TOPIC = "topic", _("free topic")
        CARRIED = "carried", _("carried-over resolution")
        OBJECTION = "objection", _("objection to rule on")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    minutes = models.PositiveSmallIntegerField(_("time (minutes)"), default=10)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    unit = models.ForeignKey(
        "registry.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    sector = models.CharField(_("sector (ISIC division)"), max_length=4, blank=True)
    resolution = models.ForeignKey(
        "Resolution", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    part = models.ForeignKey(
        "ResolutionPart", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Resolution(models.Model):
    """A decision of a session, binding (or advisory, or a follow-up) on one or more agencies."""

    class Kind(models.TextChoices):
        BINDING = "binding", _("binding")
        ADVISORY = "advisory", _("advisory")
        FOLLOW_UP = "follow_up", _("follow-up")

    class Escalation(models.IntegerChoices):
        NONE = 0, _("not escalated")
        GOVERNOR = 1, _("to the governor")
        NATIONAL = 2, _("to the national headquarters")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="resolutions")
    number = models.PositiveSmallIntegerField(_("number in the session"))
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="resolutions"
    )
    text = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BINDING)
    deadline = models.DateField(_("deadline"), db_index=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    unit = models.ForeignKey(
        "registry.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="resolutions"
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, db_index=True)
    carried_count = models.PositiveSmallIntegerField(_("times carried over"), default=0)
    carried_at = models.DateTimeField(_("last carried over"), null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation.choices, default=Escalation.NONE
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["session", "number"], name="resolution_number_unique")]

    def __str__(self) -> str:
        return f"{self.session.number}-{self.number}"

    @property
    def label(self) -> str:
        return f"{self.session.number}/{self.number}"


class ResolutionPart(models.Model):
    """One responsible agency's share of a resolution, with its own status."""

    class Status(models.TextChoices):
        NOTIFIED = "notified", _("notified")
        OBJECTED = "objected", _("objected")
        EXECUTING = "executing", _("being executed")
        EXECUTED = "executed", _("executed")
        NOT_EXECUTED = "not_executed", _("not executed")

    class Ruling(models.TextChoices):
        NONE = "", _("not ruled yet")
        UPHELD = "upheld", _("objection upheld")
        REJECTED = "rejected", _("objection rejected")

    OPEN = (Status.NOTIFIED, Status.EXECUTING)

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="parts")
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="resolution_parts"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOTIFIED, db_index=True
    )
    notified_at = models.DateTimeField(_("notified at"), default=timezone.now)
    status_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)
    objection = models.TextField(_("objection"), blank=True)
    objected_at = models.DateTimeField(null=True, blank=True)
    ruling = models.CharField(_("ruling"), max_length=8, choices=Ruling.choices, blank=True, default="")
    ruled_in = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.PROTECT, related_name="rulings"
    )
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["resolution_id", "agency__kind", "agency__name", "id"]
        constraints = [models.UniqueConstraint(fields=["resolution", "agency"], name="resolution_part_once")]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self) -> str:
        return f"{self.resolution_id} → {self.agency_id}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def released(self) -> bool:
        """An upheld objection releases the agency from the resolution."""
        return self.status == self.Status.OBJECTED and self.ruling == self.Ruling.UPHELD

    def objection_closes_on(self) -> dt.date:
        return timezone.localdate(self.notified_at) + dt.timedelta(days=OBJECTION_DAYS)

    def overdue_on(self, today: dt.date) -> bool:
        return self.is_open and self.resolution.deadline < today


class PartUpdate(models.Model):
    """One change of a part's status, with the evidence or reason given; attachments hang on it."""

    part = models.ForeignKey(ResolutionPart, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    before = models.CharField(max_length=12, blank=True)
    after = models.CharField(max_length=12)
    ruling = models.CharField(max_length=8, blank=True)
    text = models.TextField(_("evidence or reason"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.part_id}: {self.before} → {self.after}"

    def get_after_display(self) -> str:
        if self.ruling:
            return str(ResolutionPart.Ruling(self.ruling).label)
        return str(ResolutionPart.Status(self.after).label) if self.after else ""


class Minutes(models.Model):
    """An approved version of a session's minutes: the exact PDF the chair signed off."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveIntegerField()
    approved_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    note = models.TextField(pgettext_lazy("minutes", "reason for the new version"), blank=True)

    class Meta:
        ordering = ["session_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["session", "version"], name="minutes_version_once")]

    def __str__(self) -> str:
        return f"minutes {self.session_id} v{self.version}"
