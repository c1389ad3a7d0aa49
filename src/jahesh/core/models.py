"""Users and their roles, and the append-only audit trail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    SECRETARIAT = "secretariat", _("Secretariat")
    LEADERSHIP = "leadership", _("Leadership")
    AGENCY = "agency", _("Agency officer")
    BANK = "bank", _("Bank officer")
    UNIT = "unit", _("Unit representative")


#: Roles that see everything in the region.
REGION_WIDE_ROLES = frozenset({Role.ADMIN, Role.SECRETARIAT, Role.LEADERSHIP})


class User(AbstractUser):
    """A person who signs in. Agency and bank officers belong to one agency; unit representatives to units."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.UNIT)
    agency = models.ForeignKey(
        "registry.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    units = models.ManyToManyField(
        "registry.Unit", verbose_name=_("units represented"), blank=True, related_name="representatives"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["agency", "bank"]) | models.Q(agency__isnull=False),
                name="officer_has_agency",
            )
        ]

    @property
    def is_region_wide(self) -> bool:
        return self.is_active and (self.role in REGION_WIDE_ROLES or self.is_superuser)


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only")


class AuditEvent(models.Model):
    """One change: who, when, what, before and after. Never updated or deleted."""

    class Source(models.TextChoices):
        WEB = "web", _("web page")
        API = "api", _("API")
        IMPORT = "import", _("import")
        CLI = "cli", _("command line")
        SYSTEM = "system", _("system")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.PROTECT
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.WEB)
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    # The production unit the change is about, so a unit's page can show its whole trail in one query.
    unit = models.ForeignKey(
        "registry.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("The audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only")
