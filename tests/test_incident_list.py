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
