"""RSS 2.0 and Atom parsing, the XML bomb guard and the keyword filter: tables, no network."""

from __future__ import annotations

from django.test import SimpleTestCase

from otklik.sources.feeds.parser import (
    DEFAULT_KEYWORDS,
    FeedError,
    FeedItem,
    mentions,
    parse_feed,
)
from otklik.sources.feeds.tests.helpers import fixture


class ParseTest(SimpleTestCase):
    def test_rss(self) -> None:
        items = parse_feed(fixture("rss_novosti.xml"))
        self.assertEqual([i.id for i in items], ["news-184221", "news-184220",
                         "https://news.example.ru/2026/11/25/samus-doroga"])  # fmt: skip
        first = items[0]
        self.assertEqual(first.published, "2026-11-26T02:10:00+00:00")
        self.assertEqual(first.text, "Жители домов 42–48 остались без горячей воды.\n"
                         "Аварийная служба работает на месте.")  # fmt: skip
        self.assertEqual((first.author, first.feed_title), ("Анна Иванова", "Томские новости"))

    def test_atom(self) -> None:
        items = parse_feed(fixture("atom_gazeta.xml"))
        self.assertEqual(items[0].id, "tag:gazeta.example.ru,2026:news/7781")
        self.assertEqual(items[0].link, "https://gazeta.example.ru/news/7781")
        self.assertEqual(items[0].text, "Коммунальные службы вышли на уборку улиц.")
        self.assertEqual(items[1].published, "2026-11-25T03:00:00+00:00")  # from <updated>

    def test_refused_documents(self) -> None:
        cases = [
            (fixture("billion_laughs.xml"), "DOCTYPE"),
            (b'<!ENTITY x SYSTEM "file:///etc/passwd"><rss/>', "DOCTYPE и ENTITY"),
            (fixture("malformed.xml"), "испорченный XML"),
            (b"<html><body>502</body></html>", "ни RSS 2.0, ни Atom"),
            (b"", "испорченный XML"),
        ]
        for data, message in cases:
            with self.subTest(data=data[:30]), self.assertRaisesRegex(FeedError, message):
                parse_feed(data)

    def test_rss_1_0_is_read_too(self) -> None:
        rdf = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://x.ru/">'
               "<title>X</title></channel><item rdf:about=\"https://x.ru/1\">"
               "<title>Северск</title><link>https://x.ru/1</link></item></rdf:RDF>")  # fmt: skip
        items = parse_feed(rdf.encode())
        self.assertEqual([(i.id, i.title, i.feed_title) for i in items],
                         [("https://x.ru/1", "Северск", "X")])  # fmt: skip

    def test_keywords(self) -> None:
        cases = [
            ("В Северске прорвало трубу", DEFAULT_KEYWORDS, True),
            ("СЕВЕРСКИЙ район", DEFAULT_KEYWORDS, True),
            ("Дорога на Самусь", DEFAULT_KEYWORDS, True),
            ("Семиозёрки: новый фонарь", DEFAULT_KEYWORDS, True),
            ("В Томске открыли сквер", DEFAULT_KEYWORDS, False),
            ("В Томске открыли сквер", ["томск"], True),
            ("Что угодно", [], True),
        ]
        for title, keywords, expected in cases:
            item = FeedItem(id="1", title=title, link="", text="", published="")
            with self.subTest(title=title):
                self.assertEqual(mentions(item, keywords), expected)
