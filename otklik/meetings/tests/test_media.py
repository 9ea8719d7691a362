"""The film and the photos of a meeting: photos re-encoded without EXIF, served to staff only;
the film's address http(s) only."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from otklik.meetings import actions
from otklik.meetings.actions.media import clean_film_url
from otklik.meetings.models import MeetingPhoto
from otklik.meetings.photos import THUMB_SIDE
from otklik.meetings.tests.helpers import MeetingsTestCase, png


def jpeg_with_exif(size: tuple[int, int] = (1600, 1200)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG", exif=exif)
    assert b"PhoneMaker" in out.getvalue()
    return SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), content_type="image/jpeg")


class FilmUrlTests(MeetingsTestCase):
    def test_http_and_https_only(self) -> None:
        cases = [
            ("https://vkvideo.ru/video-1_456239017", "https://vkvideo.ru/video-1_456239017"),
            ("  http://rutube.ru/video/abc/ ", "http://rutube.ru/video/abc/"),
            ("", ""),
        ]
        for url, expected in cases:
            self.assertEqual(clean_film_url(url), expected)
        for bad in ("javascript:alert(1)", "ftp://example.org/film.mp4", "vkvideo.ru/video",
                    "https://", "file:///etc/passwd", "https://a.ru/" + "x" * 1000):  # fmt: skip
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                clean_film_url(bad)

    def test_set_film_through_the_action_and_the_card(self) -> None:
        meeting = self.meeting()
        with self.assertRaises(PermissionDenied):
            actions.set_film(self.analyst, meeting, "https://rutube.ru/video/1/")
        self.login(self.moderator)
        card = f"/meetings/{meeting.pk}/"
        self.client.post(card + "film/", {"film_url": "javascript:alert(1)"})
        meeting.refresh_from_db()
        self.assertEqual(meeting.film_url, "")
        self.client.post(card + "film/", {"film_url": "https://rutube.ru/video/1/"})
        meeting.refresh_from_db()
        self.assertEqual(meeting.film_url, "https://rutube.ru/video/1/")
        self.assertContains(self.client.get(card), 'href="https://rutube.ru/video/1/"')


class PhotoTests(MeetingsTestCase):
    def setUp(self) -> None:
        self.media = self.settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="otklik-meetings-"))
        self.media.enable()
        self.addCleanup(self.media.disable)
        self.meeting_ = self.meeting()

    def test_photo_is_re_encoded_without_exif_with_a_thumbnail(self) -> None:
        photo = actions.add_photo(self.moderator, self.meeting_, jpeg_with_exif(), "Зал ДК")
        for field in (photo.photo, photo.thumb):
            data = field.read()
            self.assertNotIn(b"PhoneMaker", data)
            with Image.open(io.BytesIO(data)) as stored:
                self.assertEqual(stored.format, "JPEG")
                self.assertFalse(stored.getexif())
        with Image.open(photo.thumb.path) as thumb:
            self.assertEqual(max(thumb.size), THUMB_SIDE)
        self.assertEqual(photo.caption, "Зал ДК")

    def test_not_a_picture_is_refused(self) -> None:
        fake = SimpleUploadedFile("x.jpg", b"\xff\xd8\xff<html>", content_type="image/jpeg")
        with self.assertRaises(ValidationError):
            actions.add_photo(self.moderator, self.meeting_, fake)
        self.assertFalse(MeetingPhoto.objects.exists())

    def test_photos_are_served_to_staff_only(self) -> None:
        self.login(self.moderator)
        card = f"/meetings/{self.meeting_.pk}/"
        self.client.post(card + "photos/", {"photo": png(), "caption": "Жители"})
        photo = MeetingPhoto.objects.get()
        for url in (f"{card}photos/{photo.pk}/", f"{card}photos/{photo.pk}/thumb/"):
            response = self.client.get(url)
            self.assertEqual(response["Content-Type"], "image/jpeg")
            self.assertIn("private", response["Cache-Control"])
        page = self.client.get(card)
        self.assertContains(page, f"{card}photos/{photo.pk}/thumb/")
        self.assertContains(self.client.get(card + "briefing/"), f"{card}photos/{photo.pk}/thumb/")
        self.login(self.executor_a)
        self.assertEqual(self.client.get(f"{card}photos/{photo.pk}/").status_code, 403)
        self.client.logout()
        self.assertNotEqual(self.client.get(f"{card}photos/{photo.pk}/").status_code, 200)

    def test_remove_photo_deletes_its_files(self) -> None:
        photo = actions.add_photo(self.moderator, self.meeting_, png())
        paths = [photo.photo.path, photo.thumb.path]
        with self.captureOnCommitCallbacks(execute=True):
            actions.remove_photo(self.moderator, photo)
        self.assertFalse(MeetingPhoto.objects.exists())
        for path in paths:
            self.assertFalse(Path(path).exists())
