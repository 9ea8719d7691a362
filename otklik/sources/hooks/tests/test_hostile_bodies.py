"""Hostile webhook bodies: deep nesting, oversized and non-JSON bodies are refused with 400/413,
never a 500 and never a traceback in the log."""

from __future__ import annotations

import json
import logging

from django.test import TestCase, override_settings

from otklik.sources.models import InboundPayload
from otklik.sources.telegram.tests import helpers as tg
from otklik.sources.vk.tests import helpers as vk

DEEP_ARRAYS = b"[" * 1000 + b"]" * 1000


def nested_object(levels: int) -> dict:
    value: object = "x"
    for _ in range(levels):
        value = {"a": value}
    return value  # type: ignore[return-value]


class LogCatcher(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class HostileBodyTest(TestCase):
    def setUp(self) -> None:
        vk.make_source()
        tg.make_source()
        self.logs = LogCatcher()
        logging.getLogger().addHandler(self.logs)
        self.addCleanup(logging.getLogger().removeHandler, self.logs)

    def assert_no_traceback(self) -> None:
        with_traceback = [r.getMessage() for r in self.logs.records if r.exc_info]
        self.assertEqual(with_traceback, [])
        self.assertFalse([r for r in self.logs.records if r.levelno >= logging.ERROR])

    def test_deep_arrays_without_the_secret_are_400(self) -> None:
        self.assertEqual(vk.post_event(self.client, DEEP_ARRAYS).status_code, 400)
        self.assertEqual(tg.post_update(self.client, DEEP_ARRAYS).status_code, 400)
        self.assertEqual(tg.post_update(self.client, DEEP_ARRAYS, secret=None).status_code, 403)
        self.assertFalse(InboundPayload.objects.exists())
        self.assert_no_traceback()

    def test_deep_objects_with_the_secret_are_400(self) -> None:
        event = vk.fixture("wall_reply_new")
        event["object"] = nested_object(490)
        self.assertEqual(vk.post_event(self.client, event).status_code, 400)
        update = tg.fixture("message")
        update["message"] = nested_object(490)
        self.assertEqual(tg.post_update(self.client, update).status_code, 400)
        self.assertFalse(InboundPayload.objects.exists())
        self.assert_no_traceback()

    def test_unbalanced_opening_brackets_are_400(self) -> None:
        self.assertEqual(vk.post_event(self.client, b"[" * 100_000).status_code, 400)
        self.assertEqual(tg.post_update(self.client, b'{"a":' * 50_000).status_code, 400)
        self.assert_no_traceback()

    def test_brackets_inside_strings_do_not_count(self) -> None:
        event = vk.fixture("wall_reply_new")
        event["object"]["text"] = "[{" * 500 + ' \\"[ ' + "}]" * 3
        self.assertEqual(vk.post_event(self.client, event).content, b"ok")
        self.assertEqual(InboundPayload.objects.count(), 1)

    def test_ordinary_nesting_passes(self) -> None:
        event = vk.fixture("wall_reply_new")
        event["object"]["extra"] = nested_object(40)
        self.assertEqual(vk.post_event(self.client, event).content, b"ok")

    def test_a_body_that_is_not_json_is_refused_even_with_the_secret(self) -> None:
        body = json.dumps(vk.fixture("wall_reply_new"))
        response = self.client.post("/hooks/vk/city/", data=body, content_type="text/plain")
        self.assertEqual(response.status_code, 400)
        response = self.client.post(
            "/hooks/telegram/bot/",
            data=json.dumps(tg.fixture("message")),
            content_type="text/plain",
            headers={"X-Telegram-Bot-Api-Secret-Token": tg.WEBHOOK_SECRET},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(InboundPayload.objects.exists())

    @override_settings(MAX_PAYLOAD_BYTES=2000)
    def test_an_oversized_body_is_refused_before_it_is_parsed(self) -> None:
        event = vk.fixture("wall_reply_new")
        event["object"]["text"] = "я" * 5000
        self.assertEqual(vk.post_event(self.client, event).status_code, 413)
        update = tg.fixture("message")
        update["message"]["text"] = "я" * 5000
        self.assertEqual(tg.post_update(self.client, update).status_code, 413)
        self.assertFalse(InboundPayload.objects.exists())
        self.assert_no_traceback()


class DepthScanTest(TestCase):
    def test_depth_is_exact_for_mixed_brackets(self) -> None:
        from otklik.sources.hooks.receive import json_depth_within

        self.assertTrue(json_depth_within(b"[{" * 32 + b"}]" * 32))  # 64 levels
        self.assertFalse(json_depth_within(b"[{" * 32 + b"[]" + b"}]" * 32))  # 65
        self.assertFalse(json_depth_within(b"]["))
        self.assertTrue(json_depth_within(b'{"a": "]]]]\\"[[["}'))
        self.assertTrue(json_depth_within(b"17"))
