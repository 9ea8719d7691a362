"""«Ход работ»: an executor's report from the site with phone photos, re-encoded and served
only to those who may see the incident."""

from __future__ import annotations

import io
import tempfile

from django.test import override_settings
from PIL import Image

from otklik.incidents import actions as incident_actions
from otklik.incidents.models import Event
from otklik.public.tests.test_photos import jpeg_with_exif, upload
from otklik.testing.base import BaseTestCase


class ProgressReportTests(BaseTestCase):
    def setUp(self) -> None:
        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        self.enterContext(override_settings(MEDIA_ROOT=media.name))
        self.incident = incident_actions.create_incident(
            self.moderator, [self.message()], title="Нет отопления", department=self.dept_a
        )
        self.url = f"/incidents/{self.incident.pk}/progress/"

    def test_a_photo_is_reencoded_kept_and_shown_on_the_card(self) -> None:
        self.login(self.executor_a)
        photo = upload(jpeg_with_exif((3000, 2000)))
        response = self.client.post(self.url, {"comment": "Заменили задвижку", "photos": photo})
        self.assertRedirects(response, f"/incidents/{self.incident.pk}/")
        event = Event.objects.get(data__progress=True)
        self.assertEqual(event.comment, "Заменили задвижку")
        card = self.client.get(f"/incidents/{self.incident.pk}/").content.decode()
        self.assertIn("Ход работ", card)
        self.assertIn('capture="environment"', card)
        thumb_url = f"{self.url}{event.pk}/0/thumb/"
        self.assertIn(thumb_url, card)
        thumb = b"".join(self.client.get(thumb_url).streaming_content)
        with Image.open(io.BytesIO(thumb)) as image:
            self.assertLessEqual(max(image.size), 480)
            self.assertFalse(image.getexif())
        full = b"".join(self.client.get(f"{self.url}{event.pk}/0/full/").streaming_content)
        self.assertNotIn(b"Secret-Device-Serial-42", full)

    def test_another_department_sees_neither_the_form_nor_the_photos(self) -> None:
        self.login(self.executor_a)
        self.client.post(self.url, {"comment": "", "photos": upload(jpeg_with_exif())})
        event = Event.objects.get(data__progress=True)
        self.assertEqual(event.comment, "Фото с места")
        self.login(self.executor_b)
        self.assertEqual(self.client.get(f"{self.url}{event.pk}/0/thumb/").status_code, 404)
        self.assertEqual(self.client.post(self.url, {"comment": "Чужой"}).status_code, 404)

    def test_not_a_picture_is_refused(self) -> None:
        self.login(self.executor_a)
        fake = upload(b"<html>not a photo</html>", name="photo.jpg")
        self.client.post(self.url, {"comment": "Вот", "photos": fake})
        self.assertFalse(Event.objects.filter(data__progress=True).exists())

    def test_an_analyst_cannot_report(self) -> None:
        self.login(self.analyst)
        self.client.post(self.url, {"comment": "Сделано"})
        self.assertFalse(Event.objects.filter(data__progress=True).exists())
