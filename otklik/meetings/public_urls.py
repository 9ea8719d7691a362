"""The residents' pages of meetings, under /vstrechi/ (no login; the staff's are /meetings/)."""

from django.urls import path

from otklik.meetings.views import asking

urlpatterns = [
    path("<int:pk>/", asking.ask, name="meeting-ask"),
    path("<int:pk>/spasibo/", asking.ask_done, name="meeting-ask-done"),
]
