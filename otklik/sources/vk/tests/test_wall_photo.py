"""A post with an image on VK: getWallUploadServer → the upload server → saveWallPhoto →
wall.post with the photo attached, against recorded answers."""

from __future__ import annotations

from django.test import TestCase

from otklik.sources.http import ChannelError
from otklik.sources.localserver import LocalServer
from otklik.sources.models import SourceCredential
from otklik.sources.tests.images import on_local, picture
from otklik.sources.vk.adapter import VkAdapter
from otklik.sources.vk.tests.helpers import fixture, make_source

USER_TOKEN = "vk1.a.admin-user-token-never-logged"


class WallPhotoTest(TestCase):
    def setUp(self) -> None:
        self.server = LocalServer().__enter__()
        self.addCleanup(self.server.__exit__)
        source = make_source(base_url=self.server.url)
        credential = SourceCredential.objects.get(source=source)
        credential.secrets = {**credential.secrets, "user_token": USER_TOKEN}
        credential.save()
        source = type(source).objects.get(pk=source.pk)
        self.adapter = VkAdapter(source, sleep=lambda s: None, rate=1000)
        answer = fixture("photos_get_wall_upload_server")
        answer["response"]["upload_url"] = on_local(answer["response"]["upload_url"], self.server)
        self.server.reply("photos.getWallUploadServer", body=answer)
        self.server.reply("wall.post", body={"response": {"post_id": 4321}})

    def test_the_photo_is_uploaded_saved_and_attached(self) -> None:
        self.server.reply("upload.php", body=fixture("upload_wall_photo"))
        self.server.reply("photos.saveWallPhoto", body=fixture("photos_save_wall_photo"))
        image = picture()
        self.assertEqual(
            self.adapter.publish_post("Новость", "otklik-post-1", image), "wall-1_4321"
        )
        server_call = self.server.calls("photos.getWallUploadServer")[0].data()
        self.assertEqual((server_call["group_id"], server_call["access_token"]), ("1", USER_TOKEN))
        upload = self.server.calls("upload.php")[0]
        self.assertEqual(upload.files()["photo"], ("post.jpg", image.data, "image/jpeg"))
        self.assertNotIn(USER_TOKEN.encode(), upload.body)
        saved = self.server.calls("photos.saveWallPhoto")[0].data()
        uploaded = fixture("upload_wall_photo")
        self.assertEqual((saved["group_id"], saved["photo"], saved["server"], saved["hash"]),
                         ("1", uploaded["photo"], "856312", uploaded["hash"]))  # fmt: skip
        post = self.server.calls("wall.post")[0].data()
        self.assertEqual(post["attachments"], "photo657846756_457249067")
        self.assertEqual((post["guid"], post["message"]), ("otklik-post-1", "Новость"))

    def test_an_empty_upload_stops_before_the_post(self) -> None:
        self.server.reply("upload.php", body=fixture("upload_wall_photo_empty"))
        with self.assertRaisesRegex(ChannelError, "не принял изображение"):
            self.adapter.publish_post("Новость", "otklik-post-1", picture())
        self.assertEqual(self.server.calls("wall.post"), [])

    def test_without_an_image_nothing_is_uploaded(self) -> None:
        self.adapter.publish_post("Новость", "otklik-post-2")
        self.assertEqual(self.server.calls("photos.getWallUploadServer"), [])
        self.assertNotIn("attachments", self.server.calls("wall.post")[0].data())
