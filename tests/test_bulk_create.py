"""«Новый инцидент из отмеченных» takes what the ticked messages' suggestions agree on."""

from __future__ import annotations

from django.urls import reverse

from otklik.cities.models import Category
from otklik.incidents.models import Incident
from otklik.suggestions.models import Suggestion
from otklik.testing.base import BaseTestCase


class BulkCreateTests(BaseTestCase):
    def setUp(self) -> None:
        group = Category.objects.create(code="roads-group", name="Дороги")
        self.roads = Category.objects.create(code="roads", name="Ямы", parent=group)
        suggested = [
            (self.category, self.dept_a, self.territory_b, "normal"),
            (self.category, self.dept_a, self.territory_b, "high"),
            (self.roads, self.dept_b, self.territory, "low"),
        ]
        self.messages = []
        for n, (category, department, territory, priority) in enumerate(suggested):
            message = self.message(f"Сообщение {n}")
            Suggestion.objects.create(
                message=message,
                category=category,
                department=department,
                territory=territory,
                priority=priority,
            )
            self.messages.append(message)
        self.login(self.moderator)

    def post(self, **fields: object) -> Incident:
        data = {
            "action": "create",
            "fill": "suggestions",
            "messages": [m.pk for m in self.messages],
            "inc-title": "Ямы и отопление",
            "inc-priority": "",
            **{f"inc-{k}": v for k, v in fields.items()},
        }
        self.client.post(reverse("inbox-bulk"), data)
        return Incident.objects.get()

    def test_empty_fields_take_the_most_common_suggestion(self) -> None:
        incident = self.post()
        self.assertEqual(incident.category, self.category)
        self.assertEqual(incident.department, self.dept_a)
        self.assertEqual(incident.territory, self.territory_b)
        self.assertEqual(incident.priority, "high")  # the most urgent of them
        self.assertEqual(incident.messages.count(), 3)

    def test_a_field_chosen_by_hand_wins(self) -> None:
        incident = self.post(category=self.roads.pk, priority="low")
        self.assertEqual(incident.category, self.roads)
        self.assertEqual(incident.priority, "low")
        self.assertEqual(incident.department, self.dept_a)

    def test_the_inbox_form_says_so_and_carries_the_suggestions(self) -> None:
        html = self.client.get(reverse("inbox")).content.decode()
        self.assertIn("— по подсказкам отмеченных —", html)
        self.assertIn(f'data-category="{self.category.pk}"', html)
        self.assertIn("otklik/bulk.js", html)
