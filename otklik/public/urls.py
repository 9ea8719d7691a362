from django.urls import path

from otklik.public import views

urlpatterns = [
    path("", views.report, name="report"),
    path("thanks/<slug:reference>/", views.thanks, name="report-thanks"),
    path("status/<slug:token>/", views.status, name="report-status"),
]
