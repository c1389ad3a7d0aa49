"""Issuing and checking API tokens.

A token reads ``jh_<prefix>_<secret>``: eight hex digits that find its row, then 256 random bits. Only the
sha256 of the whole token is stored, so the token is shown once, when it is issued, and never again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jahesh.core.audit import record
from jahesh.core.models import AuditEvent

from .models import Token

SCHEME = "jh"
_TOKEN_RE = re.compile(r"jh_([0-9a-f]{8})_([A-Za-z0-9_\-]{20,100})")
#: last_used_at is written at most this often per token: not a write on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
MAX_EXPIRES_DAYS = 3650


class TokenError(Exception):
    """The token cannot be used; the message says why, in the user's language."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def issue_token(
    user: Any, *, expires_days: int | None = 365, name: str = "", actor: Any = None, source: str = "cli"
) -> tuple[Token, str]:
    """Create a token for ``user``; returns the row and the token text (which is not stored)."""
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRES_DAYS:
        raise ValueError(f"expires_days must be between 1 and {MAX_EXPIRES_DAYS}")
    expires_at = timezone.now() + dt.timedelta(days=expires_days) if expires_days else None
    for _attempt in range(5):
        prefix = secrets.token_hex(4)
        text = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                token = Token.objects.create(
                    user=user, prefix=prefix, key_hash=hash_token(text), name=name, expires_at=expires_at
                )
        except IntegrityError:  # the prefix is taken (one chance in four billion per token)
            continue
        record(
            actor=actor,
            action="api.token.issued",
            obj=token,
            after={"user": user.pk, "prefix": prefix, "expires_at": expires_at and expires_at.isoformat()},
            source=source,
        )
        return token, text
    raise RuntimeError("could not find a free token prefix")  # pragma: no cover


def revoke_token(token: Token, *, actor: Any = None, source: str = AuditEvent.Source.CLI) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="api.token.revoked", obj=token, source=source)


def user_for_token(text: str) -> Any:
    """The active user a token belongs to; TokenError saying why when it cannot be used."""
    match = _TOKEN_RE.fullmatch(text.strip())
    if match is None:
        raise TokenError(_("This is not a Jahesh API token; it should look like jh_1a2b3c4d_…"))
    token = Token.objects.select_related("user").filter(prefix=match.group(1)).first()
    # The same answer for an unknown prefix and a wrong secret: nothing to learn from probing.
    if token is None or not hmac.compare_digest(token.key_hash, hash_token(match.group(0))):
        raise TokenError(_("The token is not valid."))
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenError(_("The token has been revoked."))
    if token.expires_at is not None and token.expires_at <= now:
        raise TokenError(_("The token has expired; ask for a new one."))
    if not token.user.is_active:
        raise TokenError(_("The token is not valid."))
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        Token.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def cli_issue(username: str, expires_days: int | None, name: str = "") -> int:
    """``jahesh token USERNAME``: print a new token once. Exit status 0, or 2 for an unknown user."""
    import sys

    from django.contrib.auth import get_user_model

    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRES_DAYS:
        print(f"--expires-days must be between 1 and {MAX_EXPIRES_DAYS}.", file=sys.stderr)
        return 2
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active:
        print(f"No active user named {username!r}.", file=sys.stderr)
        return 2
    token, text = issue_token(user, expires_days=expires_days, name=name, source=AuditEvent.Source.CLI)
    until = f"until {token.expires_at:%Y-%m-%d}" if token.expires_at else "without expiry"
    print(f"A new API token for {user.username} ({user.role}), valid {until}. It is shown only this once:")
    print(text)
    print(f"Use it as: Authorization: Bearer {SCHEME}_{token.prefix}_…")
    return 0


def cli_list(username: str) -> int:
    """``jahesh token USERNAME --list``: the user's tokens (prefix, purpose, dates, state); never a secret."""
    import sys

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        print(f"No user named {username!r}.", file=sys.stderr)
        return 2
    now = timezone.now()
    for token in Token.objects.filter(user=user):
        if token.revoked_at:
            state = f"revoked {token.revoked_at:%Y-%m-%d}"
        elif token.expires_at and token.expires_at <= now:
            state = f"expired {token.expires_at:%Y-%m-%d}"
        else:
            state = "active" + (f" until {token.expires_at:%Y-%m-%d}" if token.expires_at else "")
        used = f"{token.last_used_at:%Y-%m-%d}" if token.last_used_at else "never"
        print(
            f"{token.prefix}  {state:<24} created {token.created_at:%Y-%m-%d}  last used {used}  {token.name}"
        )
    return 0


def cli_revoke(username: str, prefix: str) -> int:
    """``jahesh token USERNAME --revoke PREFIX``: the token stops working at once (audited)."""
    import sys

    token = Token.objects.filter(
        user__username=username, prefix=prefix.removeprefix(f"{SCHEME}_")[:16]
    ).first()
    if token is None:
        print(f"{username!r} has no token with the prefix {prefix!r} (see --list).", file=sys.stderr)
        return 2
    revoke_token(token, source=AuditEvent.Source.CLI)
    print(f"Revoked jh_{token.prefix}_… of {username}.")
    return 0
