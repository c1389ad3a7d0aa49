"""Obstacles (cases): the taxonomy, the case and its referrals to agencies, notes and the case's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jahesh.registry.models import Agency


class Category(models.Model):
    """A kind of obstacle as used in practice (DOMAIN.md, Obstacles); sub-kinds name their parent."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kinds",
    )
    agency_kind = models.CharField(
        _("default responsible agency kind"), max_length=16, choices=Agency.Kind.choices, blank=True
    )
    answer_days = models.PositiveSmallIntegerField(_("days to answer"), default=15)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


class FieldVisit(models.Model):
    """A monitoring and diagnosis visit to a unit (پایش و عارضه‌یابی); its findings may open cases."""

    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="field_visits"
    )
    visited_on = models.DateField(_("date of the visit"), db_index=True)
    visitors = models.CharField(_("visitors"), max_length=300)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("visiting agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="field_visits",
    )
    team = models.CharField(_("team"), max_length=200, blank=True)
    findings = models.TextField(_("findings"))
    utilisation_observed = models.DecimalField(
        _("utilisation observed (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    employment_observed = models.PositiveIntegerField(_("employment observed"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.visited_on}"


class Case(models.Model):
    """One obstacle in front of one unit, from intake to closure."""

    class State(models.TextChoices):
        NEW = "new", _("new")
        TRIAGED = "triaged", _("triaged")
        REFERRED = "referred", _("referred")
        ANSWERED = "answered", _("answered")
        ON_AGENDA = "on_agenda", _("on the agenda")
        RESOLUTION_ISSUED = "resolution", _("resolution issued")
        EXECUTING = "executing", _("being executed")
        CLOSED = "closed", pgettext_lazy("case state", "closed")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("resolved")
        NOT_RESOLVABLE = "not_resolvable", _("not resolvable")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Severity(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")
        CRITICAL = "critical", _("critical (production stopped)")

    class Source(models.TextChoices):
        PORTAL = "portal", _("unit portal")
        SECRETARIAT = "secretariat", _("secretariat")
        FIELD_VISIT = "field_visit", _("field visit")

    class Escalation(models.IntegerChoices):
        NONE = 0, _("not escalated")
        SECRETARIAT = 1, _("escalated to the secretariat")
        AGENDA = 2, _("proposed for the session agenda")
        NATIONAL = 3, _("flagged for the national level")

    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="cases"
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    amount_irr = models.DecimalField(
        _("amount at stake (IRR)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    jobs_at_stake = models.PositiveIntegerField(_("jobs at stake"), null=True, blank=True)
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM
    )
    requested_action = models.TextField(_("requested action"), blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.PORTAL)
    visit = models.ForeignKey(
        FieldVisit,
        verbose_name=_("field visit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NEW, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation.choices, default=Escalation.NONE
    )
    recurs = models.ForeignKey(
        "self",
        verbose_name=_("recurrence of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recurrences",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "category"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="closed", outcome__gt="")
                | (~models.Q(state="closed") & models.Q(outcome="")),
                name="case_closed_has_outcome",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED


class Referral(models.Model):
    """The case sent to one agency, with that agency's own due date and answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        RESOLVED = "resolved", _("resolved by the agency")
        OBJECTED = "objected", _("objected")
        NEEDS_WORKING_GROUP = "needs_wg", _("needs the working group")
        OVERDUE = "overdue", _("overdue")

    OPEN = (Status.PENDING, Status.OVERDUE)
    ANSWERS = (Status.RESOLVED, Status.OBJECTED, Status.NEEDS_WORKING_GROUP)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="referrals"
    )
    due_on = models.DateField(_("due date"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    referred_at = models.DateTimeField(_("referred at"), default=timezone.now)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["agency", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.agency}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class CaseNote(models.Model):
    """A note on a case; a private note is seen only by the officers of the author's agency."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    private = models.BooleanField(_("private to my agency"), default=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(private=False) | models.Q(agency__isnull=False),
                name="private_note_has_agency",
            )
        ]

    def __str__(self) -> str:
        return f"note {self.pk} on case {self.case_id}"


class EventQuerySet(models.QuerySet["CaseEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("A case's timeline is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("A case's timeline is append-only")


class CaseEvent(models.Model):
    """One step of a case's story. Never updated or deleted; ``private_to`` hides it from other agencies."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("case raised")
        RECURS = "recurs", _("recurring problem")
        TRIAGED = "triaged", _("triaged")
        REFERRED = "referred", _("referred")
        ANSWERED = "answered", _("answered")
        NOTE = "note", _("note")
        OVERDUE = "overdue", _("overdue")
        ESCALATED = "escalated", _("escalated")
        MOVED = "moved", _("state changed")
        CLOSED = "closed", _("case closed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    private_to = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} case {self.case_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("A case's timeline is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("A case's timeline is append-only")

    @property
    def due_on(self) -> dt.date | None:
        """The due date a referral event set."""
        value = (self.after or {}).get("due_on") if self.kind == self.Kind.REFERRED else None
        return dt.date.fromisoformat(value) if value else None

    def detail(self) -> str:
        """What the event says beyond its kind, in the reader's language where it is a label of ours."""
        after = self.after or {}
        if self.kind == self.Kind.ESCALATED and "escalation" in after:
            return str(Case.Escalation(after["escalation"]).label)
        if self.kind == self.Kind.MOVED and after.get("state") in Case.State.values:
            return str(Case.State(after["state"]).label) + (f" · {self.text}" if self.text else "")
        if self.kind == self.Kind.CLOSED and after.get("outcome") in Case.Outcome.values:
            return str(Case.Outcome(after["outcome"]).label) + (f" · {self.text}" if self.text else "")
        if self.kind == self.Kind.ANSWERED and after.get("status") in Referral.Status.values:
            return str(Referral.Status(after["status"]).label) + (f" · {self.text}" if self.text else "")
        if self.kind == self.Kind.RECURS and after.get("recurs"):
            return f"#{after['recurs']}"
        return self.text
