"""A post with an image on Telegram: sendPhoto, multipart, the text as the caption."""

from __future__ import annotations

from django.test import TestCase

from otklik.sources.http import ChannelError, Uncertain
from otklik.sources.localserver import LocalServer
from otklik.sources.telegram.adapter import TelegramAdapter
from otklik.sources.telegram.tests.helpers import TOKEN, fixture, make_source
from otklik.sources.tests.images import picture


class SendPhotoTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        source = make_source(base_url=self.server.url)
        source.settings = {**source.settings, "channel_id": "@city_adm"}
        source.save()
        self.adapter = TelegramAdapter(source, sleep=lambda s: None, rate=1000)

    def test_the_photo_goes_to_the_channel_with_its_caption(self) -> None:
        self.server.reply("sendPhoto", body=fixture("send_photo"))
        image = picture()
        self.assertEqual(self.adapter.publish_post("Новость с фото", image=image),
                         "tg-1001234567890_812")  # fmt: skip
        sent = self.server.calls("sendPhoto")[0]
        self.assertEqual(sent.data(), {"chat_id": "@city_adm", "caption": "Новость с фото"})
        self.assertEqual(sent.files()["photo"], ("post.jpg", image.data, "image/jpeg"))
        self.assertEqual(self.server.calls("sendMessage"), [])

    def test_a_refused_caption_is_an_error_in_words(self) -> None:
        self.server.reply("sendPhoto", 400, fixture("error_caption_too_long"))
        with self.assertRaisesRegex(ChannelError, "caption is too long"):
            self.adapter.publish_post("x" * 1100, image=picture())

    def test_a_5xx_after_the_upload_is_never_resent(self) -> None:
        self.server.reply("sendPhoto", 502, {"ok": False, "description": "Bad Gateway"})
        with self.assertRaises(Uncertain) as caught:
            self.adapter.publish_post("Новость", image=picture())
        self.assertEqual(len(self.server.calls("sendPhoto")), 1)
        self.assertNotIn(TOKEN, str(caught.exception))
