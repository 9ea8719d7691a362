"""The desk's live pieces: live.js's counters and heartbeat, saved views, progress reports."""

from django.urls import path

from otklik.desk import live_views, progress, tab_views

urlpatterns = [
    path("live/", live_views.counters, name="live"),
    path("live/presence/", live_views.heartbeat, name="live-presence"),
    path("views/save/", tab_views.save, name="saved-view-save"),
    path("views/<int:pk>/", tab_views.change, name="saved-view-change"),
    path("incidents/<int:pk>/progress/", progress.report, name="incident-progress"),
    path(
        "incidents/<int:pk>/progress/<int:event>/<int:index>/<slug:size>/",
        progress.photo,
        name="incident-progress-photo",
    ),
]
