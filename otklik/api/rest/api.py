"""The NinjaAPI object: routers, authentication, the error handlers and the schema's address."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid

from otklik.api.rest import (
    answers,
    dashboard,
    incidents,
    instructions,
    meetings,
    messages,
    posts,
    problems,
    schema,
    sources,
)
from otklik.api.rest.auth import BearerToken
from otklik.api.rest.docs import LocalSwagger
from otklik.api.rest.pagination import BadCursor

DESCRIPTION = """API Отклика для внешних систем: сообщения, инциденты, ответы, каналы, план
публикаций, встречи и поручения, показатели панели аналитики.

**Доступ.** Заголовок `Authorization: Bearer <токен>`; токен выпускается на странице
[/api/tokens/](/api/tokens/) или командой `otklik token create`. Токен действует с ролью и
подразделением своего сотрудника: исполнитель видит только своё подразделение.

**Страницы.** Список отвечает `{"items": [...], "next": "<курсор>"}`; следующая страница —
`?cursor=<next>` с теми же фильтрами, `limit` от 1 до 200. Конец списка — `"next": null`.

**Ошибки** — `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`, а у
ошибок в данных — `errors` с полями. Превышение предела запросов — 429 с заголовком
`Retry-After`. Время — ISO 8601 в UTC."""


class OtklikAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return schema.correct(super().get_openapi_schema(**kwargs))

    def get_openapi_operation_id(self, operation: Any) -> str:
        return str(operation.view_func.__name__)


api = OtklikAPI(
    title="Отклик API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="rest-api",
    openapi_url="/schema/",
    docs_url="/docs/",
    docs=LocalSwagger(),
    auth=BearerToken(),
)


def _bad_cursor(request: HttpRequest, exc: BadCursor) -> HttpResponse:
    return problems.problem(
        422,
        "Курсор не подходит к этому списку: возьмите значение next из ответа",
        errors=[{"field": "cursor", "message": "Неверный курсор"}],
    )


HANDLERS: list[tuple[type[Exception], Any]] = [
    (Exception, problems.on_crash),
    (HttpError, problems.on_http_error),
    (AuthenticationError, problems.on_unauthenticated),
    (RequestInvalid, problems.on_invalid_request),
    (PermissionDenied, problems.on_forbidden),
    (Http404, problems.on_not_found),
    (ValidationError, problems.on_refused),
    (problems.Throttled, problems.on_throttled),
    (BadCursor, _bad_cursor),
]
for exc_class, handler in HANDLERS:
    api.add_exception_handler(exc_class, handler)

api.add_router("/v1/messages/", messages.router)
api.add_router("/v1/incidents/", incidents.router)
api.add_router("/v1/answers/", answers.router)
api.add_router("/v1/sources/", sources.router)
api.add_router("/v1/posts/", posts.router)
api.add_router("/v1/meetings/", meetings.router)
api.add_router("/v1/instructions/", instructions.router)
api.add_router("/v1/dashboard/", dashboard.router)
