"""The error pages (400, 403, 404, 500), in Russian and in the house layout; wired in otklik.urls.

Django's own handlers would pass the exception's English text (``No Incident matches the given
query.``) to the template; these pass only what a person should read. The 500 page is rendered
without a request context, so it needs neither the database nor a context processor."""

from __future__ import annotations

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The reason is shown when the code gave one (our PermissionDenied texts are Russian)."""
    reason = exception.args[0] if exception.args and isinstance(exception.args[0], str) else ""
    body = loader.render_to_string("403.html", {"reason": reason}, request=request)
    return HttpResponseForbidden(body)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponseServerError(loader.get_template("500.html").render())
