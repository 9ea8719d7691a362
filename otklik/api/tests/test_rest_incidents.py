"""/api/v1/incidents/: scoped lists, reading, creating from messages, assigning, statuses:
through incidents.actions, with the same refusals as the pages."""

from __future__ import annotations

from otklik.api.tests.rest_case import RestCase
from otklik.incidents.models import Incident
from otklik.incidents.states import Status


class IncidentTests(RestCase):
    def setUp(self) -> None:
        super().setUp()
        self.heating = self.incident_of(self.dept_a)
        self.roads = self.incident_of(self.dept_b, "Яма на дороге")

    def test_an_executor_lists_and_reads_only_their_department(self) -> None:
        items = self.get("/api/v1/incidents/", self.executor_a).json()["items"]
        self.assertEqual([i["id"] for i in items], [self.heating.pk])
        self.assertEqual(items[0]["department"]["name"], "Управление ЖКХ")
        self.assertProblem(self.get(f"/api/v1/incidents/{self.roads.pk}/", self.executor_a), 404)
        everything = self.get("/api/v1/incidents/", self.analyst).json()["items"]
        self.assertEqual(len(everything), 2)

    def test_filters(self) -> None:
        def ids(**params: object) -> list[int]:
            response = self.get("/api/v1/incidents/", self.moderator, **params)
            self.assertEqual(response.status_code, 200, response.content)
            return [i["id"] for i in response.json()["items"]]

        self.assertEqual(ids(department=self.dept_b.pk), [self.roads.pk])
        self.assertEqual(ids(q="Яма"), [self.roads.pk])
        self.assertEqual(ids(q=str(self.roads.pk)), [self.roads.pk])
        self.assertEqual(len(ids(category=self.group.pk)), 2)
        self.assertEqual(ids(state="closed"), [])
        self.assertEqual(len(ids(state="open", priority="normal")), 2)

    def test_read_has_reports_and_the_audit_trail(self) -> None:
        body = self.get(f"/api/v1/incidents/{self.heating.pk}/", self.executor_a).json()
        self.assertEqual(body["message_ids"], [self.heating.messages.get().pk])
        self.assertEqual([e["kind"] for e in body["events"]], ["created", "assigned"])
        self.assertEqual(body["status"], "assigned")

    def test_the_press_service_creates_an_incident_from_messages(self) -> None:
        one, two = self.message("Нет воды"), self.message("И у нас нет воды")
        body = {"messages": [one.pk, two.pk], "category": self.category.pk, "priority": "high"}
        response = self.post("/api/v1/incidents/", self.moderator, body)
        self.assertEqual(response.status_code, 201, response.content)
        created = Incident.objects.get(pk=response.json()["id"])
        self.assertEqual(created.department, self.dept_a)  # the category's default
        self.assertEqual(sorted(response.json()["message_ids"]), [one.pk, two.pk])
        self.assertEqual(created.created_by, self.moderator)

    def test_creating_is_refused_to_executors_and_for_unseen_messages(self) -> None:
        message = self.message()
        response = self.post("/api/v1/incidents/", self.executor_a, {"messages": [message.pk]})
        self.assertProblem(response, 403)
        response = self.post("/api/v1/incidents/", self.moderator, {"messages": [999999]})
        body = self.assertProblem(response, 422)
        self.assertEqual(body["errors"][0]["field"], "messages")

    def test_assign_routes_and_an_executor_cannot_move_departments(self) -> None:
        path = f"/api/v1/incidents/{self.roads.pk}/assign/"
        response = self.post(path, self.moderator, {"department": self.dept_a.pk})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["department"]["id"], self.dept_a.pk)
        # An executor picks a person in their own department; the department stays.
        body = {"department": self.dept_b.pk, "assignee": self.executor_a.pk}
        response = self.post(path, self.executor_a, body)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["department"]["id"], self.dept_a.pk)
        self.assertEqual(response.json()["assignee"]["id"], self.executor_a.pk)
        path = f"/api/v1/incidents/{self.heating.pk}/assign/"
        self.assertProblem(self.post(path, self.executor_b, {}), 404)  # not even visible

    def test_status_changes_follow_the_allowed_transitions(self) -> None:
        path = f"/api/v1/incidents/{self.heating.pk}/status/"
        response = self.post(path, self.executor_a, {"status": "in_work"})
        self.assertEqual(response.json()["status"], Status.IN_WORK)
        body = self.assertProblem(self.post(path, self.executor_a, {"status": "published"}), 422)
        self.assertIn("не разрешён", body["detail"])
        body = self.assertProblem(self.post(path, self.executor_a, {"status": "closed"}), 422)
        self.assertEqual(body["detail"], "Укажите итог закрытия")
        response = self.post(path, self.executor_a, {"status": "closed", "resolution": "resolved"})
        self.assertEqual(response.json()["status"], Status.CLOSED)
        self.assertProblem(self.post(path, self.analyst, {"status": "reopened"}), 403)

    def test_the_list_costs_a_fixed_number_of_queries(self) -> None:
        self.get("/api/v1/incidents/", self.moderator)
        for _ in range(5):
            self.incident_of(self.dept_a)
        with self.assertNumQueries(2):
            response = self.get("/api/v1/incidents/", self.moderator)
        self.assertEqual(len(response.json()["items"]), 7)
