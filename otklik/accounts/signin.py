"""Sign-in throttling (django-axes) as staff meet it: a Russian page when a user name is locked
from an address, and an audit line in the log for every failure and lock-out."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from otklik.accounts.addresses import client_address

audit = logging.getLogger("otklik.audit")


def lockout_message() -> str:
    minutes = settings.LOGIN_COOLOFF_MINUTES
    return (
        f"Слишком много неудачных попыток входа. Вход для этого логина с вашего адреса "
        f"заблокирован на {minutes} мин. Попробуйте позже или обратитесь к администратору."
    )


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, with the reason, status 429."""
    username = (credentials or {}).get("username", "") if isinstance(credentials, dict) else ""
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "locked_out": lockout_message(), "next": request.GET.get("next", "")}
    if request.path.startswith("/admin/"):
        context["next"] = "/admin/"
    return render(request, "registration/login.html", context, status=429)


def _who(request: HttpRequest | None, username: str | None) -> tuple[str, str]:
    address = client_address(request) if request is not None else "unknown"
    return (username or "")[:150], address


def log_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    username, address = _who(request, credentials.get("username"))
    audit.warning("вход: неверный пароль, логин %r, адрес %s", username, address)


def log_lockout(sender: Any, request: Any, username: str, ip_address: str, **_: Any) -> None:
    audit.warning(
        "вход: заблокирован после %s неудачных попыток, логин %r, адрес %s, на %s мин",
        settings.LOGIN_FAILURES,
        (username or "")[:150],
        ip_address,
        settings.LOGIN_COOLOFF_MINUTES,
    )


def log_success(sender: Any, request: Any, user: Any, **_: Any) -> None:
    username, address = _who(request, user.get_username())
    audit.info("вход: выполнен, логин %r, адрес %s", username, address)


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    user_login_failed.connect(log_failure, dispatch_uid="otklik-audit-login-failed")
    user_logged_in.connect(log_success, dispatch_uid="otklik-audit-login")
    user_locked_out.connect(log_lockout, dispatch_uid="otklik-audit-locked-out")
