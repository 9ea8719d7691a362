"""Webhook endpoints of the channel adapters: /hooks/<kind>/<source name>/."""

from django.urls import path

urlpatterns: list = []
