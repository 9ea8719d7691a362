"""The polls' and initiatives' addresses: public (no login) and the press service's /manage/."""

from django.urls import path

from otklik.polls.views import (
    manage_initiatives,
    manage_polls,
    public_initiatives,
    public_polls,
)

urlpatterns = [
    path("polls/", public_polls.poll_list, name="poll-list"),
    path("polls/<int:pk>/", public_polls.poll_detail, name="poll-public"),
    path("polls/manage/", manage_polls.manage_list, name="poll-manage-list"),
    path("polls/manage/new/", manage_polls.poll_edit, name="poll-new"),
    path("polls/manage/<int:pk>/", manage_polls.poll_manage, name="poll-manage"),
    path("polls/manage/<int:pk>/edit/", manage_polls.poll_edit, name="poll-edit"),
    path("polls/manage/<int:pk>/open/", manage_polls.poll_open, name="poll-open"),
    path("polls/manage/<int:pk>/close/", manage_polls.poll_close, name="poll-close"),
    path("polls/manage/<int:pk>/publish/", manage_polls.poll_publish, name="poll-publish"),
    path("polls/manage/<int:pk>/post/", manage_polls.poll_results_post, name="poll-results-post"),
    path("polls/manage/<int:pk>/results.csv", manage_polls.poll_csv, name="poll-csv"),
    path("initiatives/", public_initiatives.initiative_list, name="initiative-list"),
    path("initiatives/new/", public_initiatives.initiative_new, name="initiative-new"),
    path("initiatives/<int:pk>/", public_initiatives.initiative_detail, name="initiative-public"),
    path(
        "initiatives/<int:pk>/support/",
        public_initiatives.initiative_support,
        name="initiative-support",
    ),
    path("initiatives/manage/", manage_initiatives.manage_list, name="initiative-manage-list"),
    path(
        "initiatives/manage/<int:pk>/",
        manage_initiatives.initiative_manage,
        name="initiative-manage",
    ),
    path(
        "initiatives/manage/<int:pk>/review/",
        manage_initiatives.initiative_review,
        name="initiative-review",
    ),
    path(
        "initiatives/manage/<int:pk>/accept/",
        manage_initiatives.initiative_accept,
        name="initiative-accept",
    ),
    path(
        "initiatives/manage/<int:pk>/decline/",
        manage_initiatives.initiative_decline,
        name="initiative-decline",
    ),
    path(
        "initiatives/manage/<int:pk>/done/",
        manage_initiatives.initiative_done,
        name="initiative-done",
    ),
    path(
        "initiatives/manage/<int:pk>/answer/",
        manage_initiatives.initiative_answer,
        name="initiative-answer",
    ),
]
