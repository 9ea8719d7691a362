"""`Authorization: Bearer <token>`: the token's user, with its role and department scope.

No session: the API never reads the session cookie, so it has no CSRF surface."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from otklik.accounts.models import User
from otklik.api import tokens
from otklik.api.rest.ratelimit import count_request


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = tokens.authenticate(token.strip())
        if user is None:
            return None
        count_request(tokens.digest(token.strip()))
        return user


def user_of(request: HttpRequest) -> User:
    """The token's user (ninja puts it on request.auth)."""
    return request.auth  # type: ignore[attr-defined,no-any-return]
