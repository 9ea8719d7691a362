"""The demo's moderator decides on older triaged messages, so the models page has a figure."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from otklik.cities.models import Category
from otklik.demo.decisions_seed import decide
from otklik.demo.management.commands.demo import DEMO_STEPS
from otklik.demo.seed import ACCOUNTS
from otklik.inbox.models import Message
from otklik.suggestions.accepted import accepted_by_week
from otklik.suggestions.models import Correction, ModelVersion, Suggestion
from otklik.testing.base import BaseTestCase


class DecisionsSeedTests(BaseTestCase):
    def test_decisions_make_a_figure_once(self) -> None:
        self.persona(ACCOUNTS[1].username, ACCOUNTS[1].role)
        Category.objects.create(code="roads", name="Ямы", parent=self.group)
        version = ModelVersion.objects.create(version="v", path="/nowhere", is_active=True)
        now = timezone.now()
        old, recent = now - timedelta(days=10), now - timedelta(hours=5)
        messages = [
            self.message(f"Яма {n}", created_at=old + timedelta(hours=n)) for n in range(12)
        ]
        messages.append(self.message("Свежая яма", created_at=recent))
        for n, message in enumerate(messages):
            Suggestion.objects.create(
                message=message,
                model_version=version,
                category=self.category,
                department=self.dept_a,
                actionable=0.2 if n == 0 else 0.9,
            )
        self.assertEqual(decide(now), 12)
        self.assertEqual(decide(now), 0)  # once
        statuses = dict(Message.objects.values_list("pk", "status"))
        self.assertEqual(statuses[messages[-1].pk], Message.Status.NEW)  # left for the user
        self.assertEqual(statuses[messages[0].pk], Message.Status.DISMISSED)
        fields = set(Correction.objects.values_list("field", flat=True))
        self.assertEqual(fields, {"category", "department", "actionable"})
        weeks = accepted_by_week(8, now)[version.pk]
        decided = sum(w.cells["category"].decided for w in weeks)
        accepted = sum(w.cells["category"].accepted for w in weeks)
        self.assertEqual((decided, 0 < accepted < decided), (10, True))

    def test_it_is_a_demo_step(self) -> None:
        self.assertIn("otklik.demo.decisions_seed.demo_step", DEMO_STEPS)
