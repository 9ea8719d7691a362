from django.urls import path

from otklik.desk import views

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/bulk/", views.bulk, name="inbox-bulk"),
    path("messages/<int:pk>/", views.message_detail, name="message-detail"),
]
