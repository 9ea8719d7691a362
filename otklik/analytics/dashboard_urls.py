"""/analytics/: the dashboards and the regional rating's metrics."""

from django.urls import path

from otklik.analytics import dashboard_views

urlpatterns = [
    path("", dashboard_views.dashboard, name="analytics-dashboard"),
    path("data.json", dashboard_views.dashboard_data, name="analytics-dashboard-data"),
]
