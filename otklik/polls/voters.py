"""Who is voting, without knowing who: a random token in a signed cookie, stored only as a keyed
hash (HMAC-SHA256 with SECRET_KEY). The address is never kept; one browser votes once."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse

COOKIE = "otklik_voter"
SALT = "otklik.polls.voter"
COOKIE_AGE = 365 * 24 * 3600


def voter_key(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


def browser_token(request: HttpRequest) -> str:
    """This browser's token, or "" when it has none (or a forged one)."""
    token = request.get_signed_cookie(COOKIE, default="", salt=SALT)
    return token if isinstance(token, str) and 20 <= len(token) <= 64 else ""


def ensure_token(request: HttpRequest) -> str:
    """This browser's token, a new one when it has none (`remember` sets the cookie)."""
    return browser_token(request) or secrets.token_urlsafe(24)


def remember(response: HttpResponse, token: str) -> None:
    response.set_signed_cookie(
        COOKIE, token, salt=SALT, max_age=COOKIE_AGE, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip
