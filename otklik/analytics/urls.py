"""The analytics pages, under /analytics/: each part's own patterns in its own module."""

from django.urls import include, path

urlpatterns = [
    path("", include("otklik.analytics.dashboard_urls")),  # dashboards, the regional rating
    path("spikes/", include("otklik.analytics.spike_urls")),  # spike alerts
    path("map/", include("otklik.analytics.map_urls")),  # the map
    path("reports/", include("otklik.analytics.report_urls")),  # weekly to annual reports
]
