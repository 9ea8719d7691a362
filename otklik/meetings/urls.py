from django.urls import path

from otklik.meetings.views import briefing, editing, instructions, media, meetings

urlpatterns = [
    path("", meetings.meeting_list, name="meeting-list"),
    path("new/", meetings.meeting_new, name="meeting-new"),
    path("<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("<int:pk>/edit/", editing.meeting_edit, name="meeting-edit"),
    path("<int:pk>/briefing/", briefing.meeting_briefing, name="meeting-briefing"),
    path("<int:pk>/briefing.pdf", briefing.meeting_briefing_pdf, name="meeting-briefing-pdf"),
    path("<int:pk>/film/", media.film_set, name="meeting-film"),
    path("<int:pk>/photos/", media.photo_add, name="meeting-photo-add"),
    path("<int:pk>/photos/<int:photo_pk>/", media.photo, name="meeting-photo"),
    path(
        "<int:pk>/photos/<int:photo_pk>/thumb/",
        media.photo,
        {"size": "thumb"},
        name="meeting-photo-thumb",
    ),
    path("<int:pk>/photos/<int:photo_pk>/delete/", media.photo_remove, name="meeting-photo-remove"),
    path("<int:pk>/announce/", meetings.meeting_announce, name="meeting-announce"),
    path("<int:pk>/held/", meetings.meeting_held, name="meeting-held"),
    path("<int:pk>/results/", meetings.meeting_results, name="meeting-results"),
    path("<int:pk>/questions/", meetings.question_add, name="meeting-question-add"),
    path(
        "<int:pk>/questions/<int:question_pk>/answer/",
        meetings.question_answer,
        name="meeting-question-answer",
    ),
    path("<int:pk>/instruct/", meetings.meeting_instruct, name="meeting-instruct"),
    path("instructions/", instructions.instruction_list, name="instruction-list"),
    path("instructions/<int:pk>/", instructions.instruction_detail, name="instruction-detail"),
    path("instructions/<int:pk>/take/", instructions.instruction_take, name="instruction-take"),
    path(
        "instructions/<int:pk>/progress/",
        instructions.instruction_progress,
        name="instruction-progress",
    ),
    path(
        "instructions/<int:pk>/extend/", instructions.instruction_extend, name="instruction-extend"
    ),
    path(
        "instructions/<int:pk>/cancel/", instructions.instruction_cancel, name="instruction-cancel"
    ),
    path(
        "instructions/<int:pk>/complete/",
        instructions.instruction_complete,
        name="instruction-complete",
    ),
    path("instructions/<int:pk>/link/", instructions.instruction_link, name="instruction-link"),
    path(
        "instructions/<int:pk>/unlink/<int:incident_pk>/",
        instructions.instruction_unlink,
        name="instruction-unlink",
    ),
    path(
        "instructions/<int:pk>/photos/<int:event_pk>/",
        instructions.report_photo,
        name="instruction-photo",
    ),
]
