"""/api/v1/answers/: draft, submit, approve and return through answers.actions."""

from __future__ import annotations

from otklik.answers.models import Answer, Publication
from otklik.api.tests.rest_case import RestCase
from otklik.incidents.models import Incident
from otklik.incidents.states import Status

TEXT = "Здравствуйте! Отопление восстановлено, спасибо, что сообщили."


class AnswerTests(RestCase):
    def setUp(self) -> None:
        super().setUp()
        self.heating = self.incident_of(self.dept_a)
        self.roads = self.incident_of(self.dept_b, "Яма на дороге")

    def draft(self, user: object, incident: Incident) -> object:
        return self.post("/api/v1/answers/", user, {"incident": incident.pk, "text": TEXT})

    def test_draft_submit_approve(self) -> None:
        response = self.draft(self.executor_a, self.heating)
        self.assertEqual(response.status_code, 201, response.content)
        answer = response.json()
        self.assertEqual((answer["status"], answer["kind"]), ("draft", "final"))
        self.heating.refresh_from_db()
        self.assertEqual(self.heating.status, Status.ANSWER_DRAFTED)
        response = self.post(f"/api/v1/answers/{answer['id']}/submit/", self.executor_a)
        self.assertEqual(response.json()["status"], "submitted")
        # The executor may not approve; the press service does.
        self.assertProblem(
            self.post(f"/api/v1/answers/{answer['id']}/approve/", self.executor_a), 403
        )
        response = self.post(f"/api/v1/answers/{answer['id']}/approve/", self.moderator,
                             {"comment": "Хорошо"})  # fmt: skip
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "approved")
        self.assertEqual(response.json()["reviewed_by"]["id"], self.moderator.pk)
        self.assertEqual(Publication.objects.filter(answer_id=answer["id"]).count(), 1)

    def test_return_needs_a_comment(self) -> None:
        answer = self.draft(self.moderator, self.heating).json()
        self.post(f"/api/v1/answers/{answer['id']}/submit/", self.moderator)
        path = f"/api/v1/answers/{answer['id']}/return/"
        body = self.assertProblem(self.post(path, self.moderator, {}), 422)
        self.assertEqual(body["detail"], "Укажите, что исправить")
        response = self.post(path, self.moderator, {"comment": "Добавьте срок"})
        self.assertEqual(response.json()["status"], Answer.Status.RETURNED)

    def test_another_departments_incident_is_refused(self) -> None:
        body = self.assertProblem(self.draft(self.executor_a, self.roads), 422)
        self.assertEqual(body["errors"][0]["field"], "incident")
        self.assertProblem(self.draft(self.analyst, self.heating), 403)
        theirs = self.draft(self.executor_b, self.roads).json()
        self.assertProblem(self.get(f"/api/v1/answers/{theirs['id']}/", self.executor_a), 404)
        items = self.get("/api/v1/answers/", self.executor_a).json()["items"]
        self.assertEqual(items, [])

    def test_list_filters_and_queries(self) -> None:
        self.draft(self.executor_a, self.heating)
        self.draft(self.executor_b, self.roads)
        self.get("/api/v1/answers/", self.moderator)
        with self.assertNumQueries(2):
            items = self.get("/api/v1/answers/", self.moderator, incident=self.roads.pk).json()
        self.assertEqual([a["incident_id"] for a in items["items"]], [self.roads.pk])
