"""Filled in by its part of the content plan."""

urlpatterns: list = []
