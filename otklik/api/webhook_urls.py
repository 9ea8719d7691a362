"""Filled in by its part of the API."""

urlpatterns: list = []
