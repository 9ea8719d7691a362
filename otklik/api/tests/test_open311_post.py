"""Open311 POST requests: a report from a client lands in the inbox like the web form's, its
token resolves once it is an incident, and bad keys, missing fields and floods are refused in the
spec's error format."""

from __future__ import annotations

from typing import Any
from unittest import mock
from urllib.parse import parse_qsl, urlencode
from xml.etree import ElementTree as ET

from otklik.api.open311 import intake, limits
from otklik.api.tests.open311_case import (
    BASE,
    Open311Case,
    fixture,
    fixture_json,
    fixture_xml,
    tags,
)
from otklik.api.tokens import create_token
from otklik.inbox.models import Message
from otklik.incidents import actions as incident_actions
from otklik.incidents.states import Resolution, Status
from otklik.sources.actions import process_pending
from otklik.sources.models import InboundPayload

FORM = "application/x-www-form-urlencoded; charset=utf-8"


def spec_request(**changes: str) -> dict[str, str]:
    """The spec's example POST body, with our key and service in place of theirs."""
    body = fixture("spec_post_request.txt").split("\n\n", 1)[1].strip()
    data = dict(parse_qsl(body))
    data.update(changes)
    return data


class PostTests(Open311Case):
    def setUp(self) -> None:
        super().setUp()
        _, self.key = create_token(self.moderator, "FixMyStreet")

    def post(self, data: dict[str, str], fmt: str = "json", **extra: str) -> Any:
        return self.client.post(
            f"{BASE}/requests.{fmt}", urlencode(data), content_type=FORM, **extra
        )

    def test_the_spec_example_request_becomes_a_raw_payload_and_a_message(self) -> None:
        data = spec_request(api_key=self.key, service_code="heating")
        response = self.post(data, fmt="xml")
        self.assertEqual(response.status_code, 200, response.content)
        root = fixture_xml("fms_post_token_response.xml")
        ours = ET.fromstring(response.content)
        self.assertEqual(ours.tag, root.tag)
        request = ours.find("request")
        self.assertIsNone(request.find("service_request_id"))  # the spec: token, or the id
        token = request.findtext("token")
        spec_keys = [t if t != "service_request_id" else "token" for t in tags(
            fixture_xml("spec_post_response.xml")[0])]  # fmt: skip
        self.assertEqual(tags(request), spec_keys)

        payload = InboundPayload.objects.get(external_id=token)
        self.assertEqual(payload.source.name, "web-form")
        self.assertEqual(payload.event_type, "open311_request")
        self.assertEqual(payload.body["open311"]["email"], "smit333@sfgov.edu")
        self.assertEqual(payload.body["open311"]["lat"], 37.76524078)
        self.assertEqual(payload.headers["api_user"], "moderator")
        message = Message.objects.get(payload=payload)
        self.assertEqual(message.text, "A large sinkhole is destroying the street")
        self.assertEqual(message.kind, Message.Kind.FORM)
        self.assertEqual(message.address_text, "1234 5th street")
        self.assertEqual(message.contact, "smit333@sfgov.edu; 111111111")
        self.assertEqual(message.author.display_name, "john smith")
        self.assertEqual(message.attachments[0]["type"], "link")
        self.assertEqual(message.status, Message.Status.NEW)

    def test_a_real_clients_request_is_taken_and_its_token_resolves_later(self) -> None:
        body = dict(parse_qsl(fixture("adapter_post_request.txt").strip()))
        body.update(api_key=self.key, service_code="heating")
        (answer,) = self.post(body).json()
        self.assertEqual(set(answer), {"token", "service_notice", "account_id"})
        self.assertEqual(
            set(answer) - {"token"},
            set(fixture_json("spec_post_response.json")[0]) - {"service_request_id"},
        )
        token = answer["token"]
        message = Message.objects.get(payload__external_id=token)
        self.assertEqual(message.text, "Сообщение о проблеме «Отопление»")  # no description
        self.assertEqual(message.address_text, "22 Acacia Avenue")

        (pending,) = self.get_json(f"/tokens/{token}.json")
        self.assertEqual(pending, {"service_request_id": None, "token": token})
        incident = incident_actions.create_incident(
            self.moderator, [message], category=self.category
        )
        spec = fixture_xml("spec_token.xml")
        ours = self.get_xml(f"/tokens/{token}.xml")
        self.assertEqual(tags(ours[0]), tags(spec[0]))
        self.assertEqual(tags(ours[0]), tags(fixture_xml("fms_token_response.xml")[0]))
        self.assertEqual(ours.findtext("request/service_request_id"), str(incident.pk))
        (row,) = self.get_json(f"/requests/{incident.pk}.json")
        self.assertEqual(row["status"], "open")
        self.assertNotIn("Bob", str(row))
        self.assertNotIn("Mould", str(row))

    def test_when_processing_waits_the_intake_worker_makes_the_message(self) -> None:
        with mock.patch.object(intake, "claim_payload", return_value=False):
            (answer,) = self.post(spec_request(api_key=self.key, service_code="heating")).json()
        payload = InboundPayload.objects.get(external_id=answer["token"])
        self.assertEqual(payload.status, InboundPayload.Status.PENDING)
        self.assertFalse(Message.objects.filter(payload=payload).exists())
        self.assertEqual(process_pending(), 1)
        message = Message.objects.get(payload=payload)
        incident_actions.create_incident(self.moderator, [message], category=self.category)
        (resolved,) = self.get_json(f"/tokens/{answer['token']}.json")
        self.assertEqual(resolved["service_request_id"], str(message.incident_id))

    def test_a_spam_incident_does_not_resolve(self) -> None:
        (answer,) = self.post(spec_request(api_key=self.key, service_code="heating")).json()
        message = Message.objects.get(payload__external_id=answer["token"])
        incident = incident_actions.create_incident(self.moderator, [message])
        incident_actions.change_status(
            self.moderator, incident, Status.CLOSED, resolution=Resolution.SPAM
        )
        (row,) = self.get_json(f"/tokens/{answer['token']}.json")
        self.assertIsNone(row["service_request_id"])
        self.get_json("/tokens/0123456789abcdef0123456789abcdef.json", status=404)
        self.get_json("/tokens/not-a-token.json", status=404)

    def test_a_bad_or_missing_key_is_403_in_the_spec_format(self) -> None:
        spec = fixture_xml("spec_errors.xml")
        for key in ("xyz", "", self.key + "x"):
            with self.subTest(key=key):
                response = self.post(spec_request(api_key=key, service_code="heating"), "xml")
                self.assertEqual(response.status_code, 403)
                ours = ET.fromstring(response.content)
                self.assertEqual(ours.tag, spec.tag)
                self.assertEqual(tags(ours[0]), tags(spec[0]))
                self.assertEqual(ours.findtext("error/code"), "403")
        errors = self.post(spec_request(api_key="xyz", service_code="heating")).json()
        self.assertEqual(list(errors[0]), list(fixture_json("spec_errors.json")[0]))
        self.assertEqual(errors[0]["code"], 403)
        self.assertIn("api_key", errors[0]["description"])
        self.assertFalse(InboundPayload.objects.exists())

    def test_missing_and_bad_fields_are_400(self) -> None:
        location = ("lat", "long", "address_string", "address_id")
        half = ("long", "address_string")
        cases = {
            "service_code": spec_request(service_code=""),
            "место": {k: v for k, v in spec_request().items() if k not in location},
            "вместе": {k: v for k, v in spec_request().items() if k not in half},
            "lat": spec_request(lat="north"),
            "long": spec_request(long="500"),
            "email": spec_request(email="не почта"),
            "media_url": spec_request(media_url="javascript:alert(1)"),
            "description": spec_request(description="я" * 4001),
            "address_string": spec_request(address_string="д" * 501),
        }
        for word, data in cases.items():
            with self.subTest(word):
                data = {**data, "api_key": self.key}
                if word != "service_code":
                    data["service_code"] = "heating"
                response = self.post(data)
                self.assertEqual(response.status_code, 400, response.content)
                (error,) = response.json()
                self.assertEqual(error["code"], 400)
                self.assertIn(word, error["description"])
        self.assertFalse(InboundPayload.objects.exists())

    def test_an_unknown_service_is_404(self) -> None:
        response = self.post(spec_request(api_key=self.key))  # the spec's own code, 001
        self.assertEqual(response.status_code, 404)
        self.assertIn("001", response.json()[0]["description"])

    def test_a_large_body_and_a_flood_are_refused_before_reading(self) -> None:
        big = spec_request(api_key=self.key, service_code="heating", attribute="x" * 70_000)
        response = self.post(big)
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json()[0]["code"], 413)
        with mock.patch.object(limits, "POSTS_PER_HOUR", 2):
            codes = [self.post(spec_request(api_key="bad")).status_code for _ in range(3)]
        self.assertEqual(codes, [403, 429, 429])  # the large body counted too
        self.assertEqual(self.post(spec_request(api_key="bad"), "xml").status_code, 403)

    def test_an_unparsable_body_is_400(self) -> None:
        fields = "&".join(f"f{n}=1" for n in range(1100))
        response = self.client.post(f"{BASE}/requests.json", fields, content_type=FORM)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()[0]["code"], 400)

    def test_no_csrf_token_is_needed(self) -> None:
        self.client = self.client_class(enforce_csrf_checks=True)
        response = self.post(spec_request(api_key=self.key, service_code="heating"))
        self.assertEqual(response.status_code, 200, response.content)
