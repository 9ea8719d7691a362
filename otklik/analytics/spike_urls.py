"""Filled in by its part of analytics."""

urlpatterns: list = []
