"""A group topic with an image on OK: photosV2.getUploadUrl (gid) → the upload server (pic1)
→ the photo's token in mediatopic.post's attachment."""

from __future__ import annotations

import json

from django.test import TestCase

from otklik.sources.http import ChannelError
from otklik.sources.localserver import LocalServer
from otklik.sources.ok.adapter import OkAdapter
from otklik.sources.ok.tests.helpers import ACCESS_TOKEN, fixture, make_source
from otklik.sources.tests.images import on_local, picture

PHOTO_ID = "GuL9zIvR8Ymnw+lmctJOOnoaHD7dyUklrJpUOuu/UHNvZcxn3GDN4g=="


class TopicPhotoTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        self.adapter = OkAdapter(make_source(base_url=self.server.url), sleep=lambda s: None,
                                 rate=1000)  # fmt: skip
        answer = fixture("photos_v2_get_upload_url")
        answer["upload_url"] = on_local(answer["upload_url"], self.server)
        self.server.reply("getUploadUrl", body=answer)
        self.server.reply("post", body=fixture("mediatopic_post"))

    def test_the_token_goes_into_a_photo_media_item(self) -> None:
        self.server.reply("uploadImage", body=fixture("upload_photo"))
        image = picture()
        self.assertEqual(self.adapter.publish_post("Новость", image=image), "topic155012345699999")
        asked = self.server.calls("getUploadUrl")[0].data()
        self.assertEqual((asked["method"], asked["gid"], asked["count"]),
                         ("photosV2.getUploadUrl", "70000001234567", "1"))  # fmt: skip
        upload = self.server.calls("uploadImage")[0]
        self.assertEqual(upload.files()["pic1"], ("post.jpg", image.data, "image/jpeg"))
        self.assertNotIn(ACCESS_TOKEN.encode(), upload.body)
        media = json.loads(self.server.calls("post")[0].data()["attachment"])["media"]
        token = fixture("upload_photo")["photos"][PHOTO_ID]["token"]
        self.assertEqual(media, [{"type": "text", "text": "Новость"},
                                 {"type": "photo", "list": [{"id": token}]}])  # fmt: skip

    def test_an_upload_without_a_token_stops_before_the_topic(self) -> None:
        self.server.reply("uploadImage", body={"photos": {}})
        with self.assertRaisesRegex(ChannelError, "не вернул токен"):
            self.adapter.publish_post("Новость", image=picture())
        self.assertEqual(self.server.calls("post"), [])
