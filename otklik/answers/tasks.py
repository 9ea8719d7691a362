"""Answers' periodic tasks: publish approved answers, read the residents' replies to them."""

from otklik import periodic
from otklik.answers.actions import publish_pending
from otklik.answers.actions.resident import scan_replies

periodic.register(publish_pending, stage=periodic.PUBLISH)
periodic.register(scan_replies, stage=periodic.PUBLISH)
