"""A post's image: uploaded on the form (re-encoded, no EXIF), shown to the press service only,
imported from a local file, sent with the post, and Telegram's caption limit with it."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from otklik.plan import actions
from otklik.plan.models import Post
from otklik.plan.tests.helpers import PAST, PlanTestCase, tg_source, vk_source
from otklik.plan.tests.test_views import form_data
from otklik.sources.localserver import LocalServer

SENT = {"ok": True, "result": {"message_id": 77, "chat": {"id": -1001234567890}, "date": 1}}
EXIF_SECRET = "Secret-Device-Serial-42"


def jpeg_with_exif(size: tuple[int, int] = (64, 48)) -> bytes:
    exif = Image.Exif()
    exif[0x0131] = EXIF_SECRET  # Software
    exif[0x8825] = {2: (56.0, 36.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def upload(data: bytes, name: str = "фото.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


class ImageTestCase(PlanTestCase):
    def setUp(self) -> None:
        self.media = Path(tempfile.mkdtemp(prefix="otklik-plan-"))
        self.addCleanup(shutil.rmtree, self.media, True)
        settings = self.settings(MEDIA_ROOT=self.media)
        settings.enable()
        self.addCleanup(settings.disable)

    def new_post(self, **fields: object) -> Post:
        self.login(self.moderator)
        response = self.client.post("/plan/new/", form_data([vk_source()], **fields))
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        return Post.objects.get()


class FormUploadTest(ImageTestCase):
    def test_the_upload_is_re_encoded_without_exif_and_kept_under_plan(self) -> None:
        post = self.new_post(image=upload(jpeg_with_exif()))
        self.assertRegex(post.image, r"^plan/[0-9a-f]{32}\.jpg$")
        stored = (self.media / post.image).read_bytes()
        self.assertNotIn(EXIF_SECRET.encode(), stored)
        with Image.open(io.BytesIO(stored)) as picture:
            self.assertEqual((picture.format, picture.size), ("JPEG", (64, 48)))
            self.assertEqual(dict(picture.getexif()), {})

    def test_a_file_that_is_not_a_picture_is_refused_in_russian(self) -> None:
        self.login(self.moderator)
        data = form_data([vk_source()], image=upload(b"<html><script>x</script></html>", "a.jpg"))
        response = self.client.post("/plan/new/", data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "изображение")
        self.assertFalse(Post.objects.exists())

    def test_an_edit_keeps_the_image_unless_removed(self) -> None:
        post = self.new_post(image=upload(jpeg_with_exif()))
        kept = post.image
        source = post.channels.get().source
        self.client.post(f"/plan/{post.pk}/edit/", form_data([source], text="Новый текст"))
        post.refresh_from_db()
        self.assertEqual((post.text, post.image), ("Новый текст", kept))
        self.client.post(f"/plan/{post.pk}/edit/", form_data([source], remove_image="on"))
        post.refresh_from_db()
        self.assertEqual(post.image, "")

    def test_telegram_caption_limit_applies_with_an_image(self) -> None:
        self.login(self.moderator)
        data = form_data([tg_source()], text="я" * 1500, image=upload(jpeg_with_exif()))
        response = self.client.post("/plan/new/", data)
        self.assertContains(response, "подпись к изображению длиннее 1024 знаков")
        self.assertEqual(self.client.post("/plan/new/", form_data([tg_source("tg-2")],
                         text="я" * 1500)).status_code, 302)  # fmt: skip


class ImageViewTest(ImageTestCase):
    def test_the_press_service_sees_the_image_others_get_403(self) -> None:
        post = self.new_post(image=upload(jpeg_with_exif()))
        url = f"/plan/{post.pk}/image/"
        self.assertContains(self.client.get(f"/plan/{post.pk}/"), url)
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "image/jpeg")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertTrue(b"".join(response.streaming_content).startswith(b"\xff\xd8"))
        for user in (self.executor_a, self.analyst, self.outsider):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_a_path_outside_plan_is_never_served(self) -> None:
        (self.media / "secret.txt").write_text("секрет")
        post = self.post([vk_source()], image="../secret.txt")
        self.login(self.moderator)
        self.assertEqual(self.client.get(f"/plan/{post.pk}/image/").status_code, 404)


class ImportTest(ImageTestCase):
    def run_import(self, rows: list[dict[str, str]]) -> tuple[str, str]:
        path = self.media / "plan.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, ["publish_at", "channels", "text", "image", "external_id"])
            writer.writeheader()
            writer.writerows(rows)
        out, err = StringIO(), StringIO()
        try:
            call_command("plan", "import", str(path), stdout=out, stderr=err)
        except SystemExit:
            pass
        return out.getvalue(), err.getvalue()

    def test_a_local_file_is_copied_re_encoded_and_a_bad_path_is_the_rows_error(self) -> None:
        vk_source()
        (self.media / "card.jpg").write_bytes(jpeg_with_exif())
        (self.media / "fake.png").write_bytes(b"not a picture")
        row = {"publish_at": "01.12.2026 10:00", "channels": "vk-wall", "text": "Пост"}
        out, err = self.run_import([
            {**row, "image": str(self.media / "card.jpg"), "external_id": "a"},
            {**row, "image": str(self.media / "none.jpg"), "external_id": "b"},
            {**row, "image": str(self.media / "fake.png"), "external_id": "c"},
            {**row, "image": "/etc/passwd", "external_id": "d"},
        ])  # fmt: skip
        self.assertIn("Импортировано постов: 1", out)
        self.assertIn("строка 3: изображение", err)
        self.assertIn("файла нет", err)
        self.assertIn("строка 4: изображение", err)
        self.assertIn("не читается как фотография", err)
        self.assertIn("строка 5: изображение '/etc/passwd': нужен файл JPEG, PNG или WebP", err)
        image = Post.objects.get(external_id="a").image
        self.assertNotIn(EXIF_SECRET.encode(), (self.media / image).read_bytes())


class SendTest(ImageTestCase):
    def test_send_passes_the_stored_image_to_the_adapter(self) -> None:
        with LocalServer() as server:
            server.reply("sendPhoto", body=SENT)
            source = tg_source(base_url=server.url)
            post = self.new_post(image=upload(jpeg_with_exif()))
            post.channels.all().delete()
            actions.update_post(self.moderator, post, text="Новость", publish_at=PAST,
                                sources=[source], image=post.image)  # fmt: skip
            actions.approve(self.moderator, post)
            self.assertEqual(actions.publish_due(), 1)
            sent = server.calls("sendPhoto")[0]
        self.assertEqual(sent.data()["caption"], "Новость")
        self.assertEqual(sent.files()["photo"][1], (self.media / post.image).read_bytes())
        post.refresh_from_db()
        self.assertEqual(post.state, Post.State.PUBLISHED)

    def test_a_missing_file_fails_the_channel_in_words(self) -> None:
        post = self.approved([vk_source()], image="plan/" + "0" * 32 + ".jpg")
        self.assertEqual(actions.publish_due(), 1)
        channel = post.channels.get()
        self.assertEqual(channel.state, channel.State.FAILED)
        self.assertIn("Файл изображения поста не найден", channel.reason)
