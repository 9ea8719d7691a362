from django.urls import path

from otklik.incidents import inline_views, views

urlpatterns = [
    path("", views.incident_list, name="incident-list"),
    path("bulk/", views.bulk, name="incident-bulk"),
    path("<int:pk>/", views.incident_detail, name="incident-detail"),
    path("<int:pk>/assign/", views.assign, name="incident-assign"),
    path("<int:pk>/status/", views.change_status, name="incident-status"),
    path("<int:pk>/details/", views.update_details, name="incident-details"),
    path("<int:pk>/comment/", views.comment, name="incident-comment"),
    path("<int:pk>/public/", views.mark_public, name="incident-public"),
    path("<int:pk>/merge/", views.merge, name="incident-merge"),
    path("<int:pk>/split/", views.split, name="incident-split"),
    path("<int:pk>/detach/", views.detach, name="incident-detach"),
    path("<int:pk>/inline/assign/", inline_views.assign, name="incident-inline-assign"),
    path("<int:pk>/inline/take/", inline_views.take, name="incident-inline-take"),
    path("<int:pk>/inline/status/", inline_views.change_status, name="incident-inline-status"),
    path("<int:pk>/inline/comment/", inline_views.comment, name="incident-inline-comment"),
]
