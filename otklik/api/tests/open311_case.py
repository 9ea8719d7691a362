"""What the Open311 tests share: the recorded examples, incidents made through the actions, and
readers of our XML and JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from django.core.cache import cache
from django.test.client import Client

from otklik.incidents import actions as incident_actions
from otklik.incidents.models import Incident
from otklik.testing.base import BaseTestCase

FIXTURES = Path(__file__).parent / "fixtures" / "open311"
BASE = "/open311/v2"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def fixture_json(name: str) -> Any:
    return json.loads(fixture(name))


def fixture_xml(name: str) -> ET.Element:
    return ET.fromstring(fixture(name).strip().encode())


def tags(element: ET.Element) -> list[str]:
    return [child.tag for child in element]


class Open311Case(BaseTestCase):
    client: Client

    def setUp(self) -> None:
        cache.clear()

    def incident(self, text: str = "Нет отопления в доме", **fields: Any) -> Incident:
        message = self.message(text)
        return incident_actions.create_incident(
            self.moderator, [message], category=self.category, **fields
        )

    def get_json(self, path: str, status: int = 200) -> Any:
        response = self.client.get(BASE + path)
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        return json.loads(response.content)

    def get_xml(self, path: str, status: int = 200) -> ET.Element:
        response = self.client.get(BASE + path)
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Type"], "text/xml; charset=utf-8")
        self.assertTrue(response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>'))
        return ET.fromstring(response.content)
