"""Included at /privacy/ by otklik/urls.py."""

from django.urls import path

from otklik.privacy import views

urlpatterns = [
    path("acts/", views.acts, name="privacy-acts"),
    path("acts.csv", views.acts_csv, name="privacy-acts-csv"),
    path("exports/", views.exports, name="privacy-exports"),
]
