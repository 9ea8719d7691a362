"""Open311 reading: discovery, services, requests in the spec's shapes, its filters and statuses."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from otklik.answers.models import Answer
from otklik.api.open311 import filters
from otklik.api.tests.open311_case import (
    Open311Case,
    fixture_json,
    fixture_xml,
    tags,
)
from otklik.cities.models import Category
from otklik.incidents import actions as incident_actions
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status

#: The spec's request fields we never have: an incident has no point, address id or zipcode.
LEFT_OUT = {"address_id", "zipcode", "lat", "long"}


class DiscoveryAndServicesTests(Open311Case):
    def test_discovery_has_the_spec_documents_fields(self) -> None:
        spec = fixture_xml("spec_discovery.xml")
        ours = self.get_xml("/discovery.xml")
        self.assertEqual(ours.tag, "discovery")
        self.assertEqual(tags(ours), tags(spec))
        endpoint = ours.find("endpoints/endpoint")
        self.assertEqual(tags(endpoint), tags(spec.find("endpoints/endpoint")))
        self.assertEqual(endpoint.findtext("specification"), "http://wiki.open311.org/GeoReport_v2")
        self.assertTrue(endpoint.findtext("url").endswith("/open311/v2"))
        self.assertEqual(
            [f.text for f in endpoint.find("formats")], ["text/xml", "application/json"]
        )
        data = self.get_json("/discovery.json")
        self.assertEqual(list(data), list(fixture_json("spec_discovery.json")))
        self.assertEqual(data["endpoints"][0]["formats"], ["text/xml", "application/json"])

    def test_services_are_the_topics_with_their_group(self) -> None:
        Category.objects.create(code="old", name="Старое", parent=self.group, is_active=False)
        spec = fixture_xml("spec_services.xml")
        ours = self.get_xml("/services.xml")
        self.assertEqual(ours.tag, "services")
        (service,) = ours  # the group «ЖКХ» has a topic: only the topic is a service
        self.assertEqual(tags(service), tags(spec[0]))
        self.assertEqual(service.findtext("service_code"), "heating")
        self.assertEqual(service.findtext("service_name"), "Отопление")
        self.assertEqual(service.findtext("group"), "ЖКХ")
        self.assertEqual(service.findtext("metadata"), "false")
        self.assertEqual(service.findtext("type"), "batch")
        data = self.get_json("/services.json")
        self.assertEqual(set(data[0]), set(fixture_json("spec_services.json")[0]))
        self.assertIs(data[0]["metadata"], False)

    def test_keywords_are_comma_separated(self) -> None:
        self.category.keywords = ["батареи", "холодно"]
        self.category.description = "В квартире холодно"
        self.category.save()
        (service,) = self.get_json("/services.json")
        self.assertEqual(service["keywords"], "батареи, холодно")
        self.assertEqual(service["description"], "В квартире холодно")

    def test_a_service_definition_has_no_attributes(self) -> None:
        spec = fixture_xml("spec_service_definition.xml")
        ours = self.get_xml("/services/heating.xml")
        self.assertEqual(ours.tag, spec.tag)
        self.assertEqual(tags(ours), tags(spec))
        self.assertEqual(ours.findtext("service_code"), "heating")
        self.assertEqual(list(ours.find("attributes")), [])
        data = self.get_json("/services/heating.json")
        self.assertEqual(data, {"service_code": "heating", "attributes": []})
        self.assertEqual(set(data), set(fixture_json("spec_service_definition.json")))

    def test_an_unknown_service_is_404_in_the_spec_format(self) -> None:
        errors = self.get_json("/services/nope.json", status=404)
        self.assertEqual(errors[0]["code"], 404)
        self.assertIn("nope", errors[0]["description"])
        self.assertEqual(self.get_json("/services/zhkh.json", status=404)[0]["code"], 404)

    def test_any_other_address_is_404_in_the_spec_format(self) -> None:
        spec = fixture_xml("spec_errors.xml")
        ours = self.get_xml("/nothing-here", status=404)
        self.assertEqual(ours.tag, spec.tag)
        self.assertEqual(tags(ours[0]), tags(spec[0]))
        self.assertEqual(ours[0].findtext("code"), "404")
        self.assertEqual(self.get_json("/requests.csv.json", status=404)[0]["code"], 404)

    def test_a_wrong_method_is_refused(self) -> None:
        response = self.client.delete("/open311/v2/services.json")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response.json()[0]["code"], 405)


class RequestsTests(Open311Case):
    def test_a_request_has_the_spec_fields_in_the_spec_order(self) -> None:
        incident = self.incident()
        spec = fixture_xml("spec_requests.xml")[0]
        ours = self.get_xml("/requests.xml")
        self.assertEqual(ours.tag, "service_requests")
        (request,) = ours
        self.assertEqual(tags(request), [t for t in tags(spec) if t not in LEFT_OUT])
        real = set(tags(fixture_xml("adapter_request.xml")[0])) - LEFT_OUT  # a real server's
        self.assertLessEqual(real, set(tags(request)))
        self.assertEqual(request.findtext("service_request_id"), str(incident.pk))
        self.assertEqual(request.findtext("status"), "open")
        self.assertEqual(request.findtext("service_code"), "heating")
        self.assertEqual(request.findtext("service_name"), "Отопление")
        self.assertEqual(request.findtext("agency_responsible"), "Управление ЖКХ")
        self.assertEqual(request.findtext("description"), "Нет отопления в доме")
        (data,) = self.get_json("/requests.json")
        spec_keys = set(fixture_json("spec_requests.json")[0]) - LEFT_OUT
        self.assertEqual(set(data), spec_keys)
        self.assertIsNone(data["media_url"])
        self.assertEqual(self.get_json(f"/requests/{incident.pk}.json"), [data])

    def test_datetimes_are_w3c_with_the_city_offset(self) -> None:
        incident = self.incident()
        (data,) = self.get_json("/requests.json")
        local = timezone.localtime(incident.created_at).isoformat(timespec="seconds")
        self.assertEqual(data["requested_datetime"], local)
        self.assertRegex(
            data["requested_datetime"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"
        )
        due = timezone.localtime(incident.final_answer_due).isoformat(timespec="seconds")
        self.assertEqual(data["expected_datetime"], due)

    def test_closed_is_closed_and_everything_else_open(self) -> None:
        open_one = self.incident("Холодные батареи")
        closed = self.incident("Нет горячей воды")
        incident_actions.change_status(
            self.moderator, closed, Status.CLOSED, resolution=Resolution.DUPLICATE
        )
        closed.refresh_from_db()
        rows = {r["service_request_id"]: r for r in self.get_json("/requests.json")}
        self.assertEqual(rows[str(open_one.pk)]["status"], "open")
        self.assertEqual(rows[str(closed.pk)]["status"], "closed")
        self.assertEqual(rows[str(closed.pk)]["status_notes"], "Дубликат")
        closed_at = timezone.localtime(closed.closed_at).isoformat(timespec="seconds")
        self.assertEqual(rows[str(closed.pk)]["updated_datetime"], closed_at)
        self.assertEqual(
            [r["service_request_id"] for r in self.get_json("/requests.json?status=closed")],
            [str(closed.pk)],
        )
        self.assertEqual(
            [r["service_request_id"] for r in self.get_json("/requests.json?status=open")],
            [str(open_one.pk)],
        )
        self.assertEqual(len(self.get_json("/requests.json?status=open,closed")), 2)

    def test_spam_and_insults_are_not_public(self) -> None:
        spam = self.incident("Купите слона")
        incident_actions.change_status(
            self.moderator, spam, Status.CLOSED, resolution=Resolution.SPAM
        )
        self.assertEqual(self.get_json("/requests.json"), [])
        self.get_json(f"/requests/{spam.pk}.json", status=404)

    def test_filters_by_id_code_and_dates(self) -> None:
        first, second = self.incident("Первое"), self.incident("Второе")
        other = Category.objects.create(code="roads", name="Дороги")
        third = self.incident("Яма")
        Incident.objects.filter(pk=third.pk).update(category=other)

        def ids(path: str) -> list[str]:
            return [row["service_request_id"] for row in self.get_json(path)]

        self.assertEqual(ids(f"/requests.json?service_request_id={first.pk},{third.pk}"),
                         [str(third.pk), str(first.pk)])  # fmt: skip
        self.assertEqual(ids("/requests.json?service_code=roads"), [str(third.pk)])
        self.assertEqual(len(ids("/requests.json?service_code=heating,roads")), 3)
        old = timezone.now() - timedelta(days=120)
        Incident.objects.filter(pk=second.pk).update(created_at=old)
        self.assertNotIn(str(second.pk), ids("/requests.json"))  # the last 90 days by default
        start = (old - timedelta(days=1)).isoformat()
        end = (old + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        query = {"start_date": start, "end_date": end}
        response = self.client.get("/open311/v2/requests.json", query)
        self.assertEqual([r["service_request_id"] for r in response.json()], [str(second.pk)])
        # service_request_id overrides all other arguments, the dates included
        self.assertEqual(ids(f"/requests.json?service_request_id={second.pk}&status=closed"),
                         [str(second.pk)])  # fmt: skip

    def test_bad_arguments_are_400_in_the_spec_format(self) -> None:
        for query in (
            "start_date=вчера",
            "end_date=2026-13-01T00:00:00Z",
            "start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z",
            "start_date=2026-02-01T00:00:00Z&end_date=2026-01-01T00:00:00Z",
            "status=pending",
            "service_request_id=12,abc",
            "service_code=" + ",".join(["x"] * 101),
        ):
            with self.subTest(query):
                errors = self.get_json(f"/requests.json?{query}", status=400)
                self.assertEqual(list(errors[0]), ["code", "description"])
                self.assertEqual(errors[0]["code"], 400)
                root = self.get_xml(f"/requests.xml?{query}", status=400)
                self.assertEqual(root.tag, "errors")
                self.assertEqual(root.findtext("error/code"), "400")

    def test_at_most_the_first_requests_newest_first(self) -> None:
        made = [self.incident(f"Сообщение {n}") for n in range(4)]
        with mock.patch.object(filters, "MAX_REQUESTS", 3):
            rows = self.get_json("/requests.json")
        self.assertEqual([r["service_request_id"] for r in rows],
                         [str(i.pk) for i in reversed(made)][:3])  # fmt: skip

    def test_no_query_per_row(self) -> None:
        for n in range(3):
            incident = self.incident(f"Сообщение {n}")
            Answer.objects.create(incident=incident, text="Починим", status=Answer.Status.PUBLISHED)
        with self.assertNumQueries(2):  # incidents with their rows joined; the final answers
            self.assertEqual(len(self.client.get("/open311/v2/requests.json").json()), 3)
        for n in range(5):
            self.incident(f"Ещё {n}")
        with self.assertNumQueries(2):
            root = self.get_xml("/requests.xml")
        self.assertEqual(len(root), 8)

    def test_an_unknown_request_is_404(self) -> None:
        errors = self.get_json("/requests/999999.json", status=404)
        self.assertEqual(errors[0]["code"], 404)
