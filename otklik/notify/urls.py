from django.urls import path

from otklik.notify import views

urlpatterns = [
    path("", views.preferences, name="notify-preferences"),
]
