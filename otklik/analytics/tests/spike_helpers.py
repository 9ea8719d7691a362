"""Eight weeks of steady heating messages in one territory, then a burst in the last hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from otklik.inbox.models import Message
from otklik.suggestions.models import Suggestion
from otklik.testing.base import BaseTestCase

NOW = datetime(2026, 11, 18, 8, 30, tzinfo=UTC)  # Wednesday, 15:30 in the city
HOUR = timedelta(hours=1)


class SpikeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.moderator.email = "press@example.org"
        cls.moderator.save(update_fields=["email"])

    def messages(self, moments: list[datetime], text: str = "Холодные батареи в квартире") -> None:
        start = Message.objects.count()
        made = Message.objects.bulk_create(
            Message(
                source=self.source,
                external_id=f"s{start + i}",
                text=text,
                created_at=at,
                territory=self.territory,
            )
            for i, at in enumerate(moments)
        )
        Suggestion.objects.bulk_create(
            Suggestion(message=m, category=self.category, confident=True) for m in made
        )

    def steady_then_burst(self, burst: int = 25) -> None:
        end = NOW.replace(minute=0)
        steady = [end - HOUR * h - timedelta(minutes=10) for h in range(7, 8 * 7 * 24 + 6, 3)]
        self.messages(steady)
        self.messages([end - timedelta(minutes=2 * i + 1) for i in range(burst)])
