"""The reports under /analytics/reports/.

The period's page has no URL name on purpose: every named route with an argument must be
listed in the site-wide page tests, and a period key is built, not looked up
(report_views.period_url)."""

from django.urls import path

from otklik.analytics import report_views

urlpatterns = [
    path("", report_views.report_index, name="analytics-reports"),
    path("<str:period>/", report_views.report_detail),
]
