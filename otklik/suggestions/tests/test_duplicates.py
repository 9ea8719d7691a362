"""A moderator's correction is used at once for the same problem's other messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from otklik.cities.models import Category
from otklik.inbox import actions as inbox_actions
from otklik.inbox.models import Message
from otklik.incidents import actions as incident_actions
from otklik.suggestions import engine
from otklik.suggestions.actions import triage_pending
from otklik.suggestions.models import Correction, Suggestion
from otklik.testing.base import BaseTestCase

POTHOLE = "Огромная яма на проезжей части улицы Ленина у дома пять, машины бьют колёса"


class CorrectionSpreadsTests(BaseTestCase):
    """Messages: the corrected one (A), and around it, by Suggestion.same_as:
    B → A, C → A, A → D, E → D (A's target's duplicate), F unrelated,
    G → A already dismissed, H → A with a correction of its own (restored after a dismissal)."""

    def setUp(self) -> None:
        group = Category.objects.create(code="roads-group", name="Дороги")
        self.roads = Category.objects.create(code="roads", name="Ямы", parent=group)
        self.m: dict[str, Message] = {}
        links = {"B": "A", "C": "A", "A": "D", "E": "D", "G": "A", "H": "A"}
        for name in "DAFBCEGH":
            self.m[name] = self.message(f"Сообщение {name}")
        for name in "DAFBCEGH":
            same = self.m[links[name]] if name in links else None
            Suggestion.objects.create(
                message=self.m[name],
                category=self.category,
                department=self.dept_a,
                territory=self.territory,
                priority="normal",
                actionable=0.9,
                same_as=same,
            )
        Message.objects.filter(pk=self.m["G"].pk).update(status=Message.Status.DISMISSED)
        Correction.objects.create(
            message=self.m["H"], field="actionable", suggested="1", chosen="0"
        )

    def seen(self) -> dict[str, tuple[str, str, str, float, str]]:
        rows = Suggestion.objects.select_related("category", "department")
        by_id = {s.message_id: s for s in rows}
        return {
            name: (
                by_id[m.pk].category.code,
                by_id[m.pk].department.code,
                by_id[m.pk].priority,
                by_id[m.pk].actionable,
                by_id[m.pk].correction_reason,
            )
            for name, m in self.m.items()
        }

    def test_an_incident_correction_reaches_the_duplicates(self) -> None:
        a = self.m["A"].pk
        incident_actions.create_incident(
            self.moderator, [self.m["A"]], category=self.roads, department=self.dept_b
        )
        by_moderator = f"исправлено модератором по похожему сообщению №{a}"
        model = ("heating", "dept-a", "normal", 0.9, "")
        corrected = ("roads", "dept-b", "normal", 0.9, by_moderator)
        expected = {
            "A": ("heating", "dept-a", "normal", 0.9, ""),  # the decided one keeps the model's
            "B": corrected,
            "C": corrected,
            "D": corrected,  # A's own `same_as`
            "E": corrected,  # the same problem as A's `same_as`
            "F": model,  # unrelated
            "G": model,  # dismissed by a person: left alone
            "H": model,  # a person's correction of its own: left alone
        }
        self.assertEqual(self.seen(), expected)
        b = Suggestion.objects.get(message=self.m["B"])
        self.assertEqual(b.corrected_by_id, a)
        self.assertEqual(b.model_said, {"category": self.category.pk, "department": self.dept_a.pk})

    def test_a_later_priority_change_reaches_them_too(self) -> None:
        incident = incident_actions.create_incident(
            self.moderator, [self.m["A"]], category=self.category, department=self.dept_a
        )
        self.assertEqual(Suggestion.objects.exclude(correction_reason="").count(), 0)
        incident_actions.update_details(self.moderator, incident, "", priority="high")
        changed = Suggestion.objects.exclude(correction_reason="")
        self.assertEqual(
            sorted(changed.values_list("message_id", "priority")),
            sorted((self.m[n].pk, "high") for n in "BCDE"),
        )

    def test_dismissing_an_actionable_one_reaches_the_duplicates(self) -> None:
        inbox_actions.dismiss_messages(self.moderator, [self.m["A"], self.m["B"]])
        actionable = {name: v[3] for name, v in self.seen().items()}
        expected = {"A": 0.9, "B": 0.9, "C": 0.0, "D": 0.0, "E": 0.0, "F": 0.9, "G": 0.9, "H": 0.9}
        self.assertEqual(actionable, expected)  # A and B: a person's decision, not a guess
        c = Suggestion.objects.get(message=self.m["C"])
        self.assertEqual(c.model_said, {"actionable": 0.9})
        self.assertEqual(c.actionable_reason, c.correction_reason)


class NewDuplicatesTests(BaseTestCase):
    """A message triaged after the correction takes the moderator's values while it is triaged."""

    def setUp(self) -> None:
        engine._loaded.clear()  # a fresh dedupe memory: ids from other tests' rolled-back rows
        group = Category.objects.create(code="roads-group", name="Дороги")
        self.roads = Category.objects.create(code="roads", name="Ямы", parent=group)
        self.when = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)

    def tearDown(self) -> None:
        engine._loaded.clear()

    def arrive(self, text: str, hours: int) -> Message:
        return self.message(text, created_at=self.when + timedelta(hours=hours))

    def test_table(self) -> None:
        first = self.arrive(POTHOLE, 0)
        triage_pending()
        model_category = Suggestion.objects.get(message=first).category_id
        incident_actions.create_incident(
            self.moderator, [first], category=self.roads, department=self.dept_b, priority="high"
        )
        later = {
            "copy": self.arrive(POTHOLE + " уже неделю", 1),
            "copy of copy": self.arrive(POTHOLE + " уже неделю!", 2),
            "other": self.arrive("Спасибо за новую детскую площадку во дворе", 3),
        }
        triage_pending()
        by_moderator = f"исправлено модератором по похожему сообщению №{first.pk}"
        expected = {
            "copy": ("roads", "dept-b", "high", by_moderator),
            "copy of copy": ("roads", "dept-b", "high", by_moderator),
            "other": (None, None, "normal", ""),
        }
        found = {
            name: Suggestion.objects.select_related("category", "department").get(message=m)
            for name, m in later.items()
        }
        seen = {
            name: (
                s.category.code if s.category_id and name != "other" else None,
                s.department.code if s.department_id and name != "other" else None,
                s.priority,
                s.correction_reason,
            )
            for name, s in found.items()
        }
        self.assertEqual(seen, expected)
        said = found["copy"].model_said
        self.assertEqual(said.get("category", model_category), model_category)


class CardTests(BaseTestCase):
    def test_the_card_says_a_moderator_corrected_it(self) -> None:
        first, second = self.message("Яма"), self.message("Яма!")
        Suggestion.objects.create(message=first, category=self.category, actionable=0.9)
        Suggestion.objects.create(
            message=second, category=self.category, actionable=0.9, same_as=first
        )
        inbox_actions.dismiss_messages(self.moderator, [first])
        self.login(self.moderator)
        card = self.client.get(f"/messages/{second.pk}/").content.decode()
        self.assertIn(f"исправлено модератором по похожему сообщению №{first.pk}", card)
