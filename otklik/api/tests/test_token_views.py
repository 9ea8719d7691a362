"""/api/tokens/: a person's own tokens, shown once when issued, revoked; administrators see all."""

from __future__ import annotations

from otklik.api.models import ApiToken
from otklik.api.tokens import authenticate, create_token
from otklik.testing.base import BaseTestCase


class TokenPageTests(BaseTestCase):
    def test_sign_in_first(self) -> None:
        response = self.client.get("/api/tokens/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])

    def test_issue_shows_the_token_once(self) -> None:
        self.login(self.executor_a)
        response = self.client.post("/api/tokens/", {"name": "выгрузка"})
        self.assertContains(response, "больше он не покажется")
        token = ApiToken.objects.get(user=self.executor_a)
        raw = response.context["new_token"]
        self.assertIn("no-store", response["Cache-Control"])
        again = self.client.get("/api/tokens/")
        self.assertNotContains(again, raw)
        self.assertContains(again, token.prefix)
        self.assertContains(again, "выгрузка")
        self.assertContains(again, "не использовался")
        self.assertEqual(authenticate(raw), self.executor_a)

    def test_each_sees_their_own_and_the_admin_sees_all(self) -> None:
        mine, _ = create_token(self.executor_a, "мой")
        theirs, _ = create_token(self.executor_b, "чужой")
        self.login(self.executor_a)
        page = self.client.get("/api/tokens/")
        self.assertContains(page, "мой")
        self.assertNotContains(page, "чужой")
        response = self.client.post(f"/api/tokens/{theirs.pk}/revoke/")
        self.assertEqual(response.status_code, 404)
        self.login(self.admin)
        page = self.client.get("/api/tokens/")
        self.assertContains(page, "мой")
        self.assertContains(page, "чужой")
        self.assertContains(page, "executor_b")

    def test_revoke(self) -> None:
        token, raw = create_token(self.executor_a)
        self.login(self.executor_a)
        response = self.client.post(f"/api/tokens/{token.pk}/revoke/", follow=True)
        self.assertContains(response, "отозван")
        self.assertIsNone(authenticate(raw))
        self.assertEqual(self.client.get(f"/api/tokens/{token.pk}/revoke/").status_code, 405)
        other, raw_other = create_token(self.executor_b)
        self.login(self.admin)
        self.client.post(f"/api/tokens/{other.pk}/revoke/")
        self.assertIsNone(authenticate(raw_other))
