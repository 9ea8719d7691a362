"""Outgoing webhooks' subscriptions, for administrators: /api/webhooks/."""

from django.urls import path

from otklik.api.webhooks import views

urlpatterns = [
    path("webhooks/", views.subscriptions, name="webhooks"),
    path("webhooks/<int:pk>/", views.deliveries, name="webhook-deliveries"),
    path("webhooks/<int:pk>/created/", views.created, name="webhook-created"),
    path("webhooks/<int:pk>/deactivate/", views.deactivate, name="webhook-deactivate"),
    path("webhooks/<int:pk>/test/", views.send_test, name="webhook-test"),
    path("webhooks/deliveries/<int:pk>/retry/", views.retry, name="webhook-retry"),
]
