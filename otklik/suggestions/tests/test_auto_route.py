"""Automatic routing is switched through suggestions.actions.set_auto_route, by administrators."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from otklik.suggestions.actions import set_auto_route
from otklik.suggestions.models import TriageSettings
from otklik.testing.base import BaseTestCase


class AutoRouteTests(BaseTestCase):
    def test_administrator_turns_it_on_and_off(self) -> None:
        self.assertTrue(set_auto_route(self.admin, True).auto_route)
        self.assertTrue(TriageSettings.current().auto_route)
        self.assertFalse(set_auto_route(self.admin, False).auto_route)
        self.assertFalse(TriageSettings.current().auto_route)

    def test_others_may_not(self) -> None:
        for user in (self.moderator, self.executor_a, self.analyst):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                set_auto_route(user, True)
        self.assertFalse(TriageSettings.current().auto_route)

    def test_the_view_goes_through_the_action(self) -> None:
        self.login(self.moderator)
        self.assertEqual(
            self.client.post("/triage/auto-route/", {"auto_route": "on"}).status_code, 403
        )
        self.login(self.admin)
        self.client.post("/triage/auto-route/", {"auto_route": "on"})
        self.assertTrue(TriageSettings.current().auto_route)
