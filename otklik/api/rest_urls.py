"""/api/v1/ (the REST API), /api/schema/ (its OpenAPI 3 document), /api/docs/ (Swagger UI) and
/api/tokens/ (a person's own API tokens)."""

from django.urls import path

from otklik.api import token_views
from otklik.api.rest.api import api

urlpatterns = [
    path("tokens/", token_views.token_list, name="api-tokens"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="api-token-revoke"),
    path("", api.urls),
]
