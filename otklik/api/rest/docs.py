"""/api/docs/: Swagger UI from our own static files (otklik/static/vendor/swagger-ui/), no CDN
and no inline script, so the site's Content-Security-Policy holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI


class LocalSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "schema_url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, context)
