"""The map's tests' scene: the Seversk file loaded, and incidents on streets, in settlements and
nowhere, for two departments, one of them out of the default period."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from otklik.analytics.actions.rollups import rebuild
from otklik.cities.config import load_city_config
from otklik.cities.loader import load_city
from otklik.cities.models import Territory
from otklik.incidents.models import Incident
from otklik.incidents.states import Status
from otklik.testing.base import BaseTestCase

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@override_settings(CACHES=LOCMEM)
class MapTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_city(load_city_config("seversk"))
        cls.t = {t.code: t for t in Territory.objects.all()}
        yesterday = timezone.now() - timedelta(days=1)
        cls.incident("Нет отопления", "center", "ул. Мира, 36", cls.dept_a, Status.NEW, yesterday)
        cls.incident("Холодно", "center", "ул. Мира, 9", cls.dept_a, Status.IN_WORK, yesterday)
        cls.incident("Яма", "north", "ул. Курчатова, 42", cls.dept_b, Status.CLOSED, yesterday)
        cls.incident("Свалка", "samus", "", cls.dept_b, Status.NEW, yesterday)
        cls.incident("Вопрос", None, "", cls.dept_a, Status.NEW, yesterday)
        old = timezone.now() - timedelta(days=60)
        cls.incident("Давно", "center", "ул. Мира, 1", cls.dept_a, Status.CLOSED, old)
        cls.incident("Фонарь", "seversk", "пр. Коммунистический, 17в", cls.dept_a, "new", yesterday)
        rebuild()  # the map counts from the rollups

    @classmethod
    def incident(cls, title: str, territory: str | None, address: str, department: Any,
                 status: str, created: Any) -> Incident:  # fmt: skip
        return Incident.objects.create(
            title=title,
            territory=cls.t[territory] if territory else None,
            address_text=address,
            department=department,
            category=cls.category if title in {"Нет отопления", "Яма"} else None,
            status=status,
            created_at=created,
        )

    def setUp(self) -> None:
        cache.clear()

    def data(self, user: Any = None, **params: str) -> dict[str, Any]:
        self.login(user or self.moderator)
        response = self.client.get("/analytics/map/data.json", params)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return json.loads(response.content)

    @staticmethod
    def props(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {f["properties"]["code"]: f["properties"] for f in data["territories"]["features"]}

    @staticmethod
    def points(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {f["properties"]["label"]: f for f in data["points"]["features"]}
