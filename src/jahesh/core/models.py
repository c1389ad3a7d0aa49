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


class Notification(models.Model):
    """One message for one user: a new referral, an answer, a deadline passed. Rendered in both languages
    when created (``jahesh.core.notify``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=32)
    text_fa = models.CharField(max_length=500)
    text_en = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text_en

    def text(self, lang: str) -> str:
        return self.text_fa if lang.startswith("fa") else self.text_en


def _attachment_path(instance: Attachment, filename: str) -> str:
    from .uploads import _storage_name

    return _storage_name(instance, filename)


class Attachment(models.Model):
    """A file kept as evidence or a document of some object (``owner_type`` is its model's label), checked by
    ``jahesh.core.uploads`` and downloaded only through ``/attachments/<id>/``."""

    owner_type = models.CharField(max_length=64)
    owner_id = models.CharField(max_length=32)
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    kind = models.CharField(_("kind"), max_length=8)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("note"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self) -> str:
        return self.original_name
