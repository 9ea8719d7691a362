"""Triage's periodic tasks: suggestions for new messages, scheduled retraining."""

from otklik import periodic
from otklik.suggestions.actions import triage_pending
from otklik.suggestions.schedule import retrain_if_due

periodic.register(triage_pending, stage=periodic.TRIAGE)
periodic.register(retrain_if_due, stage=periodic.TRIAGE)
