"""The public web form: CSRF, limits, rate limit, photo checks; lands as a message."""

from __future__ import annotations

import io

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image

from otklik.inbox.models import Message
from otklik.sources.models import InboundPayload
from otklik.testing.base import BaseTestCase


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


class FormTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def post(self, client: Client | None = None, **data: object):
        fields = {"text": "Во дворе дома Ленина 5 не вывезли мусор", "address": "Ленина 5"}
        fields.update(data)
        return (client or self.client).post("/report/", fields)

    def test_report_lands_as_message(self) -> None:
        self.assertContains(self.client.get("/report/"), "Сообщить о проблеме")
        response = self.post(name="Оля", contact="+7 913 000-00-00", consent="on")
        self.assertEqual(response.status_code, 302)
        message = Message.objects.get()
        self.assertEqual(message.kind, Message.Kind.FORM)
        self.assertEqual(message.source.kind, "form")
        self.assertEqual(message.address_text, "Ленина 5")
        self.assertEqual(message.contact, "+7 913 000-00-00")
        payload = InboundPayload.objects.get()
        self.assertEqual(payload.status, InboundPayload.Status.DONE)
        self.assertNotIn("127.0.0.1", str(payload.headers))

    def test_contact_needs_consent(self) -> None:
        response = self.post(contact="me@example.com")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Message.objects.exists())

    def test_csrf_is_enforced(self) -> None:
        response = self.post(Client(enforce_csrf_checks=True))
        self.assertEqual(response.status_code, 403)

    def test_too_short_and_too_long(self) -> None:
        self.assertEqual(self.post(text="яма").status_code, 400)
        self.assertEqual(self.post(text="я" * 6000).status_code, 400)
        self.assertFalse(Message.objects.exists())

    def test_photo_is_checked_and_kept(self) -> None:
        fake = SimpleUploadedFile("x.png", b"<?php echo 1; ?>", content_type="image/png")
        self.assertEqual(self.post(photo=fake).status_code, 400)
        good = SimpleUploadedFile("x.png", png(), content_type="image/png")
        self.assertEqual(self.post(photo=good).status_code, 302)
        self.assertEqual(Message.objects.get().attachments[0]["type"], "photo")

    @override_settings(FORM_RATE_LIMIT_PER_HOUR=2)
    def test_rate_limit(self) -> None:
        self.assertEqual(self.post().status_code, 302)
        self.assertEqual(self.post().status_code, 302)
        self.assertEqual(self.post().status_code, 429)
        self.assertEqual(Message.objects.count(), 2)

    def test_bot_trap(self) -> None:
        self.post(website="http://spam.example")
        self.assertFalse(Message.objects.exists())

    def test_hostile_text_is_escaped_on_thanks_and_inbox(self) -> None:
        self.post(text="<script>alert(1)</script> яма у подъезда")
        self.login(self.moderator)
        self.assertNotContains(self.client.get("/inbox/"), "<script>alert(1)")
