"""Open data: /open/data.json and /open/data.csv, the same figures per territory, category and
month, under CC BY 4.0 with the city as the source."""

from __future__ import annotations

import csv
import io
import json

from django.conf import settings

from otklik.public.tests.open_fixture import OpenTestCase

FIELDS = [
    "territory",
    "territory_name",
    "category",
    "category_name",
    "month",
    "received",
    "resolved",
    "answered",
    "answered_on_time",
    "on_time_share",
    "median_first_reply_hours",
    "median_final_answer_days",
]


class JsonTests(OpenTestCase):
    def test_shape_licence_and_figures(self) -> None:
        response = self.client.get("/open/data.json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("max-age=300", response["Cache-Control"])
        data = json.loads(response.content)
        self.assertEqual(data["licence"]["name"], "CC BY 4.0")
        self.assertIn("creativecommons.org/licenses/by/4.0", data["licence"]["url"])
        self.assertIn(settings.CITY.name, data["source"])
        self.assertEqual(data["period"], {"from": "2025-12", "to": "2026-11"})
        self.assertEqual(data["fields"], FIELDS)
        self.assertEqual(set(data["definitions"]), set(FIELDS[5:]))
        for row in data["rows"]:
            self.assertEqual(list(row), FIELDS)
        self.assertEqual(sum(r["received"] for r in data["rows"]), 4)
        self.assertEqual(sum(r["resolved"] for r in data["rows"]), 2)
        samus = [r for r in data["rows"] if r["territory"] == "t-samus"]
        self.assertEqual(len(samus), 1)
        self.assertEqual(samus[0]["category"], "roads")
        self.assertEqual(samus[0]["month"], "2026-11")
        self.assertEqual(samus[0]["on_time_share"], 0)
        heating = [r for r in data["rows"] if r["category"] == "zhkh" and r["month"] == "2026-11"]
        self.assertEqual(heating[0]["median_first_reply_hours"], 2.0)
        self.assertEqual(heating[0]["median_final_answer_days"], 3.0)
        nowhere = [r for r in data["rows"] if r["category"] == ""]
        self.assertEqual(nowhere[0]["category_name"], "Без категории")


class CsvTests(OpenTestCase):
    def test_download_with_licence_in_every_row(self) -> None:
        response = self.client.get("/open/data.csv")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(
            response["Content-Disposition"], 'attachment; filename="otklik-open-data.csv"'
        )
        text = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        self.assertEqual(list(rows[0]), [*FIELDS, "source", "licence"])
        json_rows = json.loads(self.client.get("/open/data.json").content)["rows"]
        self.assertEqual(len(rows), len(json_rows))
        self.assertEqual(sum(int(r["received"]) for r in rows), 4)
        for row in rows:
            self.assertTrue(row["licence"].startswith("CC BY 4.0 https://"))
            self.assertIn(settings.CITY.name, row["source"])
