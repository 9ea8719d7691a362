"""Intake's periodic tasks: poll the platforms, turn pending payloads into messages."""

from otklik import periodic
from otklik.sources.actions import process_pending
from otklik.sources.polling import poll_sources

periodic.register(poll_sources, stage=periodic.POLL)
periodic.register(process_pending, stage=periodic.INTAKE)
