"""Errors as `application/problem+json` (RFC 9457): type, title, status, detail, in Russian; a
validation error also lists its fields."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid

log = logging.getLogger(__name__)

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "/api/docs/#problem-"

TITLES: dict[int, str] = {
    400: "Неверный запрос",
    401: "Нужен токен",
    403: "Недостаточно прав",
    404: "Не найдено",
    405: "Метод не поддерживается",
    409: "Конфликт",
    413: "Слишком большой запрос",
    422: "Ошибка в данных",
    429: "Слишком много запросов",
    500: "Внутренняя ошибка сервера",
}
SLUGS: dict[int, str] = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    422: "invalid",
    429: "rate-limited",
    500: "server-error",
}


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """An error (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class Throttled(Exception):
    """Too many requests for this token: try again in `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def problem(
    status: int,
    detail: str,
    *,
    title: str = "",
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + SLUGS.get(status, "error"),
        "title": title or TITLES.get(status, "Ошибка"),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False).encode(), status=status, content_type=MEDIA_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _messages(exc: Exception) -> str:
    texts = getattr(exc, "messages", None) or [str(exc)]
    return "; ".join(str(t) for t in texts if str(t).strip())


# What pydantic says, in Russian: by its error type, with its context's numbers.
RUSSIAN: dict[str, str] = {
    "missing": "Обязательное поле",
    "int_parsing": "Нужно целое число",
    "int_type": "Нужно целое число",
    "int_from_float": "Нужно целое число",
    "bool_parsing": "Нужно true или false",
    "bool_type": "Нужно true или false",
    "string_type": "Нужна строка",
    "list_type": "Нужен список",
    "dict_type": "Нужен объект JSON",
    "model_type": "Нужен объект JSON",
    "model_attributes_type": "Нужен объект JSON",
    "json_invalid": "Тело запроса — не JSON",
    "date_parsing": "Нужна дата ГГГГ-ММ-ДД",
    "date_from_datetime_parsing": "Нужна дата ГГГГ-ММ-ДД",
    "date_from_datetime_inexact": "Нужна дата ГГГГ-ММ-ДД",
    "date_type": "Нужна дата ГГГГ-ММ-ДД",
    "datetime_parsing": "Нужны дата и время в ISO 8601",
    "datetime_from_date_parsing": "Нужны дата и время в ISO 8601",
    "datetime_type": "Нужны дата и время в ISO 8601",
    "timezone_aware": "Укажите часовой пояс (например, +07:00 или Z)",
    "string_pattern_mismatch": "Недопустимые символы",
    "extra_forbidden": "Лишнее поле",
    "value_error": "Неверное значение",
    "too_long": "Слишком много элементов",
    "too_short": "Слишком мало элементов",
}


def russian(error: dict[str, Any]) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in {"greater_than_equal", "greater_than"}:
        return f"Не меньше {ctx.get('ge', ctx.get('gt'))}"
    if kind in {"less_than_equal", "less_than"}:
        return f"Не больше {ctx.get('le', ctx.get('lt'))}"
    if kind == "string_too_long":
        return f"Не длиннее {ctx.get('max_length')} знаков"
    if kind == "string_too_short":
        return f"Не короче {ctx.get('min_length')} знаков"
    if kind in {"enum", "literal_error"}:
        return f"Допустимые значения: {ctx.get('expected', '')}".replace("'", "")
    if kind in {"too_long", "too_short"} and "max_length" in ctx:
        return f"Не больше {ctx['max_length']} элементов"
    if kind in RUSSIAN:
        return RUSSIAN[kind]
    message = str(error.get("msg", ""))
    return message if CYRILLIC.search(message) else "Неверное значение"


def field_name(loc: tuple | list) -> str:
    """("body", "payload", "messages", 0) → "messages.0"; ("query", "limit") → "limit"."""
    parts = [str(p) for p in loc[1:] if p != "payload"]
    return ".".join(parts) or str(loc[0] if loc else "")


def on_invalid_request(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
    errors = [{"field": field_name(e.get("loc", ())), "message": russian(e)} for e in exc.errors]
    names = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return problem(422, f"Проверьте поля: {names}", errors=errors)


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code
    if status == 400:
        return problem(400, "Тело запроса не разобрать: нужен JSON")
    return problem(status, TITLES.get(status, "Ошибка"))


def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        401,
        "Передайте действующий токен в заголовке «Authorization: Bearer <токен>»; "
        "выпустить его можно на странице /api/tokens/",
        headers={"WWW-Authenticate": 'Bearer realm="otklik"'},
    )


def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
    return problem(403, reason or "У вашей роли нет доступа к этому")


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(404, "Такой записи нет или она вам не видна")


def on_refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """An action refused (a transition not allowed, an empty text): what it said, in Russian."""
    errors = None
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": name, "message": "; ".join(str(m) for e in items for m in e.messages)}
            for name, items in exc.error_dict.items()
        ]
    return problem(422, _messages(exc) or "Действие не выполнено", errors=errors)


def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return problem(
        429,
        f"Превышен предел запросов для этого токена; повторите через {exc.retry_after} с",
        headers={"Retry-After": str(exc.retry_after)},
    )


def on_crash(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("api: %s %s failed", request.method, request.path)
    return problem(500, "Запрос не выполнен из-за ошибки на сервере; она записана в журнал")
