"""Photos from the web form: re-encoded (no EXIF, no polyglot), kept across a failed consent
check, and shown to staff only through the department-scoped view."""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.public.photos import PhotoError, keep_pending, pending_photo, reencode
from otklik.testing.base import BaseTestCase

TEXT = "Во дворе дома Ленина 5 огромная яма, вот фото"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def jpeg_with_exif(size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Secret-Device-Serial-42"  # Software
    exif[0x0112] = 6  # Orientation: rotate 90° on display
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


class ReencodeTest(BaseTestCase):
    def test_exif_is_stripped_and_the_orientation_applied(self) -> None:
        photo = reencode(jpeg_with_exif())
        self.assertNotIn(b"Secret-Device-Serial-42", photo.image)
        self.assertNotIn(b"Exif", photo.image[:200])
        with Image.open(io.BytesIO(photo.image)) as clean:
            self.assertEqual(clean.format, "JPEG")
            self.assertEqual(clean.size, (48, 64))  # turned as the tag said
            self.assertFalse(clean.getexif())

    def test_a_jpeg_header_followed_by_html_is_refused(self) -> None:
        with self.assertRaises(PhotoError):
            reencode(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + HTML)

    def test_a_real_picture_with_html_appended_comes_out_clean(self) -> None:
        photo = reencode(jpeg_with_exif() + HTML)
        self.assertNotIn(b"<script", photo.image)
        self.assertTrue(photo.image.endswith(b"\xff\xd9"))

    def test_png_and_webp_become_jpeg_and_junk_is_refused(self) -> None:
        for kind in ("PNG", "WEBP"):
            out = io.BytesIO()
            Image.new("RGBA", (30, 30), (0, 0, 0, 0)).save(out, kind)
            self.assertTrue(reencode(out.getvalue()).image.startswith(b"\xff\xd8"))
        for junk in (b"<?php echo 1; ?>", b"GIF89a" + HTML, b""):
            with self.assertRaises(PhotoError):
                reencode(junk)

    def test_a_forged_or_unknown_token_names_no_photo(self) -> None:
        token = keep_pending(reencode(jpeg_with_exif()))
        self.assertIsNotNone(pending_photo(token))
        self.assertIsNone(pending_photo(token + "x"))
        self.assertIsNone(pending_photo("eyJwaG90byI6Ii4uLy4uL2V0Yy9wYXNzd2QifQ:x:y"))


class FormPhotoTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def post(self, **data: object):
        return self.client.post("/report/", {"text": TEXT, "address": "Ленина 5", **data})

    def stored(self, message: Message) -> bytes:
        return Path(settings.MEDIA_ROOT, message.attachments[0]["path"]).read_bytes()

    def test_the_stored_photo_is_clean_and_named_jpg(self) -> None:
        self.assertEqual(self.post(photo=upload(jpeg_with_exif() + HTML, "x.png")).status_code, 302)
        message = Message.objects.get()
        attachment = message.attachments[0]
        self.assertTrue(attachment["path"].endswith(".jpg"))
        self.assertTrue(attachment["thumb"].endswith(".thumb.jpg"))
        data = self.stored(message)
        self.assertNotIn(b"<script", data)
        self.assertNotIn(b"Secret-Device-Serial-42", data)

    def test_a_polyglot_is_refused_and_nothing_is_stored(self) -> None:
        response = self.post(photo=upload(b"\xff\xd8\xff\xe0" + HTML))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "не читается как фотография", status_code=400)
        self.assertFalse(Message.objects.exists())

    def test_the_photo_survives_a_failed_consent_check(self) -> None:
        response = self.post(photo=upload(jpeg_with_exif()), contact="+7 913 000-00-00")
        self.assertEqual(response.status_code, 400)
        token = response.context["photo_token"]
        self.assertTrue(token)
        self.assertContains(response, 'name="photo_token"', status_code=400)
        self.assertContains(response, "выбирать его заново не нужно", status_code=400)
        again = self.post(contact="+7 913 000-00-00", consent="on", photo_token=token)
        self.assertEqual(again.status_code, 302)
        message = Message.objects.get()
        self.assertEqual(message.attachments[0]["type"], "photo")
        self.assertNotIn(b"Secret-Device-Serial-42", self.stored(message))
        self.assertIsNone(pending_photo(token))  # used once, then removed

    def test_a_forged_token_adds_no_photo(self) -> None:
        self.assertEqual(self.post(photo_token="forged:token").status_code, 302)
        self.assertEqual(Message.objects.get().attachments, [])


class StaffPhotoViewTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.client.post(
            "/report/", {"text": TEXT, "address": "Ленина 5", "photo": upload(jpeg_with_exif())}
        )
        self.message = Message.objects.get()
        self.thumb = f"/messages/{self.message.pk}/photos/0/thumb/"
        self.full = f"/messages/{self.message.pk}/photos/0/full/"

    def get(self, url: str):
        response = self.client.get(url)
        if hasattr(response, "streaming_content"):
            response.body = b"".join(response.streaming_content)
        return response

    def test_staff_see_the_thumbnail_on_the_card_and_the_photo(self) -> None:
        self.login(self.moderator)
        card = self.client.get(f"/messages/{self.message.pk}/")
        self.assertContains(card, f'src="{self.thumb}"')
        self.assertContains(card, f'href="{self.full}"')
        for url in (self.thumb, self.full):
            response = self.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], "image/jpeg")
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")
            self.assertTrue(response.body.startswith(b"\xff\xd8"))
        with Image.open(io.BytesIO(self.get(self.thumb).body)) as thumb:
            self.assertLessEqual(max(thumb.size), 320)

    def test_nobody_else_sees_it(self) -> None:
        self.assertEqual(self.client.get(self.thumb).status_code, 302)  # to the sign-in page
        self.login(self.executor_a)  # the message is not his department's
        self.assertEqual(self.client.get(self.thumb).status_code, 404)
        self.assertEqual(
            self.client.get(f"/media/{self.message.attachments[0]['path']}").status_code, 404
        )

    def test_an_executor_sees_his_departments_message_photo(self) -> None:
        incident = Incident.objects.create(
            title="Яма", department=self.executor_a.department, created_by=self.moderator
        )
        Message.objects.filter(pk=self.message.pk).update(incident=incident)
        self.login(self.executor_a)
        self.assertEqual(self.get(self.thumb).status_code, 200)
        self.login(self.executor_b)
        self.assertEqual(self.client.get(self.thumb).status_code, 404)

    def test_only_the_messages_own_photo_files(self) -> None:
        self.login(self.moderator)
        for url in (
            f"/messages/{self.message.pk}/photos/1/thumb/",
            f"/messages/{self.message.pk}/photos/0/original/",
            f"/messages/{self.message.pk}/photos/-1/thumb/",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        Message.objects.filter(pk=self.message.pk).update(
            attachments=[{"type": "photo", "path": "../../secret_key.jpg"}]
        )
        self.assertEqual(self.client.get(self.full).status_code, 404)
