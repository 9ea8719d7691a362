"""Error pages: Russian, in the house layout, `lang="ru"`; the 500 page needs no database."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from otklik.testing.base import BaseTestCase


class ErrorPageTests(BaseTestCase):
    def assert_house_page(self, html: str, *phrases: str) -> None:
        self.assertIn('<html lang="ru">', html)
        self.assertIn('class="topbar"', html)
        self.assertIn("otklik/otklik.css", html)
        for phrase in phrases:
            self.assertIn(phrase, html)
        for english in ("Not Found", "Forbidden", "Server Error", "Bad Request"):
            self.assertNotIn(english, html)

    def test_404_is_russian_in_the_layout(self) -> None:
        self.login(self.moderator)
        response = self.client.get("/no-such-page/<script>x</script>")
        self.assertEqual(response.status_code, 404)
        html = response.content.decode()
        self.assert_house_page(html, "Страница не найдена", "Входящие")
        self.assertNotIn("<script>x", html)

    def test_404_for_a_hidden_incident_is_russian(self) -> None:
        self.login(self.executor_a)
        response = self.client.get(reverse("incident-detail", args=[999999]))
        self.assertEqual(response.status_code, 404)
        self.assert_house_page(response.content.decode(), "Страница не найдена")

    def test_403_is_russian_in_the_layout(self) -> None:
        self.login(self.executor_a)
        response = self.client.get(reverse("inbox"))
        self.assertEqual(response.status_code, 403)
        self.assert_house_page(response.content.decode(), "Доступ запрещён", "Инциденты")

    def test_403_shows_the_russian_reason_and_escapes_it(self) -> None:
        request = RequestFactory().get("/")
        request.user = self.moderator
        response = get_resolver().resolve_error_handler(403)(
            request, PermissionDenied("нет прав <b>на это</b>")
        )
        self.assertEqual(response.status_code, 403)
        html = response.content.decode()
        self.assert_house_page(html, "Нет прав &lt;b&gt;на это&lt;/b&gt;.")

    def test_403_on_a_missing_csrf_token_is_russian(self) -> None:
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("login"), {"username": "x", "password": "y"})
        self.assertEqual(response.status_code, 403)
        self.assert_house_page(response.content.decode(), "Доступ запрещён", "Обновите страницу")

    def test_500_needs_neither_database_nor_request_context(self) -> None:
        request = RequestFactory().get("/")
        handler = get_resolver().resolve_error_handler(500)
        with self.assertNumQueries(0):
            response = handler(request)
        self.assertEqual(response.status_code, 500)
        self.assert_house_page(response.content.decode(), "Ошибка на сервере")

    def test_400_is_russian(self) -> None:
        request = RequestFactory().get("/")
        response = get_resolver().resolve_error_handler(400)(request, Exception("bad"))
        self.assertEqual(response.status_code, 400)
        self.assert_house_page(response.content.decode(), "Неверный запрос")
