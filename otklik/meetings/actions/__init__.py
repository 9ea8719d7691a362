"""The only writers of meetings' tables. Views and commands validate and call one of these."""

from otklik.meetings.actions.asking import ask_in_advance
from otklik.meetings.actions.completion import complete
from otklik.meetings.actions.instructions import (
    cancel,
    extend,
    issue_instruction,
    link_incident,
    report_progress,
    take_into_work,
    unlink_incident,
)
from otklik.meetings.actions.linking import link_questions
from otklik.meetings.actions.media import add_photo, remove_photo, set_film
from otklik.meetings.actions.meetings import (
    add_question,
    announce,
    answer_on_spot,
    create_meeting,
    mark_held,
    update_meeting,
)
from otklik.meetings.actions.reminders import remind_due
from otklik.meetings.actions.results import publish_results

__all__ = [
    "add_photo",
    "add_question",
    "announce",
    "ask_in_advance",
    "answer_on_spot",
    "cancel",
    "complete",
    "create_meeting",
    "extend",
    "issue_instruction",
    "link_incident",
    "link_questions",
    "mark_held",
    "publish_results",
    "remind_due",
    "remove_photo",
    "report_progress",
    "set_film",
    "take_into_work",
    "unlink_incident",
    "update_meeting",
]
