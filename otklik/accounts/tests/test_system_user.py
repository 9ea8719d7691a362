"""Service accounts are written by accounts.actions, never sign in, and are made once."""

from __future__ import annotations

from otklik.accounts.actions import system_user
from otklik.accounts.models import Role, User
from otklik.suggestions.actions import BOT_USERNAME, bot_user
from otklik.testing.base import BaseTestCase


class SystemUserTests(BaseTestCase):
    def test_made_once_and_cannot_sign_in(self) -> None:
        first = system_user("robot", "Робот")
        again = system_user("robot", "Другое имя")
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(again.first_name, "Робот")
        self.assertFalse(first.has_usable_password())
        self.assertEqual(first.role, Role.MODERATOR)

    def test_automatic_routing_acts_through_it(self) -> None:
        bot = bot_user()
        self.assertEqual(bot.username, BOT_USERNAME)
        self.assertEqual(User.objects.filter(username=BOT_USERNAME).count(), 1)
        self.assertFalse(bot.has_usable_password())
