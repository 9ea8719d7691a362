"""Meetings' periodic task: reminders of instructions' deadlines."""

from otklik import periodic
from otklik.meetings.actions.reminders import remind_due

periodic.register(remind_due, stage=periodic.DEADLINES)
