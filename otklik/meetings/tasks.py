"""Meetings' periodic tasks: questions from our channels (after intake), and reminders of
instructions' deadlines."""

from otklik import periodic
from otklik.meetings.actions.linking import link_questions
from otklik.meetings.actions.reminders import remind_due

periodic.register(link_questions, stage=periodic.TRIAGE)
periodic.register(remind_due, stage=periodic.DEADLINES)
