"""No personal data anywhere on /open/: every page and file is scanned for every value planted in
the residents' messages, authors, incidents, answers, questions and instructions."""

from __future__ import annotations

import json

from otklik.public.tests.open_fixture import PLANTED, OpenTestCase


class PrivacyTests(OpenTestCase):
    def test_no_planted_value_on_any_page_or_file(self) -> None:
        urls = ["/open/", "/open/t-center/", "/open/t-samus/", "/open/data.json", "/open/data.csv"]
        for url in urls:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            body = response.content.decode("utf-8-sig")
            if url.endswith(".json"):
                body = json.dumps(json.loads(body), ensure_ascii=False)
            lowered = body.lower()
            for value in PLANTED:
                self.assertNotIn(value.lower(), lowered, f"{value!r} on {url}")

    def test_the_masked_texts_are_still_shown(self) -> None:
        page = self.client.get("/open/").content.decode()
        self.assertIn("[имя скрыто]", page)
        self.assertIn("[телефон скрыт]", page)
        self.assertIn("[ссылка скрыта]", page)
        self.assertIn("[e-mail скрыт]", page)
