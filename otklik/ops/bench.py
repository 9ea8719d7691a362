"""Benchmarks that print their figures as JSON: import throughput, inbox page time."""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client

from otklik.accounts.models import Role, User
from otklik.cities.models import Territory
from otklik.inbox.models import Message
from otklik.sources.actions import get_or_create_source
from otklik.sources.importer import import_file
from otklik.sources.models import Source

PHRASES = [
    "Нет отопления в квартире, батареи холодные",
    "На дороге огромная яма, машины бьют колёса",
    "Не вывозят мусор уже неделю, контейнеры переполнены",
    "Не горят фонари во дворе, темно и страшно",
    "Во дворе не убран снег, не пройти с коляской",
    "Автобус не пришёл по расписанию, ждали час",
    "Течёт крыша, в подъезде лужи",
    "Спасибо за новую детскую площадку!",
]
STREETS = ["Коммунистический пр-т", "ул. Курчатова", "ул. Ленина", "ул. Калинина", "ул. Победы"]


def synthetic_rows(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    territories = list(Territory.objects.values_list("code", flat=True)[:20]) or [""]
    return [
        {
            "external_id": f"bench-{i}",
            "text": f"{rng.choice(PHRASES)}, {rng.choice(STREETS)} {rng.randint(1, 140)}. #{i}",
            "author": f"Житель {rng.randint(1, n // 3 + 1)}",
            "created_at": (start + timedelta(minutes=5 * i)).isoformat(),
            "thread": f"post-{i // 40}",
            "territory": rng.choice(territories),
            "likes": rng.randint(0, 30),
        }
        for i in range(n)
    ]


def bench_import(n: int) -> dict[str, Any]:
    rows = synthetic_rows(n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        path.write_text(
            "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
        )
        source = get_or_create_source(f"bench-{int(time.time())}", Source.Kind.IMPORT)
        started = time.perf_counter()
        report = import_file(source, path)
        elapsed = time.perf_counter() - started
        again = time.perf_counter()
        replay = import_file(source, path)
        replay_elapsed = time.perf_counter() - again
    return {
        "database": connection.vendor,
        "rows": n,
        "new": report.new,
        "seconds": round(elapsed, 2),
        "rows_per_second": round(n / elapsed),
        "replay_duplicates": replay.duplicate,
        "replay_rows_per_second": round(n / replay_elapsed),
    }


def _timed(client: Client, url: str, repeat: int) -> dict[str, float]:
    client.get(url)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    samples.sort()
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[int(0.95 * (len(samples) - 1))], 1),
    }


def bench_inbox(repeat: int) -> dict[str, Any]:
    user, _ = User.objects.get_or_create(
        username="bench-moderator", defaults={"role": Role.MODERATOR}
    )
    client = Client()
    client.force_login(user)
    territory = Territory.objects.order_by("id").first()
    urls = {
        "first_page": "/inbox/?status=",
        "page_100": "/inbox/?status=&page=100",
        "search": "/inbox/?status=&q=" + "фонари",
    }
    if territory:
        urls["territory"] = f"/inbox/?status=&territory={territory.pk}"
    return {
        "database": connection.vendor,
        "messages": Message.objects.count(),
        **{name: _timed(client, url, repeat) for name, url in urls.items()},
    }
