"""Creating, checking and revoking personal API tokens (the only writer of ApiToken)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.api.models import ApiToken

PREFIX = "otk_"
#: last_used_at is written at most this often per token: a busy client does not write each call.
TOUCH_EVERY = timedelta(minutes=1)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token, which is never shown again."""
    if not user.is_active:
        raise ValidationError("Учётная запись отключена: токен ей не выдаётся")
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], prefix=raw[:12], digest=digest(raw)
    )
    return token, raw


def authenticate(raw: str) -> User | None:
    """The active user a token belongs to, or None (unknown, revoked, or a disabled user)."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_token(actor: User, token: ApiToken) -> None:
    """The token's owner or an administrator revokes it; a revoked token stays listed."""
    if actor.pk != token.user_id and not actor.is_admin:
        raise PermissionDenied("Отозвать чужой токен может только администратор")
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
