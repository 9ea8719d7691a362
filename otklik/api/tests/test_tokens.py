"""Personal API tokens: shown once, stored as a digest, acting as their user, revocable."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from otklik.api.models import ApiToken
from otklik.api.tokens import authenticate, create_token, digest, revoke_token
from otklik.testing.base import BaseTestCase


class TokenTests(BaseTestCase):
    def test_a_token_acts_as_its_user_and_only_its_digest_is_kept(self) -> None:
        token, raw = create_token(self.executor_a, "отчёты")
        self.assertTrue(raw.startswith("otk_") and len(raw) > 40)
        self.assertEqual(token.digest, digest(raw))
        self.assertFalse(ApiToken.objects.filter(digest=raw).exists())
        self.assertEqual(authenticate(raw), self.executor_a)
        token.refresh_from_db()
        self.assertIsNotNone(token.last_used_at)

    def test_unknown_revoked_and_disabled_are_refused(self) -> None:
        token, raw = create_token(self.moderator)
        self.assertIsNone(authenticate(raw + "x"))
        self.assertIsNone(authenticate("Bearer " + raw))
        self.assertIsNone(authenticate("otk_" + "a" * 500))
        revoke_token(self.moderator, token)
        self.assertIsNone(authenticate(raw))
        other, raw2 = create_token(self.executor_b)
        self.executor_b.is_active = False
        self.executor_b.save(update_fields=["is_active"])
        self.assertIsNone(authenticate(raw2))
        with self.assertRaises(ValidationError):
            create_token(self.executor_b)

    def test_only_the_owner_or_an_admin_revokes(self) -> None:
        token, _ = create_token(self.executor_a)
        with self.assertRaises(PermissionDenied):
            revoke_token(self.executor_b, token)
        revoke_token(self.admin, token)
        self.assertIsNotNone(token.revoked_at)

    def test_the_command_prints_the_token_once(self) -> None:
        out, err = io.StringIO(), io.StringIO()
        call_command("token", "create", "analyst", "--name", "BI", stdout=out, stderr=err)
        raw = out.getvalue().strip()
        self.assertEqual(authenticate(raw), self.analyst)
        self.assertIn("больше он не покажется", err.getvalue())
        listing = io.StringIO()
        call_command("token", "list", stdout=listing)
        self.assertIn("analyst", listing.getvalue())
        self.assertNotIn(raw, listing.getvalue())
        token = ApiToken.objects.get()
        call_command("token", "revoke", str(token.pk), stdout=io.StringIO())
        self.assertIsNone(authenticate(raw))
        with self.assertRaisesMessage(CommandError, "Сотрудника с логином «nobody» нет"):
            call_command("token", "create", "nobody", stdout=io.StringIO())
