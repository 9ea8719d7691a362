from django.urls import path

from otklik.desk import photos, views

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/bulk/", views.bulk, name="inbox-bulk"),
    path("messages/<int:pk>/", views.message_detail, name="message-detail"),
    path(
        "messages/<int:pk>/photos/<int:index>/<slug:size>/",
        photos.message_photo,
        name="message-photo",
    ),
]
