"""Intake hands records to the inbox only through the store the inbox registered."""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

from django.core.exceptions import ImproperlyConfigured

from otklik.inbox import actions as inbox_actions
from otklik.inbox.models import Message
from otklik.sources import store
from otklik.sources.actions import get_or_create_source
from otklik.sources.channels import apply_edits, mark_deleted
from otklik.sources.records import RECORD_KINDS, MessageRecord
from otklik.testing.base import BaseTestCase

WHEN = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class MessageStoreTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.source = get_or_create_source("vk-test", "vk")

    def test_the_inbox_registers_its_writers(self) -> None:
        registered = store.message_store()
        self.assertIs(registered.store, inbox_actions.store_messages)
        self.assertIs(registered.edit, inbox_actions.edit_messages)
        self.assertIs(registered.mark_deleted, inbox_actions.mark_deleted)

    def test_without_a_store_intake_says_so(self) -> None:
        with mock.patch.object(store, "_registered", []), self.assertRaises(ImproperlyConfigured):
            store.message_store()

    def test_edits_and_deletions_go_through_the_inbox(self) -> None:
        record = MessageRecord(external_id="1", text="Яма на улице Ленина", created_at=WHEN)
        self.assertEqual(store.message_store().store(self.source, [record]), 1)
        edited = MessageRecord(external_id="1", text="Огромная яма у дома 5", created_at=WHEN)
        self.assertEqual(apply_edits(self.source, [edited]), 1)
        message = Message.objects.get(source=self.source, external_id="1")
        self.assertEqual(message.text, "Огромная яма у дома 5")
        self.assertEqual(message.search_text, "огромная яма у дома 5")
        self.assertEqual(mark_deleted(self.source, ["1"]), 1)
        message.refresh_from_db()
        self.assertTrue(message.is_deleted)

    def test_record_kinds_are_the_message_kinds(self) -> None:
        self.assertEqual(set(RECORD_KINDS), set(Message.Kind.values))
