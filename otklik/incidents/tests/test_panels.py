"""The incident card shows the panels that the apps above incidents register."""

from __future__ import annotations

from typing import Any

from otklik.accounts.models import User
from otklik.incidents import actions, panels
from otklik.incidents.models import Incident
from otklik.testing.base import BaseTestCase


class PanelRegistryTests(BaseTestCase):
    def setUp(self) -> None:
        self.incident = actions.create_incident(self.moderator, [self.message()])
        self.saved = dict(panels._panels)
        self.addCleanup(self.restore)

    def restore(self) -> None:
        panels._panels.clear()
        panels._panels.update(self.saved)

    def test_builders_get_the_user_and_incident_and_may_hide_their_panel(self) -> None:
        seen: list[tuple[User, Incident]] = []

        def shown(user: User, incident: Incident) -> dict[str, Any]:
            seen.append((user, incident))
            return {"n": incident.pk}

        panels._panels.clear()
        panels.register("shown.html", shown)
        panels.register("hidden.html", lambda user, incident: None)
        self.assertEqual(
            panels.card_panels(self.moderator, self.incident),
            [{"template": "shown.html", "context": {"n": self.incident.pk}}],
        )
        self.assertEqual(seen, [(self.moderator, self.incident)])

    def test_the_card_renders_the_registered_answer_panel(self) -> None:
        self.login(self.moderator)
        url = f"/incidents/{self.incident.pk}/"
        self.assertContains(self.client.get(url), 'id="answer"')
        panels.unregister("answers/_panel.html")
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'id="answer"')
