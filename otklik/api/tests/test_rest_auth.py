"""The API's door: a bearer token or 401, no session, the token's own rights, a rate limit, and
every error as problem+json in Russian."""

from __future__ import annotations

from django.test import override_settings

from otklik.api.models import ApiToken
from otklik.api.tests.rest_case import RestCase
from otklik.api.tokens import create_token, revoke_token


class AuthTests(RestCase):
    def test_without_a_token_or_with_a_bad_one_it_is_401(self) -> None:
        for headers in ({}, {"Authorization": "Bearer otk_nonsense"}, {"Authorization": "Basic x"}):
            response = self.api.get("/api/v1/messages/", headers=headers)
            body = self.assertProblem(response, 401)
            self.assertEqual(body["title"], "Нужен токен")
            self.assertIn("Bearer", response["WWW-Authenticate"])

    def test_a_revoked_token_is_refused(self) -> None:
        token = ApiToken.objects.get(user=self.moderator)
        revoke_token(self.moderator, token)
        self.assertProblem(self.get("/api/v1/messages/", self.moderator), 401)

    def test_a_signed_in_session_is_not_enough(self) -> None:
        self.api.force_login(self.admin)
        self.assertProblem(self.api.get("/api/v1/messages/"), 401)
        response = self.api.post("/api/v1/incidents/", {}, content_type="application/json")
        self.assertProblem(response, 401)  # no CSRF check, no session: only the token counts

    def test_a_token_has_its_users_rights(self) -> None:
        message = self.message()
        response = self.post("/api/v1/incidents/", self.analyst, {"messages": [message.pk]})
        body = self.assertProblem(response, 403)
        self.assertEqual(body["detail"], "Это может сделать только пресс-служба")
        self.assertProblem(self.get("/api/v1/sources/", self.moderator), 403)
        self.assertEqual(self.get("/api/v1/sources/", self.admin).status_code, 200)

    def test_validation_errors_list_the_fields_in_russian(self) -> None:
        response = self.get("/api/v1/messages/", self.moderator, limit=0, date_from="вчера")
        body = self.assertProblem(response, 422)
        fields = {e["field"]: e["message"] for e in body["errors"]}
        self.assertEqual(fields["limit"], "Не меньше 1")
        self.assertEqual(fields["date_from"], "Нужна дата ГГГГ-ММ-ДД")
        response = self.post("/api/v1/incidents/", self.moderator, {"messages": "нет"})
        body = self.assertProblem(response, 422)
        self.assertEqual(body["errors"][0]["field"], "messages")
        response = self.api.post(
            "/api/v1/incidents/", "{не json", content_type="application/json",
            headers=self.headers(self.moderator),
        )  # fmt: skip
        self.assertIn(response.status_code, {400, 422})
        self.assertProblem(response, response.status_code)

    def test_not_found_is_a_problem_too(self) -> None:
        body = self.assertProblem(self.get("/api/v1/incidents/999999/", self.admin), 404)
        self.assertEqual(body["type"], "/api/docs/#problem-not-found")

    @override_settings(API_RATE_PER_MINUTE=3)
    def test_a_token_over_its_rate_gets_429_with_retry_after(self) -> None:
        self.raw["analyst"] = create_token(self.analyst)[1]  # a fresh count
        for _ in range(3):
            self.assertEqual(self.get("/api/v1/messages/", self.analyst).status_code, 200)
        response = self.get("/api/v1/messages/", self.analyst)
        body = self.assertProblem(response, 429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 61)
        self.assertIn("повторите через", body["detail"])
        # Another token is counted apart.
        self.raw["moderator"] = create_token(self.moderator)[1]
        self.assertEqual(self.get("/api/v1/messages/", self.moderator).status_code, 200)
