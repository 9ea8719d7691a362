from django.urls import path

from otklik.desk import inline_views, photos, territory_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/bulk/", views.bulk, name="inbox-bulk"),
    path("inbox/inline/", inline_views.inbox_inline, name="inbox-inline"),
    path("messages/<int:pk>/", views.message_detail, name="message-detail"),
    path("territories/", territory_views.territory_list, name="territory-list"),
    path("territories/<slug:code>/", territory_views.territory_detail, name="territory-detail"),
    path(
        "messages/<int:pk>/photos/<int:index>/<slug:size>/",
        photos.message_photo,
        name="message-photo",
    ),
]
