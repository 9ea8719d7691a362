"""Spike alerts, under /analytics/spikes/."""

from django.urls import path

from otklik.analytics import spike_views as views

urlpatterns = [
    path("", views.spike_list, name="spike-list"),
    path("<int:pk>/", views.spike_detail, name="spike-detail"),
    path("<int:pk>/<str:decision>/", views.spike_decide, name="spike-decide"),
]
