"""Incidents link and unlink their reports through the inbox, which owns the messages."""

from __future__ import annotations

from unittest import mock

from otklik.inbox import actions as inbox_actions
from otklik.inbox.models import Message
from otklik.incidents import actions
from otklik.testing.base import BaseTestCase


class MessageOwnerTests(BaseTestCase):
    def test_creating_links_the_reports_through_inbox_actions(self) -> None:
        message = self.message()
        with mock.patch.object(actions, "link_messages", wraps=inbox_actions.link_messages) as link:
            incident = actions.create_incident(self.moderator, [message])
        link.assert_called_once_with([message], incident, self.moderator)
        message.refresh_from_db()
        self.assertEqual((message.incident, message.status), (incident, Message.Status.LINKED))
        self.assertEqual((message.handled_by, message.handled_at is None), (self.moderator, False))

    def test_detaching_returns_the_report_through_inbox_actions(self) -> None:
        keep, other = self.message(), self.message("Другое")
        incident = actions.create_incident(self.moderator, [keep, other])
        with mock.patch.object(
            actions, "unlink_message", wraps=inbox_actions.unlink_message
        ) as unlink:
            actions.detach_message(self.moderator, incident, other)
        unlink.assert_called_once_with(other)
        other.refresh_from_db()
        self.assertEqual((other.incident, other.status), (None, Message.Status.NEW))
        incident.refresh_from_db()
        self.assertEqual(incident.resonance, 1)
