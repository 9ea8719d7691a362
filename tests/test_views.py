"""Views: role scoping on every page, hostile text escaped, no N+1 on the lists."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otklik.incidents import actions
from otklik.incidents.models import Incident
from otklik.incidents.states import Status
from otklik.testing.base import BaseTestCase

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class ViewTests(BaseTestCase):
    def setUp(self) -> None:
        self.incident_a = actions.create_incident(
            self.moderator, [self.message()], department=self.dept_a
        )
        self.incident_b = actions.create_incident(
            self.moderator, [self.message("Яма на дороге")], department=self.dept_b
        )

    def test_anonymous_is_sent_to_login(self) -> None:
        for url in ("/inbox/", "/incidents/", f"/incidents/{self.incident_a.pk}/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn("/login/", response["Location"])

    def test_executor_sees_only_own_department(self) -> None:
        self.login(self.executor_a)
        listing = self.client.get("/incidents/").content.decode()
        self.assertIn(f"#{self.incident_a.pk}", listing)
        self.assertNotIn(f"#{self.incident_b.pk}<", listing)
        self.assertEqual(self.client.get(f"/incidents/{self.incident_b.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/incidents/{self.incident_a.pk}/").status_code, 200)
        self.assertEqual(self.client.get("/inbox/").status_code, 403)
        other_message = self.incident_b.messages.get()
        self.assertEqual(self.client.get(f"/messages/{other_message.pk}/").status_code, 404)

    def test_executor_cannot_post_to_other_department(self) -> None:
        self.login(self.executor_a)
        url = reverse("incident-status", args=[self.incident_b.pk])
        self.assertEqual(self.client.post(url, {"status": Status.IN_WORK}).status_code, 404)
        self.incident_b.refresh_from_db()
        self.assertEqual(self.incident_b.status, Status.ASSIGNED)

    def test_outsider_without_department_sees_nothing(self) -> None:
        self.login(self.outsider)
        self.assertNotIn(
            "#",
            self.client.get("/incidents/")
            .content.decode()
            .split("<tbody>")[1]
            .split("</tbody>")[0],
        )

    def test_analyst_reads_but_cannot_write(self) -> None:
        self.login(self.analyst)
        self.assertEqual(self.client.get("/inbox/").status_code, 200)
        page = self.client.get(f"/incidents/{self.incident_a.pk}/").content.decode()
        self.assertNotIn("Сменить статус", page)
        response = self.client.post(
            reverse("incident-status", args=[self.incident_a.pk]), {"status": Status.IN_WORK}
        )
        self.assertEqual(response.status_code, 403)
        message = self.message()
        response = self.client.post(
            reverse("inbox-bulk"), {"action": "dismiss", "messages": [message.pk]}
        )
        self.assertEqual(response.status_code, 403)

    def test_moderator_creates_incident_from_inbox(self) -> None:
        self.login(self.moderator)
        m1, m2 = self.message("Упало дерево"), self.message("Дерево перегородило проезд")
        response = self.client.post(
            reverse("inbox-bulk"),
            {
                "action": "create",
                "messages": [m1.pk, m2.pk],
                "inc-priority": "high",
                "inc-category": self.category.pk,
                "next": "/inbox/",
            },
        )
        incident = Incident.objects.latest("id")
        self.assertRedirects(response, f"/incidents/{incident.pk}/")
        self.assertEqual(incident.messages.count(), 2)
        self.assertEqual(incident.department, self.dept_a)

    def test_bulk_rejects_open_redirect(self) -> None:
        self.login(self.moderator)
        response = self.client.post(
            reverse("inbox-bulk"),
            {"action": "dismiss", "messages": [self.message().pk], "next": "//evil.example"},
        )
        self.assertEqual(response["Location"], "/")

    def test_hostile_text_is_escaped_everywhere(self) -> None:
        self.login(self.moderator)
        message = self.message(HOSTILE * 50)
        incident = actions.create_incident(self.moderator, [message], title=HOSTILE)
        for url in (
            "/inbox/",
            f"/messages/{message.pk}/",
            f"/incidents/{incident.pk}/",
            "/incidents/",
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn(b"<script>alert", response.content, url)
        self.assertEqual(self.client.get("/inbox/", {"q": "<script>" * 100}).status_code, 200)

    def test_inbox_filters(self) -> None:
        self.login(self.moderator)
        self.message("Снег не убран на Ленина", territory=self.territory_b)
        page = self.client.get("/inbox/", {"q": "снег", "status": ""}).content.decode()
        self.assertIn("Снег не убран", page)
        self.assertNotIn("Нет отопления", page)
        page = self.client.get(
            "/inbox/", {"territory": self.territory_b.pk, "status": ""}
        ).content.decode()
        self.assertIn("Снег не убран", page)
        page = self.client.get(
            "/inbox/", {"date_from": "2030-01-01", "status": ""}
        ).content.decode()
        self.assertIn("Сообщений нет", page)

    def test_lists_make_a_fixed_number_of_queries(self) -> None:
        self.login(self.moderator)
        for n in range(5):
            self.message(f"Сообщение {n}", territory=self.territory)
        self.client.get("/inbox/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/inbox/?status=")
            self.client.get("/incidents/")
        for n in range(30):
            msg = self.message(f"Ещё {n}", territory=self.territory)
            actions.create_incident(
                self.moderator, [msg], department=self.dept_a, category=self.category
            )
        with CaptureQueriesContext(connection) as many:
            self.client.get("/inbox/?status=")
            self.client.get("/incidents/")
        self.assertEqual(len(few), len(many))

    def test_healthz(self) -> None:
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["ok"], True)
        self.assertIn("pending_payloads", response.json())


class PlainTextTests(BaseTestCase):
    def test_table(self) -> None:
        from otklik.inbox.plain import plain_text

        cases = [
            ("<p>Когда&nbsp;зальют каток?</p><p>Спасибо.</p>", "Когда зальют каток?\nСпасибо."),
            ("[id123|Иван], посмотрите", "Иван, посмотрите"),
            ('<span style="color:red">Яма</span> &lt;script&gt;', "Яма <script>"),
            ("", ""),
        ]
        for text, expected in cases:
            self.assertEqual(plain_text(text), expected, text)


class AdminTests(BaseTestCase):
    def test_every_admin_list_opens(self) -> None:
        from django.contrib import admin

        self.message("<b>жирный</b>")
        self.login(self.admin)
        for model in admin.site._registry:
            meta = model._meta
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_moderator_has_no_admin(self) -> None:
        self.login(self.moderator)
        self.assertEqual(self.client.get("/admin/").status_code, 302)
