from django.urls import path

from otklik.public import views

urlpatterns = [
    path("", views.report, name="report"),
    path("thanks/", views.thanks, name="report-done"),
    path("thanks/<slug:reference>/", views.thanks, name="report-thanks"),  # the old links
    path("status/<slug:token>/", views.status, name="report-status"),
]
