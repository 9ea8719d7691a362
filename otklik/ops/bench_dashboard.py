"""The analytics dashboard: `otklik bench dashboard --incidents N --messages M`, JSON figures.

In a throwaway PostgreSQL database (otklik_bench_<pid> on OTKLIK_TEST_DATABASE_URL's server,
postgres://postgres@127.0.0.1:5432/ by default), created and dropped here: N incidents and M
messages (set-based on PostgreSQL, otklik.ops.bench_fill), the rollups built by `otklik analytics
rebuild`, then the dashboard page and its JSON, for 28 days and a year by week, and the map (its
cache off) timed through Django's test client (p50 / p95), and the year's PDF report built once.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection
from django.test import Client, override_settings

from otklik.accounts.models import Role, User
from otklik.cities.models import Category, Department, Territory
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status
from otklik.ops import bench_fill
from otklik.ops.bench import _timed
from otklik.ops.pgcluster import measure_in_scratch_database
from otklik.sources.models import Source

CHUNK = 10_000
DAYS = 365
CHILD = (
    "import django, json, sys\n"
    "django.setup()\n"
    "from django.core.management import call_command\n"
    "call_command('migrate', interactive=False, verbosity=0)\n"
    "from otklik.ops.bench_dashboard import measure\n"
    "print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))))\n"
)


def bench_dashboard(incidents: int, messages: int, repeat: int = 20) -> dict[str, Any]:
    return measure_in_scratch_database(CHILD, incidents, messages, repeat)


def measure(incidents: int, messages: int, repeat: int) -> dict[str, Any]:
    from otklik.analytics.actions.rollups import rebuild

    started = time.perf_counter()
    fill(incidents, messages)
    filled = time.perf_counter() - started
    started = time.perf_counter()
    rebuild()
    built = time.perf_counter() - started
    client = Client()
    user, _ = User.objects.get_or_create(username="bench-analyst", defaults={"role": Role.ANALYST})
    with override_settings(AXES_ENABLED=False):  # no sign-in record: there is no address
        client.force_login(user)
    last = Incident.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    end = (last or datetime.now(UTC)).date()
    query = f"?date_from={end - timedelta(days=27)}&date_to={end}"
    year = f"?date_from={end - timedelta(days=364)}&date_to={end}&group=week"
    map_year = f"?date_from={end - timedelta(days=364)}&date_to={end}"
    return {
        "database": connection.vendor,
        "incidents": incidents,
        "messages": messages,
        "fill_seconds": round(filled, 1),
        "rebuild_seconds": round(built, 1),
        "page_28_days": _timed(client, "/analytics/" + query, repeat),
        "json_28_days": _timed(client, "/analytics/data.json" + query, repeat),
        "page_year_by_week": _timed(client, "/analytics/" + year, max(3, repeat // 4)),
        "json_year_by_week": _timed(client, "/analytics/data.json" + year, max(3, repeat // 4)),
        "map_28_days": _timed_cold(client, "/analytics/map/" + query, repeat),
        "map_year": _timed_cold(client, "/analytics/map/" + map_year, max(3, repeat // 4)),
        "report_year_pdf_seconds": _report_seconds(end.year),
    }


def _timed_cold(client: Client, url: str, repeat: int) -> dict[str, float]:
    """The map caches its figures for a while: each request here finds the cache empty."""
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ):
        return _timed(client, url, repeat)


def _report_seconds(year: int) -> float:
    """`otklik report --period <year> --format pdf`: the figures, the charts, the file."""
    from otklik.analytics.report_period import parse_period
    from otklik.analytics.reports.build import build_report

    started = time.perf_counter()
    build_report(parse_period(str(year)), "pdf")
    return round(time.perf_counter() - started, 1)


def _reference() -> tuple[list[Category], list[Department], list[Territory], list[Source]]:
    departments = [
        Department.objects.create(code=f"bench-d{i}", name=f"Управление {i}") for i in range(15)
    ]
    territories = [
        Territory.objects.create(code=f"bench-t{i}", name=f"Район {i}") for i in range(10)
    ]
    categories = [
        Category.objects.create(
            code=f"bench-c{i}", name=f"Тема {i}", default_department=departments[i % 15]
        )
        for i in range(40)
    ]
    kinds = (Source.Kind.VK, Source.Kind.TELEGRAM, Source.Kind.OK, Source.Kind.FEED)
    sources = [
        Source.objects.create(name=f"bench-{kind}", kind=kind, title=str(kind)) for kind in kinds
    ]
    return categories, departments, territories, sources


def fill(incidents: int, messages: int, seed: int = 11) -> None:
    """Set-based on PostgreSQL (otklik.ops.bench_fill), by bulk_create elsewhere (SQLite)."""
    rng = random.Random(seed)
    categories, _, territories, sources = _reference()
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=DAYS)
    if connection.vendor == "postgresql":
        bench_fill.fill_incidents(incidents, start, DAYS * 86_400, categories, territories)
        bench_fill.fill_messages(messages, start, DAYS * 86_400, sources, territories)
        return
    for low in range(0, incidents, CHUNK):
        Incident.objects.bulk_create(
            _incident(rng, start, categories, territories)
            for _ in range(low, min(incidents, low + CHUNK))
        )
    for low in range(0, messages, CHUNK):
        Message.objects.bulk_create(
            _message(rng, start, i, sources, territories)
            for i in range(low, min(messages, low + CHUNK))
        )


def _incident(rng: random.Random, start: datetime, categories: list, territories: list) -> Incident:
    created = start + timedelta(seconds=rng.randint(0, DAYS * 86_400))
    category = rng.choice(categories)
    closed = created + timedelta(hours=rng.expovariate(1 / 100))
    done = closed < datetime.now(UTC) and rng.random() < 0.9
    return Incident(
        title="Яма на дороге",
        category=category,
        department_id=category.default_department_id,
        territory=rng.choice(territories),
        created_at=created,
        updated_at=created,
        first_reply_due=created + timedelta(hours=8),
        final_answer_due=created + timedelta(days=10),
        first_replied_at=created + timedelta(minutes=rng.expovariate(1 / 300)),
        status=Status.CLOSED if done else Status.IN_WORK,
        resolution=Resolution.RESOLVED if done else "",
        closed_at=closed if done else None,
        reopened_at=created + timedelta(hours=1) if rng.random() < 0.03 else None,
    )


def _message(
    rng: random.Random, start: datetime, i: int, sources: list, territories: list
) -> Message:
    text = "Не вывозят мусор уже неделю"
    return Message(
        source=rng.choice(sources),
        external_id=f"bench-{i}",
        text=text,
        search_text=text.lower(),
        created_at=start + timedelta(seconds=rng.randint(0, DAYS * 86_400)),
        territory=rng.choice(territories),
    )
