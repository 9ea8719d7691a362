"""The inbox and the incident list at scale: `otklik bench inbox --n N` (N incidents, 3N messages).

In a throwaway PostgreSQL database (otklik_bench_<pid>, as `bench_dashboard` makes it), filled
by set-based SQL, a moderator requests through Django's test client each list's first page,
page 100 (the cursor followed 99 times, the 100th request timed) and a text search: p50 / p95.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urljoin

from django.db import connection
from django.test import Client, override_settings

from otklik.accounts.models import Role, User
from otklik.ops.bench import _timed
from otklik.ops.pgcluster import measure_in_scratch_database

WORDS = ["яма", "фонари", "мусор", "отопление", "снег", "автобус", "крыша", "площадка"]

_FILL = [
    "INSERT INTO sources_source (name, kind, title, is_active, is_mayor_page, settings, cursor, "
    "last_error, poll_interval, created_at) "
    "SELECT 'bench-' || g, 'import', 'Источник ' || g, true, false, '{}', '{}', '', 300, now() "
    "FROM generate_series(1, 4) g",
    "INSERT INTO cities_territory (code, name, kind, aliases, description, outline) "
    "SELECT 'bench-t' || g, 'Район ' || g, 'district', '[]', '', '[]' "
    "FROM generate_series(1, 10) g",
]


CHILD = (
    "import django, json, sys\n"
    "django.setup()\n"
    "from django.core.management import call_command\n"
    "call_command('migrate', interactive=False, verbosity=0)\n"
    "from otklik.ops.bench_lists import measure\n"
    "print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]))))\n"
)


_INCIDENTS = """
INSERT INTO incidents_incident (title, address_text, status, resolution, priority, created_at,
    updated_at, final_answer_due, territory_id, is_formal_appeal, is_public, description,
    resonance, no_answer_reason, final_in_working_days, first_reply_in_working_time)
SELECT initcap((%s::text[])[1 + g %% 8]) || ' на улице ' || (g %% 997),
    'ул. Ленина, ' || (g %% 140),
    CASE WHEN g %% 10 = 0 THEN 'in_work' ELSE 'closed' END, '', 'normal',
    now() - make_interval(secs => g * 30), now() - make_interval(secs => g * 30),
    now() - make_interval(secs => g * 30) + interval '10 days',
    (SELECT min(id) FROM cities_territory) + g %% 10, false, false, '', 0, '', true, true
FROM generate_series(1, %s) g
"""
_MESSAGES = """
INSERT INTO inbox_message (source_id, external_id, kind, parent_external_id, text, search_text,
    created_at, received_at, url, attachments, likes, reposts, replies, views, address_text,
    contact, is_deleted, status, territory_id)
SELECT (SELECT min(id) FROM sources_source) + g %% 4, 'm' || g, 'comment', '',
    'Жалоба: ' || (%s::text[])[1 + g %% 8] || ', дом ' || (g %% 140),
    'жалоба: ' || (%s::text[])[1 + g %% 8] || ', дом ' || (g %% 140),
    now() - make_interval(secs => g * 10), now(), '', '[]', 0, 0, 0, 0, '', '', false,
    CASE WHEN g %% 3 = 0 THEN 'new' ELSE 'dismissed' END,
    (SELECT min(id) FROM cities_territory) + g %% 10
FROM generate_series(1, %s) g
"""


def bench_lists(incidents: int, repeat: int) -> dict[str, Any]:
    return measure_in_scratch_database(CHILD, incidents, repeat)


def measure(incidents: int, repeat: int) -> dict[str, Any]:
    started = time.perf_counter()
    fill(incidents, 3 * incidents)
    filled = time.perf_counter() - started
    client = Client()
    user, _ = User.objects.get_or_create(username="bench-mod", defaults={"role": Role.MODERATOR})
    with override_settings(AXES_ENABLED=False):
        client.force_login(user)
    result: dict[str, Any] = {
        "database": connection.vendor,
        "incidents": incidents,
        "messages": 3 * incidents,
        "fill_seconds": round(filled, 1),
    }
    for name, first, search in (
        ("inbox", "/inbox/?status=new", "/inbox/?status=new&q=фонари"),
        ("incidents", "/incidents/?state=open", "/incidents/?state=open&q=фонари"),
    ):
        result[f"{name}_first_page"] = _timed(client, first, repeat)
        result[f"{name}_page_100"] = _timed(client, _page_100(client, first), repeat)
        result[f"{name}_search"] = _timed(client, search, repeat)
    return result


def _page_100(client: Client, url: str) -> str:
    """Follow «Следующая страница» 99 times: the URL of page 100."""
    for _ in range(99):
        html = client.get(url).content.decode()
        link = html.split('rel="next"')[0].rsplit('<a href="', 1)[1].split('"')[0]
        url = urljoin(url, link.replace("&amp;", "&"))
    return url


def fill(incidents: int, messages: int) -> None:
    """Set-based: sources, territories, incidents (a tenth open), messages (a third new)."""
    with connection.cursor() as cursor:
        for sql in _FILL:
            cursor.execute(sql)
        cursor.execute(_INCIDENTS, [WORDS, incidents])
        cursor.execute(_MESSAGES, [WORDS, WORDS, messages])
        cursor.execute("ANALYZE")
