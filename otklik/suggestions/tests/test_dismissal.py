"""Dismissing messages in the inbox reaches suggestions through otklik.inbox.signals."""

from __future__ import annotations

from unittest import mock

from otklik.inbox import actions as inbox_actions
from otklik.inbox.models import Message
from otklik.suggestions import receivers
from otklik.suggestions.models import Correction, Suggestion
from otklik.testing.base import BaseTestCase


class DismissalReceiverTest(BaseTestCase):
    def test_dismissing_an_actionable_suggestion_records_the_correction(self) -> None:
        actionable, chatter = self.message("Яма на дороге"), self.message("Спасибо!")
        Suggestion.objects.create(message=actionable, actionable=0.95)
        Suggestion.objects.create(message=chatter, actionable=0.05)
        with mock.patch.object(
            receivers, "record_dismissal", wraps=receivers.record_dismissal
        ) as record:
            self.assertEqual(
                inbox_actions.dismiss_messages(self.moderator, [actionable, chatter]), 2
            )
        record.assert_called_once_with(self.moderator, [actionable, chatter])
        made = Correction.objects.values_list("message_id", "field", "suggested", "chosen", "user")
        self.assertEqual(list(made), [(actionable.pk, "actionable", "1", "0", self.moderator.pk)])
        statuses = set(Message.objects.values_list("status", flat=True))
        self.assertEqual(statuses, {Message.Status.DISMISSED})

    def test_a_failing_receiver_leaves_the_messages_new(self) -> None:
        message = self.message()
        with mock.patch.object(receivers, "record_dismissal", side_effect=RuntimeError("down")):
            with self.assertRaises(RuntimeError):
                inbox_actions.dismiss_messages(self.moderator, [message])
        message.refresh_from_db()
        self.assertEqual(message.status, Message.Status.NEW)
