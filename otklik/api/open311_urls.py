"""Open311 GeoReport v2 under /open311/v2/: each resource as .xml or .json (otklik.api.open311)."""

from django.urls import re_path

from otklik.api.open311 import views

FMT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="open311-discovery"),
    re_path(r"^services" + FMT, views.service_list, name="open311-services"),
    re_path(
        r"^services/(?P<code>[-a-zA-Z0-9_]{1,64})" + FMT,
        views.service_definition,
        name="open311-service",
    ),
    re_path(r"^requests" + FMT, views.request_list, name="open311-requests"),
    re_path(
        r"^requests/(?P<request_id>[0-9]{1,18})" + FMT, views.request_detail, name="open311-request"
    ),
    re_path(r"^tokens/(?P<token>[-a-zA-Z0-9_]{1,64})" + FMT, views.token, name="open311-token"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
