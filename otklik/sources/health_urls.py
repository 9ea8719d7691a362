"""The channel health page; included at /sources/ by otklik/urls.py."""

from django.urls import path

from otklik.sources import health_views

urlpatterns = [
    path("health/", health_views.health, name="sources-health"),
    path("health/add/", health_views.add_source, name="sources-health-add"),
    path("health/<slug:name>/test/", health_views.test_source, name="sources-health-test"),
]
