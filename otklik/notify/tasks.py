"""Notify's periodic tasks: deadline warnings and escalation, then the notifications out."""

from otklik import periodic
from otklik.notify.actions import send_pending
from otklik.notify.sla import check_deadlines

periodic.register(check_deadlines, stage=periodic.DEADLINES)
periodic.register(send_pending, stage=periodic.NOTIFY)
