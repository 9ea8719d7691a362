"""The calendar of the content plan, under /plan/calendar/: month, week, moves and norms."""

from django.urls import path

from otklik.plan import calendar_views

urlpatterns = [
    path("", calendar_views.month, name="plan-calendar"),
    path("week/", calendar_views.week, name="plan-calendar-week"),
    path("move/", calendar_views.move, name="plan-calendar-move"),
    path("norms/", calendar_views.norms, name="plan-calendar-norms"),
]
