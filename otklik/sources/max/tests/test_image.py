"""A channel post with an image on MAX: POST /uploads?type=image → the upload url (field
`data`) → the token in an "image" attachment of POST /messages."""

from __future__ import annotations

from django.test import TestCase

from otklik.sources.localserver import LocalServer
from otklik.sources.max.adapter import MaxAdapter
from otklik.sources.max.tests.helpers import TOKEN, fixture, make_source
from otklik.sources.tests.images import on_local, picture

CHANNEL = -70000000001


class ImagePostTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.slept: list[float] = []
        source = make_source(base_url=self.server.url)
        source.settings = {**source.settings, "channel_id": CHANNEL}
        source.save()
        self.adapter = MaxAdapter(source, sleep=self.slept.append, rate=1000)
        answer = fixture("uploads_image")
        answer["url"] = on_local(answer["url"], self.server)
        self.server.reply("uploads", body=answer)
        self.server.reply("upload.do", body=fixture("upload_image"))

    def test_the_token_is_attached_to_the_post(self) -> None:
        self.server.reply("messages", body=fixture("send_message_image"))
        image = picture()
        self.assertEqual(self.adapter.publish_post("Новость с фото", image=image),
                         "mid.ffffffbb0000019369e0d5a1")  # fmt: skip
        self.assertEqual(self.server.calls("uploads")[0].query(), [("type", "image")])
        upload = self.server.calls("upload.do")[0]
        self.assertEqual(upload.files()["data"], ("post.jpg", image.data, "image/jpeg"))
        sent = self.server.calls("messages")[0]
        token = next(iter(fixture("upload_image")["photos"].values()))["token"]
        self.assertEqual(
            sent.data()["attachments"], [{"type": "image", "payload": {"token": token}}]
        )
        self.assertEqual(sent.query(), [("chat_id", str(CHANNEL))])
        self.assertEqual(sent.headers.get("Authorization"), TOKEN)

    def test_a_file_still_processing_is_sent_again_after_a_pause(self) -> None:
        self.server.reply("messages", 400, fixture("error_attachment_not_ready"))
        self.server.reply("messages", body=fixture("send_message_image"))
        self.adapter.publish_post("Новость с фото", image=picture())
        self.assertEqual(len(self.server.calls("messages")), 2)
        self.assertEqual(self.slept, [2.0])
