"""Shared set-up for the meetings tests: a meeting, an instruction, a resident's incident."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from otklik.incidents.actions import create_incident
from otklik.incidents.models import Incident
from otklik.meetings import actions
from otklik.meetings.models import Instruction, Meeting
from otklik.testing.base import BaseTestCase

# Monday 2026-11-30, 10:00 in Seversk (UTC+7).
NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


def at(moment: datetime) -> mock._patch:
    """Freeze django.utils.timezone.now at `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def png(size: tuple[int, int] = (40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(out, "PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


class MeetingsTestCase(BaseTestCase):
    def meeting(self, **fields: object) -> Meeting:
        values: dict = {"territory": self.territory, "starts_at": NOW, "place": "ДК «Русь»"}
        values.update(fields)
        return actions.create_meeting(self.moderator, **values)

    def instruction(self, meeting: Meeting | None = None, **fields: object) -> Instruction:
        values: dict = {"text": "Отремонтировать крыльцо", "department": self.dept_a}
        values.update(fields)
        if "due" not in values and "working_days" not in values:
            values["working_days"] = 5
        return actions.issue_instruction(self.moderator, meeting=meeting, **values)

    def incident(self, department: object = None) -> Incident:
        return create_incident(
            self.moderator,
            [self.message()],
            category=self.category,
            department=department or self.dept_a,
        )
