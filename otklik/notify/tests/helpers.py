from __future__ import annotations

from datetime import UTC, datetime, timedelta

from otklik.incidents.models import Incident
from otklik.testing.base import BaseTestCase

# Monday 23 November 2026, 12:00 in Seversk (Asia/Tomsk, UTC+7).
NOW = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)


class NotifyTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for user, email in [
            (cls.moderator, "press@seversk.example"),
            (cls.executor_a, "zhkh@seversk.example"),
            (cls.executor_b, "roads@seversk.example"),
        ]:
            user.email = email
            user.save(update_fields=["email"])

    def incident(self, **fields: object) -> Incident:
        defaults: dict[str, object] = {
            "title": "Нет отопления в доме",
            "department": self.dept_a,
            "created_at": NOW - timedelta(hours=3),
            "first_reply_due": NOW + timedelta(hours=1),
            "final_answer_due": NOW + timedelta(days=7),
        }
        defaults.update(fields)
        return Incident.objects.create(**defaults)
