"""`otklik bench dashboard` at a tiny size, on the test database; no timings asserted."""

from __future__ import annotations

from unittest import mock

from otklik.ops.bench_dashboard import measure
from otklik.testing.base import BaseTestCase


class BenchDashboardTest(BaseTestCase):
    def test_tiny_run(self) -> None:
        with mock.patch("otklik.ops.bench_dashboard.DAYS", 30):
            figures = measure(incidents=50, messages=80, repeat=2)
        self.assertEqual((figures["incidents"], figures["messages"]), (50, 80))
        self.assertIn("p95_ms", figures["page_28_days"])
        self.assertIn("p50_ms", figures["json_28_days"])
        for name in ("json_year_by_week", "map_28_days", "map_year"):
            self.assertIn("p95_ms", figures[name], name)
        self.assertGreaterEqual(figures["report_year_pdf_seconds"], 0)
