"""Notifications: a badge and a list in the app, and an e-mail when the server has a mail backend.

``notify(users, kind=…, message=_lazy("… %(case)s …"), params={…}, url=…)`` stores one notification per
recipient with the message rendered in both languages (so the list reads in whichever language the user
picks later), and, after the transaction commits, sends the e-mails through Django's mail backend when
``JAHESH_EMAIL_NOTIFICATIONS`` is on (see docs/deploy.md). A failing mail server never undoes the change
that caused the notification: the error is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation

log = logging.getLogger(__name__)


def _render(message: Any, params: Mapping[str, Any], lang: str) -> str:
    with translation.override(lang):
        text = str(message)
        values = {k: (str(v) if not isinstance(v, int | float) else v) for k, v in params.items()}
        return text % values if values else text


def notify(
    users: Iterable[Any],
    *,
    kind: str,
    message: Any,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    email: bool = True,
) -> int:
    """Tell each of ``users`` (duplicates and inactive users dropped); returns how many were told."""
    from .models import Notification

    params = dict(params or {})
    recipients = {u.pk: u for u in users if u is not None and u.is_active}
    if not recipients:
        return 0
    text_fa, text_en = _render(message, params, "fa"), _render(message, params, "en")
    Notification.objects.bulk_create(
        [
            Notification(user_id=pk, kind=kind, text_fa=text_fa[:500], text_en=text_en[:500], url=url[:300])
            for pk in recipients
        ]
    )
    if email and getattr(settings, "JAHESH_EMAIL_NOTIFICATIONS", False):
        mails = []
        base = getattr(settings, "JAHESH_BASE_URL", "").rstrip("/")
        for user in recipients.values():
            if not user.email:
                continue
            body = f"{text_fa}\n\n{text_en}"
            if url:
                body += f"\n\n{base}{url}"
            mails.append((f"[Jahesh] {text_fa[:80]}", body, settings.DEFAULT_FROM_EMAIL, [user.email]))
        if mails:
            transaction.on_commit(lambda: _send(mails))
    return len(recipients)


def _send(mails: list[tuple[str, str, str, list[str]]]) -> None:
    try:
        send_mass_mail(mails, fail_silently=False)
    except Exception:  # the mail server is down or refuses: the change stands, the in-app notice is there
        log.exception("Could not send %d notification e-mails", len(mails))


def unread_count(user: Any) -> int:
    from .models import Notification

    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
