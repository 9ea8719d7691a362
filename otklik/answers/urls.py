from django.urls import path

from otklik.answers import inline_views, views

urlpatterns = [
    path("queue/", views.queue, name="answer-queue"),
    path("incident/<int:pk>/draft/", views.draft, name="answer-draft"),
    path("incident/<int:pk>/preview/", views.preview, name="answer-preview"),
    path("<int:pk>/edit/", views.edit, name="answer-edit"),
    path("<int:pk>/submit/", views.submit, name="answer-submit"),
    path("<int:pk>/approve/", views.approve, name="answer-approve"),
    path("<int:pk>/return/", views.return_answer, name="answer-return"),
    path("<int:pk>/inline/approve/", inline_views.approve, name="answer-inline-approve"),
    path("<int:pk>/inline/return/", inline_views.return_answer, name="answer-inline-return"),
    path("publication/<int:pk>/retry/", views.retry, name="publication-retry"),
    path("publication/<int:pk>/manual/", views.manual, name="publication-manual"),
]
