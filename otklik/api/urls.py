"""The API's addresses: /api/ (REST, schema, docs, tokens, webhooks) and /open311/v2/."""

from django.urls import include, path

urlpatterns = [
    path("api/", include("otklik.api.rest_urls")),  # /api/v1/, /api/schema/, /api/docs/
    path("api/", include("otklik.api.webhook_urls")),  # outgoing webhooks' subscriptions
    path("open311/v2/", include("otklik.api.open311_urls")),  # Open311 GeoReport v2
]
