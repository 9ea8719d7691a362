"""The incidents list: overdue ones by lateness; an executor's filters and bulk actions."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from otklik.incidents import actions
from otklik.incidents.models import Incident
from otklik.testing.base import BaseTestCase


class OverdueOrderTests(BaseTestCase):
    def test_most_overdue_first(self) -> None:
        now = timezone.now()
        lateness = {"на день": 1, "на неделю": 7, "на час": 0.04, "не просрочен": -2}
        made = {}
        for title, days in lateness.items():
            incident = actions.create_incident(
                self.moderator, [self.message(title)], department=self.dept_a, title=title
            )
            Incident.objects.filter(pk=incident.pk).update(
                final_answer_due=now - timedelta(days=days), created_at=now - timedelta(days=10)
            )
            made[title] = incident.pk
        self.login(self.moderator)
        html = self.client.get(reverse("incident-list"), {"state": "overdue"}).content.decode()
        shown = [int(n) for n in re.findall(r'href="/incidents/(\d+)/">#', html)]
        self.assertEqual(shown, [made["на неделю"], made["на день"], made["на час"]])


class ExecutorListTests(BaseTestCase):
    def setUp(self) -> None:
        self.own = actions.create_incident(
            self.moderator, [self.message("Нет отопления")], department=self.dept_a
        )

    def options(self, html: str, name: str) -> list[str]:
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
        assert select is not None, name
        return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))

    def test_executor_filters_offer_only_their_department(self) -> None:
        self.login(self.executor_a)
        html = self.client.get(reverse("incident-list")).content.decode()
        self.assertEqual(self.options(html, "department"), ["Все", "Управление ЖКХ"])
        self.assertEqual(self.options(html, "action"), ["Закрыть как спам"])
        self.assertNotIn("Объединить в №", html)
        self.login(self.moderator)
        html = self.client.get(reverse("incident-list")).content.decode()
        self.assertIn("Управление дорог", self.options(html, "department"))
        self.assertEqual(len(self.options(html, "action")), 3)

    def test_executor_cannot_post_a_press_service_bulk_action(self) -> None:
        self.login(self.executor_a)
        response = self.client.post(
            reverse("incident-bulk"),
            {"incidents": [self.own.pk], "action": "assign", "department": self.dept_b.pk},
            follow=True,
        )
        self.own.refresh_from_db()
        self.assertEqual(self.own.department, self.dept_a)
        self.assertIn("Выберите корректный вариант", response.content.decode())
