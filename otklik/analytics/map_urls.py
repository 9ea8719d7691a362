"""The map: /analytics/map/ and its data."""

from django.urls import path

from otklik.analytics import map_views

urlpatterns = [
    path("", map_views.map_page, name="analytics-map"),
    path("data.json", map_views.map_data, name="analytics-map-data"),
]
