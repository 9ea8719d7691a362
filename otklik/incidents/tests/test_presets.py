"""Deadline presets: which one applies, the shipped Seversk rules on real calendar cases, formal
appeals under 59-FZ, the loader, time left, and the incident card."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from otklik.cities.config import CITIES_DIR, load_city_config
from otklik.cities.loader import CityConfigError, load_city
from otklik.cities.models import Category
from otklik.incidents import actions
from otklik.incidents.deadlines import FORMAL_APPEAL_DAYS, find_preset, resolve_deadlines
from otklik.incidents.models import DeadlinePreset, Event
from otklik.incidents.presets import SECTION
from otklik.incidents.templatetags.incident_clocks import clock_left
from otklik.testing.base import BaseTestCase


@pytest.fixture(autouse=True)
def seversk(settings: Any) -> None:
    settings.TIME_ZONE = "Asia/Tomsk"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


@pytest.fixture
def tree(db: Any) -> dict[str, Category | None]:
    group = Category.objects.create(code="g", name="ЖКХ")
    topic = Category.objects.create(code="t", name="Отопление", parent=group, first_reply_hours=2)
    other = Category.objects.create(code="o", name="Дороги", final_answer_days=15)
    for category, priority, note in [
        (topic, "high", "topic+high"),
        (group, "high", "group+high"),
        (group, "normal", "group+normal"),
        (None, "normal", "any+normal"),
        (None, "critical", "any+critical"),
    ]:
        DeadlinePreset.objects.create(
            category=category,
            priority=priority,
            first_reply_hours=4,
            final_answer_days=7,
            note=note,
        )
    return {"group": group, "topic": topic, "other": other, "none": None}


RESOLUTION = [
    ("topic", "high", "topic+high"),  # the topic's own preset
    ("topic", "normal", "group+normal"),  # then its group's
    ("topic", "critical", "any+critical"),  # then any category's
    ("group", "high", "group+high"),  # a group is a category too
    ("other", "normal", "any+normal"),
    ("none", "normal", "any+normal"),
    ("topic", "low", None),  # no preset: the category's own fields
    ("none", "low", None),  # no preset, no category: the built-in defaults
]


@pytest.mark.parametrize(("category", "priority", "expected"), RESOLUTION)
def test_the_most_specific_preset_applies(
    tree: dict[str, Category | None], category: str, priority: str, expected: str | None
) -> None:
    preset = find_preset(tree[category], priority)
    assert (preset.note if preset else None) == expected


FALLBACK = [
    # no preset for "low": the category's first_reply_hours and final_answer_days, then defaults
    ("topic", "2025-03-11T09:00+07:00", "2025-03-11T11:00+07:00", "2025-03-20T09:00+07:00"),
    ("other", "2025-03-11T09:00+07:00", "2025-03-11T13:00+07:00", "2025-04-01T09:00+07:00"),
    ("none", "2025-03-11T09:00+07:00", "2025-03-11T13:00+07:00", "2025-03-20T09:00+07:00"),
]


@pytest.mark.parametrize(("category", "start", "first", "final"), FALLBACK)
def test_without_a_preset_the_category_fields_apply(
    tree: dict[str, Category | None], category: str, start: str, first: str, final: str
) -> None:
    clocks = resolve_deadlines(tree[category], "low", at(start))
    assert clocks.preset is None
    assert clocks.first_reply_due.isoformat(timespec="minutes") == first
    assert clocks.final_answer_due.isoformat(timespec="minutes") == final


FRIDAY = "2025-03-07T18:30+07:00"  # a shortened pre-holiday Friday, after hours; Mar 8 is off
SHIPPED = [
    # (category code, priority, first reply due, final answer due, first counted in working time)
    (None, "critical", "2025-03-07T19:30+07:00", "2025-03-11T09:00+07:00", False),
    (None, "normal", "2025-03-10T13:00+07:00", "2025-03-19T09:00+07:00", True),
    (None, "high", "2025-03-10T12:00+07:00", "2025-03-19T09:00+07:00", True),
    (None, "low", "2025-03-10T13:00+07:00", "2025-03-19T09:00+07:00", True),
    ("zhkh-heating", "high", "2025-03-10T11:00+07:00", "2025-03-17T09:00+07:00", True),
    ("zhkh-gas", "normal", "2025-03-07T19:30+07:00", "2025-03-11T09:00+07:00", False),
    ("safety-fire", "normal", "2025-03-10T11:00+07:00", "2025-03-13T09:00+07:00", True),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "priority", "first", "final", "working"), SHIPPED)
def test_shipped_presets_on_a_friday_evening_before_a_holiday(
    code: str | None, priority: str, first: str, final: str, working: bool
) -> None:
    load_city(load_city_config("seversk"))
    category = Category.objects.get(code=code) if code else None
    clocks = resolve_deadlines(category, priority, at(FRIDAY))
    # normal and low with no category: no preset, the built-in 4 working hours / 7 working days
    assert (clocks.preset is not None) is (code is not None or priority in {"critical", "high"})
    assert clocks.first_reply_due.isoformat(timespec="minutes") == first
    assert clocks.final_answer_due.isoformat(timespec="minutes") == final
    assert clocks.first_reply_in_working_time is working


FORMAL = [
    ("2025-03-07T18:30+07:00", "2025-04-06T18:30+07:00"),  # 30 calendar days, holidays or not
    ("2024-12-20T10:00+07:00", "2025-01-19T10:00+07:00"),  # across the New Year holidays
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "final"), FORMAL)
def test_a_formal_appeal_has_thirty_calendar_days(start: str, final: str) -> None:
    clocks = resolve_deadlines(None, "normal", at(start), formal_appeal=True)
    assert clocks.final_answer_due.isoformat(timespec="minutes") == final
    assert clocks.final_answer_due - at(start) == timedelta(days=FORMAL_APPEAL_DAYS)
    assert clocks.final_in_working_days is False
    assert clocks.rule["formal_appeal"] is True
    assert "59-ФЗ" in clocks.rule["text"]


@pytest.mark.django_db
def test_loading_presets_twice_changes_nothing() -> None:
    shipped = json.loads((CITIES_DIR / "seversk.json").read_text(encoding="utf-8"))[SECTION]
    config = load_city_config("seversk")
    first = load_city(config)
    assert first.sections[SECTION].created == len(shipped) == DeadlinePreset.objects.count()
    again = load_city(config)
    assert again.sections[SECTION].created == again.sections[SECTION].updated == 0
    assert again.sections[SECTION].unchanged == len(shipped)
    DeadlinePreset.objects.filter(category=None, priority="high").update(first_reply_hours=9)
    third = load_city(config)
    assert third.sections[SECTION].updated == 1
    assert DeadlinePreset.objects.get(category=None, priority="high").first_reply_hours == 3


BAD = [
    ({"category": "nope", "priority": "normal"}, "такого кода нет в categories"),
    ({"category": None, "priority": "urgent"}, "priority 'urgent'; допустимо"),
    ({"category": None, "priority": "high", "first_reply_hours": 0}, "first_reply_hours 0"),
    ({"category": None, "priority": "critical"}, "повторяет пару category None"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("entry", "message"), BAD)
def test_bad_presets_fail_clearly(tmp_path: Path, entry: dict[str, Any], message: str) -> None:
    raw = json.loads((CITIES_DIR / "seversk.json").read_text(encoding="utf-8"))
    raw[SECTION].append({"first_reply_hours": 1, "final_answer_days": 1, **entry})
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CityConfigError, match=message):
        load_city(load_city_config(str(path)))
    assert DeadlinePreset.objects.count() == 0


NOW = "2025-03-11T10:00+07:00"  # a Tuesday
LEFT = [
    ("2025-03-11T15:00+07:00", True, "осталось 4 раб. ч"),  # lunch excluded
    ("2025-03-11T10:40+07:00", True, "осталось 40 раб. мин"),
    ("2025-03-13T10:00+07:00", True, "осталось 2 раб. дня"),
    ("2025-03-06T10:00+07:00", True, "просрочено на 2 раб. дня"),  # the short Friday counts 7 h
    ("2025-03-10T18:00+07:00", True, "просрочено на 1 раб. ч"),
    ("2025-03-11T10:40+07:00", False, "осталось 40 мин"),
    ("2025-03-11T09:00+07:00", False, "просрочено на 1 ч"),
    ("2025-03-23T10:00+07:00", False, "осталось 12 дней"),
    ("2025-03-12T10:00+07:00", False, "осталось 1 день"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("due", "working", "expected"), LEFT)
def test_time_left(due: str, working: bool, expected: str) -> None:
    assert clock_left(at(due), working, now=at(NOW)) == expected


class CardTests(BaseTestCase):
    def setUp(self) -> None:
        self.preset = DeadlinePreset.objects.create(
            category=self.group,
            priority="normal",
            first_reply_hours=2,
            final_answer_days=5,
            note="Регламент ЦУР, п. 3",
        )

    def test_the_created_event_records_the_preset_and_the_card_shows_it(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()], category=self.category)
        rule = incident.events.get(kind=Event.Kind.CREATED).data["rule"]
        self.assertEqual(rule["preset"], self.preset.pk)
        self.login(self.moderator)
        page = self.client.get(f"/incidents/{incident.pk}/").content.decode()
        self.assertIn("первый ответ 2 раб. ч, окончательный 5 раб. дн.", page)
        self.assertIn("Регламент ЦУР, п. 3", page)
        self.assertIn("Обращение по 59-ФЗ", page)  # the press service's checkbox

    def test_a_formal_appeal_is_marked_by_the_press_service_only(self) -> None:
        incident = actions.create_incident(
            self.moderator, [self.message()], category=self.category, department=self.dept_a
        )
        with self.assertRaises(PermissionDenied):
            actions.update_details(self.executor_a, incident, is_formal_appeal=True)
        actions.update_details(self.moderator, incident, "письмо", is_formal_appeal=True)
        incident.refresh_from_db()
        self.assertTrue(incident.is_formal_appeal)
        self.assertEqual(
            incident.final_answer_due - incident.created_at, timedelta(days=FORMAL_APPEAL_DAYS)
        )
        event = incident.events.filter(kind=Event.Kind.UPDATED).last()
        assert event is not None
        self.assertTrue(event.data["rule"]["formal_appeal"])
        self.login(self.executor_a)
        card = self.client.get(f"/incidents/{incident.pk}/").content.decode()
        self.assertIn("обращение по 59-ФЗ", card)
        self.assertNotIn("Обращение по 59-ФЗ", card)  # no checkbox for an executor
        self.client.post(
            f"/incidents/{incident.pk}/details/", {"title": "Новый", "priority": "normal"}
        )
        incident.refresh_from_db()
        self.assertTrue(incident.is_formal_appeal)  # an executor's form cannot unset it
        self.assertIn("обращение по 59-ФЗ", self.client.get("/incidents/").content.decode())

    def test_the_list_shows_time_left_without_a_query_per_row(self) -> None:
        self.login(self.moderator)
        actions.create_incident(self.moderator, [self.message()], category=self.category)
        with CaptureQueriesContext(connection) as one:
            self.client.get("/incidents/")
        for _ in range(3):
            actions.create_incident(self.moderator, [self.message()], category=self.category)
        with CaptureQueriesContext(connection) as four:
            page = self.client.get("/incidents/").content.decode()
        self.assertEqual(len(one), len(four))
        self.assertIn("просрочено на", page)
