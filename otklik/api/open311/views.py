"""/open311/v2/…: each resource in the format its extension names (.xml or .json).

Reading needs no key; POST requests needs an api_key (a personal API token, otklik.api.tokens)
and is exempt from CSRF for that reason: a machine API that authenticates each call by its
token, not by a cookie. Every error is the spec's error document with a Russian description.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt

from otklik.api.open311 import filters, intake, limits
from otklik.api.open311.discovery import discovery_record
from otklik.api.open311.formats import FORMATS, Open311Error, error, render
from otklik.api.open311.service_requests import public_incidents, request_record
from otklik.api.open311.services import definition_record, service, service_record, services
from otklik.api.tokens import authenticate

View = Callable[..., HttpResponse]
#: The POST answer's service_notice: what happens to the report next.
NOTICE = (
    "Сообщение принято и передано в пресс-службу. Номер обращения появится, когда по нему "
    "заведут инцидент: узнайте его по токену (tokens/ТОКЕН)."
)


def open311(*methods: str) -> Callable[[View], View]:
    """Answer only `methods` (405 otherwise) and turn an Open311Error into the error document."""

    def wrap(view: View) -> View:
        def wrapped(request: HttpRequest, fmt: str, **kwargs: str) -> HttpResponse:
            if request.method not in methods:
                response = error(fmt, 405, f"Метод {request.method} здесь не поддерживается")
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, fmt, **kwargs)
            except Open311Error as failure:
                return error(fmt, failure.status, failure.description)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return wrap


@open311("GET", "HEAD")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    return render(fmt, "discovery", discovery_record())


@open311("GET", "HEAD")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return render(fmt, "services", [service_record(category) for category in services()])


@open311("GET", "HEAD")
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    category = service(code)
    if category is None:
        raise Open311Error(404, f"Услуги с кодом «{code[:64]}» нет")
    return render(fmt, "service_definition", definition_record(category))


@csrf_exempt  # token-authenticated machine API: no cookie, no session, no CSRF to forge
@open311("GET", "HEAD", "POST")
def request_list(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    incidents = filters.filtered(public_incidents(), request.GET)
    return render(fmt, "service_requests", [request_record(i) for i in incidents])


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    limits.check_post(request)
    try:
        data = request.POST
    except (SuspiciousOperation, MultiPartParserError):
        raise Open311Error(
            400, "Тело запроса не разобрать: нужна форма (x-www-form-urlencoded)"
        ) from None
    user = authenticate(data.get("api_key", ""))
    if user is None:
        raise Open311Error(403, "Неверный или отсутствующий api_key: обращение не принято")
    report = intake.parse_report(data)
    payload = intake.take_in(report, user=user, client=limits.client_fingerprint(request))
    record = {"token": payload.external_id, "service_notice": NOTICE, "account_id": None}
    return render(fmt, "service_requests", [record])


@open311("GET", "HEAD")
def request_detail(request: HttpRequest, fmt: str, request_id: str) -> HttpResponse:
    incident = public_incidents().filter(pk=int(request_id)).first()
    if incident is None:
        raise Open311Error(404, f"Обращения № {request_id} нет")
    return render(fmt, "service_requests", [request_record(incident)])


@open311("GET", "HEAD")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    """The request's number once the report is an incident; until then service_request_id is
    empty (the spec's clients, FixMyStreet among them, ask again later)."""
    known, incident_id = intake.resolve(token)
    if not known:
        raise Open311Error(404, "Такого токена нет")
    if incident_id is not None and not public_incidents().filter(pk=incident_id).exists():
        incident_id = None
    record = {"service_request_id": str(incident_id) if incident_id else None, "token": token}
    return render(fmt, "service_requests", [record])


def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other address under /open311/v2/: 404 in the spec's format (XML unless .json)."""
    fmt = rest.rsplit(".", 1)[-1] if "." in rest else "xml"
    return error(fmt if fmt in FORMATS else "xml", 404, "Такого ресурса в Open311 GeoReport v2 нет")
