"""The figures of /open/ on a small fixture: received, resolved, on-time share, medians; for the
city and a territory, by month and by category."""

from __future__ import annotations

from otklik.public import open_page
from otklik.public.open_stats import Figures, collect, month_keys, tally, window_start
from otklik.public.tests.open_fixture import NOW, OpenTestCase


def totals(territory: object = None) -> dict:
    return open_page.summary(tally(collect(territory), lambda f: None).get(None) or Figures())


class WindowTests(OpenTestCase):
    def test_twelve_months_in_the_city_time_zone(self) -> None:
        keys = month_keys()
        self.assertEqual((keys[0], keys[-1], len(keys)), ("2025-12", "2026-11", 12))
        self.assertEqual(window_start(NOW).isoformat(), "2025-12-01T00:00:00+07:00")


class FigureTests(OpenTestCase):
    def test_city_totals(self) -> None:
        self.assertEqual(
            totals(),
            {
                "received": 4,
                "resolved": 2,
                "answered": 3,
                "answered_on_time": 1,
                "on_time_share": 33.3,
                "median_first_reply_hours": 4.0,
                "median_final_answer_days": 3.0,
            },
        )

    def test_territory_totals(self) -> None:
        center = totals(self.territory)
        self.assertEqual((center["received"], center["resolved"], center["answered"]), (3, 1, 2))
        self.assertEqual(center["on_time_share"], 50.0)
        self.assertEqual(center["median_first_reply_hours"], 3.0)
        self.assertEqual(center["median_final_answer_days"], 11.0)
        samus = totals(self.territory_b)
        self.assertEqual((samus["received"], samus["resolved"], samus["on_time_share"]), (1, 1, 0))
        self.assertEqual(samus["median_final_answer_days"], 1.0)

    def test_by_month(self) -> None:
        months = {m["key"]: m for m in open_page.build_page(None)["months"]}
        self.assertEqual(len(months), 12)
        november, october = months["2026-11"], months["2026-10"]
        self.assertEqual((november["received"], november["resolved"]), (3, 2))
        self.assertEqual((november["answered"], november["on_time_share"]), (2, 50.0))
        self.assertEqual(november["median_first_reply_hours"], 4.0)
        self.assertEqual(november["median_final_answer_days"], 2.0)
        self.assertEqual((october["received"], october["answered"]), (1, 1))
        self.assertEqual((october["on_time_share"], october["median_final_answer_days"]), (0, 19))
        self.assertEqual(months["2026-01"]["received"], 0)
        self.assertIsNone(months["2026-01"]["on_time_share"])
        self.assertEqual(months["2026-11"]["label"], "ноя 2026")

    def test_by_category_group(self) -> None:
        rows = {c["name"]: c for c in open_page.build_page(None)["categories"]}
        self.assertEqual(set(rows), {"ЖКХ", "Дороги", "Без категории"})
        self.assertEqual((rows["ЖКХ"]["received"], rows["ЖКХ"]["answered"]), (2, 2))
        self.assertEqual((rows["Дороги"]["received"], rows["Дороги"]["resolved"]), (1, 1))
        self.assertEqual(rows["Без категории"]["received"], 1)
