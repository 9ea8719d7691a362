"""The share of suggestions accepted without change, per version, ISO week and field."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from django.core.management import call_command
from django.utils import timezone

from otklik.cities.models import Category
from otklik.inbox import actions as inbox_actions
from otklik.incidents import actions as incident_actions
from otklik.suggestions.accepted import FIELDS, accepted_by_week
from otklik.suggestions.models import ModelVersion, Suggestion
from otklik.testing.base import BaseTestCase

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday of 2026-W48


class AcceptedTests(BaseTestCase):
    def setUp(self) -> None:
        group = Category.objects.create(code="roads-group", name="Дороги")
        self.roads = Category.objects.create(code="roads", name="Ямы", parent=group)
        self.version = ModelVersion.objects.create(version="v1", path="/nonexistent")
        self.other = ModelVersion.objects.create(version="v2", path="/nonexistent")

    def suggest(self, when: datetime, actionable: float = 0.9, **fields: object) -> object:
        message = self.message("Яма")
        Suggestion.objects.create(
            message=message,
            model_version=fields.pop("version", self.version),
            created_at=when,
            category=self.category,
            department=self.dept_a,
            territory=self.territory,
            actionable=actionable,
            **fields,
        )
        return message

    def decide(self) -> None:
        this_week, last_week = NOW - timedelta(hours=1), NOW - timedelta(days=7)
        create = incident_actions.create_incident
        moderator, dept_a, dept_b = self.moderator, self.dept_a, self.dept_b
        # accepted as it was, with the territory
        create(
            moderator,
            [self.suggest(this_week)],
            category=self.category,
            department=dept_a,
            territory=self.territory,
        )
        # category and department corrected
        create(moderator, [self.suggest(this_week)], category=self.roads, department=dept_b)
        # the category came from a corrected near-duplicate: not the model's
        said = self.suggest(this_week, model_said={"category": self.roads.pk})
        create(moderator, [said], category=self.category, department=dept_a)
        # dismissed: the model said «обращение» (a correction), and said «not» (accepted)
        inbox_actions.dismiss_messages(moderator, [self.suggest(this_week)])
        inbox_actions.dismiss_messages(moderator, [self.suggest(this_week, actionable=0.1)])
        self.suggest(this_week)  # pending: counted nowhere
        create(moderator, [self.suggest(last_week)], category=self.category, department=dept_a)
        old = self.suggest(NOW - timedelta(weeks=9))  # before the eight weeks
        create(moderator, [old], category=self.roads, department=dept_b)
        other = self.suggest(this_week, version=self.other)
        create(moderator, [other], category=self.category, department=dept_a)

    def test_table(self) -> None:
        self.decide()
        with self.assertNumQueries(1):
            found = accepted_by_week(8, now=NOW)
        weeks = found[self.version.pk]
        self.assertEqual([w.label for w in weeks][-3:], ["2026-W46", "2026-W47", "2026-W48"])
        self.assertEqual(len(weeks), 8)
        expected = {  # field: (accepted, decided) in W47, W48
            "category": [(1, 1), (1, 3)],
            "department": [(1, 1), (2, 3)],
            "territory": [(0, 0), (1, 1)],
            "priority": [(1, 1), (3, 3)],
            "actionable": [(1, 1), (4, 5)],
        }
        seen = {
            name: [(w.cells[name].accepted, w.cells[name].decided) for w in weeks[-2:]]
            for name in FIELDS
        }
        self.assertEqual(seen, expected)
        self.assertEqual({c.decided for w in weeks[:-2] for c in w.cells.values()}, {0})
        other = found[self.other.pk][-1].cells
        self.assertEqual((other["category"].accepted, other["category"].decided), (1, 1))

    def test_shares(self) -> None:
        self.decide()
        cells = accepted_by_week(8, now=NOW)[self.version.pk][-1].cells
        shares = {name: cells[name].share for name in FIELDS}
        self.assertEqual(
            shares,
            {
                "category": 1 / 3,
                "department": 2 / 3,
                "territory": 1.0,
                "priority": 1.0,
                "actionable": 0.8,
            },
        )

    def test_page_and_command(self) -> None:
        self.decide()
        Suggestion.objects.update(created_at=timezone.now())  # all of them in this week
        self.login(self.moderator)
        page = self.client.get("/triage/models/").content.decode()
        self.assertIn("Принято без изменений", page)
        self.assertIn("2/5", page)  # v1's category: the week's five decided, two accepted
        self.assertIn('<rect class="bar-fill"', page)
        out = io.StringIO()
        call_command("triage_accepted", weeks=2, stdout=out)
        text = out.getvalue()
        self.assertIn("Принято без изменений, версия от", text)
        self.assertIn("40% 2/5", text)
