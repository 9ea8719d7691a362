"""Triage in the product: suggestions, auto-routing, corrections, versions and rollback."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from otklik.inbox import actions as inbox_actions
from otklik.incidents import actions as incident_actions
from otklik.incidents.models import Incident
from otklik.suggestions.actions import BOT_USERNAME, activate, triage_pending
from otklik.suggestions.models import Correction, ModelVersion, Suggestion, TriageSettings
from otklik.suggestions.training import (
    history_rows,
    is_held_out,
    merge,
    recency_weight,
    train_version,
)
from otklik.testing.base import BaseTestCase

HEATING = [
    "Нет отопления в квартире, батареи холодные",
    "Батареи ледяные третий день, отопления нет",
    "В доме не топят, в квартире холодно",
    "Холодные радиаторы в подъезде, отопление не работает",
]
ROADS = [
    "На дороге огромная яма, машины бьют колёса",
    "Яма на проезжей части у остановки",
    "Разбитый асфальт и ямы во дворе",
    "Глубокая яма на перекрёстке, не объехать",
]
THANKS = ["Спасибо за новую площадку!", "Благодарю дорожников, отличная работа", "Красота, спасибо"]


def corpus() -> list[dict[str, str]]:
    rows = []
    for n in range(16):
        for texts, category, department in (
            (HEATING, "heating", "dept-a"),
            (ROADS, "roads", "dept-b"),
        ):
            rows.append(
                {
                    "key": f"{category}-{n}",
                    "text": f"{texts[n % 4]} {n}",
                    "category": category,
                    "category_group": "zhkh" if category == "heating" else "roads-group",
                    "department": department,
                    "actionable": "1",
                }
            )
        rows.append({"key": f"thanks-{n}", "text": f"{THANKS[n % 3]} {n}", "actionable": "0"})
    return rows


class SuggestionTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from otklik.cities.models import Category

        group = Category.objects.create(code="roads-group", name="Дороги")
        cls.roads = Category.objects.create(
            code="roads", name="Ямы", parent=group, default_department=cls.dept_b
        )
        cls.version = train_version(corpus(), note="test")
        ModelVersion.objects.filter(pk=cls.version.pk).update(is_active=True)

    def test_version_has_card_and_holdout(self) -> None:
        self.assertIn("category", self.version.card["heads"])
        self.assertGreater(self.version.holdout["examples"], 0)
        self.assertGreater(self.version.trained_on, 20)

    def test_held_out_slice_is_fixed(self) -> None:
        keys = [f"k{n}" for n in range(500)]
        first = [k for k in keys if is_held_out(k)]
        self.assertEqual(first, [k for k in keys if is_held_out(k)])
        self.assertTrue(60 < len(first) < 140)

    def test_merge_prefers_decisions(self) -> None:
        merged = merge(
            [{"key": "a", "text": "t", "category": "x", "sentiment": "negative"}],
            [{"key": "a", "text": "t", "category": "y", "department": ""}],
        )
        self.assertEqual(
            merged, [{"key": "a", "text": "t", "category": "y", "sentiment": "negative"}]
        )

    def test_recent_decisions_weigh_more(self) -> None:
        now = datetime(2026, 11, 27, tzinfo=UTC)
        self.assertEqual(recency_weight(now, now), "1.0000")
        self.assertEqual(recency_weight(now - timedelta(days=365), now), "0.5000")
        self.assertEqual(recency_weight(now - timedelta(days=3650), now), "0.0500")  # a floor
        with self.settings(TRIAGE_HALF_LIFE_DAYS=0):
            self.assertEqual(recency_weight(now - timedelta(days=3650), now), "1")
        old = self.message("Спасибо", created_at=datetime(2024, 11, 1, tzinfo=UTC))
        new = self.message("Спасибо!", created_at=datetime(2026, 11, 20, tzinfo=UTC))
        inbox_actions.dismiss_messages(self.moderator, [old, new])
        weights = {r["key"]: float(r["weight"]) for r in history_rows(now)}
        self.assertLess(weights[old.external_id], 0.3)
        self.assertGreater(weights[new.external_id], weights[old.external_id])

    def test_triage_pending_suggests_once(self) -> None:
        heating = self.message("Батареи холодные, отопления нет уже неделю")
        self.message("Яма на дороге у дома, машины бьют колёса")
        self.assertEqual(triage_pending(), 2)
        self.assertEqual(triage_pending(), 0)
        suggestion = Suggestion.objects.get(message=heating)
        self.assertEqual(suggestion.category, self.category)
        self.assertEqual(suggestion.department, self.dept_a)
        self.assertEqual(suggestion.model_version, self.version)

    def test_same_problem_is_suggested(self) -> None:
        when = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)
        first = self.message("Прорвало трубу на Ленина 5, вода заливает подвал", created_at=when)
        self.message(
            "Прорвало трубу на Ленина 5, вода заливает подвал!",
            created_at=when + timedelta(hours=1),
        )
        triage_pending()
        second = Suggestion.objects.exclude(message=first).get()
        self.assertEqual(second.same_as_id, first.pk)

    def test_auto_route_only_when_turned_on(self) -> None:
        self.message("Нет отопления в квартире, батареи холодные, третий день")
        triage_pending()
        self.assertFalse(Incident.objects.exists())
        TriageSettings.objects.update_or_create(
            pk=1, defaults={"auto_route": True, "min_actionable": 0.5}
        )
        Suggestion.objects.all().delete()
        triage_pending()
        incident = Incident.objects.get()
        self.assertEqual(incident.department, self.dept_a)
        self.assertEqual(incident.events.first().actor.username, BOT_USERNAME)

    def test_moderator_correction_is_stored(self) -> None:
        message = self.message("Нет отопления, батареи холодные")
        triage_pending()
        incident_actions.create_incident(self.moderator, [message], category=self.roads)
        fields = set(Correction.objects.values_list("field", "chosen"))
        self.assertIn(("category", "roads"), fields)
        self.assertIn(("department", "dept-b"), fields)

    def test_accepting_the_suggestion_stores_nothing(self) -> None:
        message = self.message("Нет отопления, батареи холодные")
        triage_pending()
        incident_actions.create_incident(self.moderator, [message], category=self.category)
        self.assertFalse(Correction.objects.filter(field__in=["category", "department"]).exists())

    def test_dismissing_an_actionable_suggestion_is_a_correction(self) -> None:
        message = self.message("Яма на дороге, машины бьют колёса")
        triage_pending()
        inbox_actions.dismiss_messages(self.moderator, [message])
        self.assertTrue(Correction.objects.filter(field="actionable", chosen="0").exists())

    def test_only_admin_switches_versions(self) -> None:
        other = ModelVersion.objects.create(version="old", path="/nonexistent")
        with self.assertRaises(PermissionDenied):
            activate(self.moderator, other)
        activate(self.admin, other)
        self.assertEqual(list(ModelVersion.objects.filter(is_active=True)), [other])
        self.message("Нет отопления")
        self.assertEqual(triage_pending(), 1)  # a missing directory falls back to rules

    def test_versions_page_and_rollback_view(self) -> None:
        self.login(self.moderator)
        page = self.client.get("/triage/models/").content.decode()
        self.assertIn(self.version.version, page)
        self.assertNotIn("Сделать активной", page)
        other = ModelVersion.objects.create(version="older", path="/nonexistent")
        self.assertEqual(self.client.post(f"/triage/models/{other.pk}/activate/").status_code, 403)
        self.login(self.admin)
        self.client.post(f"/triage/models/{other.pk}/activate/")
        other.refresh_from_db()
        self.assertTrue(other.is_active)
        self.client.post("/triage/auto-route/", {"auto_route": "on"})
        self.assertTrue(TriageSettings.current().auto_route)
        self.login(self.executor_a)
        self.assertEqual(self.client.get("/triage/models/").status_code, 403)

    def test_inbox_and_card_show_suggestions(self) -> None:
        message = self.message("Нет отопления в квартире, батареи холодные")
        triage_pending()
        self.login(self.moderator)
        self.assertContains(self.client.get("/inbox/"), "Отопление")
        card = self.client.get(f"/messages/{message.pk}/").content.decode()
        self.assertIn("Подсказка автоматического разбора", card)
        self.assertIn("варианты: Отопление", card)
        self.assertIn(f'<option value="{self.dept_a.pk}" selected>', card)

    def test_retrain_command(self) -> None:
        for n, text in enumerate(HEATING * 6 + ROADS * 6):
            message = self.message(f"{text} {n}")
            category = self.category if text in HEATING else self.roads
            incident_actions.create_incident(self.moderator, [message], category=category)
        out = io.StringIO()
        call_command("retrain", note="тест", stdout=out)
        result = json.loads(out.getvalue())
        self.assertIn("category", result["holdout"])
        self.assertEqual(ModelVersion.objects.count(), 2)
