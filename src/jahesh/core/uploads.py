"""Attachments: evidence, documents and scans, checked by size, extension *and* content, stored under
random names, served only to users the owning object's app lets see them.

Every app keeps its files through here so that one set of rules holds everywhere (DESIGN.md: bad input gets a
clear error and loses nothing):

- ``attach(upload, owner=obj, user=…)`` checks the file and stores it; raises ``ValidationError`` with a
  translated message (type not allowed, too large, empty, content not matching its extension);
- ``attachments_of(obj)`` lists an object's files;
- ``register_owner(Model, can_see)`` — each app says, once, who may download the files of its objects
  (``can_see(user, obj) -> bool``, normally "the object is in the user's queryset"); the download view
  (``/attachments/<id>/``) answers 404 to everyone else, like an object that does not exist.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext as _

#: extension → (MIME type, content check on the first bytes)
KINDS: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    "pdf": ("application/pdf", lambda head: head.startswith(b"%PDF-")),
    "png": ("image/png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", lambda head: head.startswith(b"\xff\xd8\xff")),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda head: head.startswith(b"PK\x03\x04"),
    ),
}

_OWNERS: dict[str, Callable[[Any, Any], bool]] = {}


def max_bytes() -> int:
    return int(getattr(settings, "JAHESH_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))


def owner_key(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def register_owner(model: type[models.Model], can_see: Callable[[Any, Any], bool]) -> None:
    """Declare who may download the attachments of ``model``'s objects (call it in ``AppConfig.ready``)."""
    _OWNERS[owner_key(model)] = can_see


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return _("%(n)s MB") % {"n": f"{n / 1048576:.1f}".removesuffix(".0")}
    return _("%(n)s KB") % {"n": f"{max(n, 1) / 1024:.0f}" if n >= 1024 else "1"}


def validate_upload(upload: UploadedFile) -> str:
    """The file's kind (its extension) if it may be kept; otherwise ``ValidationError`` saying why."""
    name = PurePath(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(sorted({k for k in KINDS if k != "jpeg"}))
    if ext not in KINDS:
        raise ValidationError(
            _("“%(name)s”: this kind of file is not accepted. Accepted: %(allowed)s.")
            % {"name": name, "allowed": allowed},
            code="type",
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the largest file accepted is %(limit)s.")
            % {"name": name, "size": human_size(size), "limit": human_size(limit)},
            code="size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not KINDS[ext][1](head):
        raise ValidationError(
            _("“%(name)s” does not contain what its name says (.%(ext)s); the file was not kept.")
            % {"name": name, "ext": ext},
            code="content",
        )
    return ext


def _storage_name(instance: Any, filename: str) -> str:
    # Never the uploader's name on disk: no path tricks, no clashes; the original name is kept in a field.
    return f"attachments/{instance.owner_type}/{uuid.uuid4().hex}.{instance.kind}"


def attach(upload: UploadedFile, *, owner: models.Model, user: Any, note: str = "") -> Any:
    """Check and store ``upload`` as an attachment of ``owner``; returns the ``Attachment``."""
    from .models import Attachment

    kind = validate_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        owner_type=owner_key(owner),
        owner_id=str(owner.pk),
        kind=kind,
        original_name=PurePath(upload.name or "").name[:200],
        size=upload.size or 0,
        sha256=digest.hexdigest(),
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        note=note[:500],
    )
    attachment.file.save(f"x.{kind}", upload, save=False)
    attachment.save()
    return attachment


def attach_all(
    uploads: Iterable[UploadedFile], *, owner: models.Model, user: Any, note: str = ""
) -> list[Any]:
    """Check every file first, then store them: one bad file keeps none of them."""
    uploads = list(uploads)
    for upload in uploads:
        validate_upload(upload)
    return [attach(upload, owner=owner, user=user, note=note) for upload in uploads]


def attachments_of(owner: models.Model) -> models.QuerySet[Any]:
    from .models import Attachment

    return Attachment.objects.filter(owner_type=owner_key(owner), owner_id=str(owner.pk)).select_related(
        "uploaded_by"
    )


def may_download(user: Any, attachment: Any) -> bool:
    can_see = _OWNERS.get(attachment.owner_type)
    if can_see is None or not getattr(user, "is_authenticated", False):
        return False
    from django.apps import apps

    model = apps.get_model(attachment.owner_type)
    owner = model._default_manager.filter(pk=attachment.owner_id).first()
    return owner is not None and bool(can_see(user, owner))
