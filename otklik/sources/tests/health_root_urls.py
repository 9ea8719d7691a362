"""The project's URLs plus the health page, until otklik/urls.py includes it."""

from django.urls import include, path

from otklik.urls import urlpatterns as project_urls

urlpatterns = [
    *[p for p in project_urls if str(p.pattern) != "sources/"],
    path("sources/", include("otklik.sources.health_urls")),
]
