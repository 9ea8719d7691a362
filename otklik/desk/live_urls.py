"""The desk's live pieces: the counters live.js polls, the card heartbeat, saved views."""

from django.urls import path

from otklik.desk import live_views, tab_views

urlpatterns = [
    path("live/", live_views.counters, name="live"),
    path("live/presence/", live_views.heartbeat, name="live-presence"),
    path("views/save/", tab_views.save, name="saved-view-save"),
    path("views/<int:pk>/", tab_views.change, name="saved-view-change"),
]
