"""The content plan's publication: `otklik bench plan --n N`, figures as JSON.

In a child process on a throwaway SQLite data directory: N approved posts, each in M channels
(VK, Telegram, OK: the real channel adapters over HTTP to a local stand-in that speaks their
APIs, with the clients' own rate limits), published by `plan.actions.publish_due`, the worker's
PUBLISH task, run in a loop as `otklik worker` runs it (its default batch and idle sleep).

- `single`: N×M channels due now, one worker: the platform calls, and how many were accepted.
- `two_workers_rate_limited`: N×M more, two workers in parallel threads, and the stand-in answers
  the first calls with each platform's rate-limit error (VK 6, Telegram 429, OK 8): every
  (post, channel) must still be accepted exactly once.
- `schedule`: N posts due at moments spread over the next seconds, one worker on its default
  schedule: the delay from each post's due time to its platform call, p50 / p95 / max.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import connection

from otklik.accounts.models import Role, User
from otklik.ops.management.commands.worker import Command as Worker
from otklik.plan import actions
from otklik.plan.models import Post, PostChannel
from otklik.progress import bar
from otklik.sources.actions import save_source_settings
from otklik.sources.localserver import LocalServer, Reply, Request
from otklik.sources.models import Source

KINDS = ("vk", "telegram", "ok")
RATE_LIMITED_CALLS = 6  # the first calls of the second run answered with a rate-limit error
SPREAD_SECONDS = 20.0  # the schedule run: due times spread over this window
CHILD = (
    "import django, json, sys\n"
    "django.setup()\n"
    "from django.core.management import call_command\n"
    "call_command('migrate', interactive=False, verbosity=0)\n"
    "from otklik.ops.bench_plan import measure\n"
    "print(json.dumps(measure(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))))\n"
)


class Platforms(LocalServer):
    """VK wall.post, Telegram sendMessage and OK mediatopic.post; the first `limited` calls
    get the platform's rate-limit answer. Every call is kept with its time."""

    def __init__(self) -> None:
        super().__init__()
        self.limited = 0
        self.calls_at: list[tuple[float, str, str, bool]] = []  # (time, platform, text, accepted)
        self.route("wall.post", lambda r: self._answer("vk", _form(r)["message"]))
        self.route("sendMessage", lambda r: self._answer("telegram", json.loads(r.body)["text"]))
        self.route("post", lambda r: self._answer("ok", _ok_text(_form(r))))

    def _answer(self, kind: str, text: str) -> Reply:
        with self.lock:
            refused = self.limited > 0
            self.limited -= refused
            self.calls_at.append((time.time(), kind, text, not refused))
            number = len(self.calls_at)
        if refused:
            return LIMITS[kind]
        if kind == "vk":
            return Reply(200, {"response": {"post_id": number}})
        if kind == "telegram":
            chat = {"id": -1001, "type": "channel"}
            result = {"message_id": number, "chat": chat, "date": int(time.time()), "text": text}
            return Reply(200, {"ok": True, "result": result})
        return Reply(200, str(number))


LIMITS = {
    "vk": Reply(200, {"error": {"error_code": 6, "error_msg": "Too many requests per second"}}),
    "telegram": Reply(
        429,
        {
            "ok": False,
            "error_code": 429,
            "parameters": {"retry_after": 1},
            "description": "Too Many Requests: retry after 1",
        },
    ),  # fmt: skip
    "ok": Reply(200, {"error_code": 8, "error_msg": "FLOOD_BLOCKED", "error_data": None}),
}


def _form(request: Request) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(request.body.decode()))


def _ok_text(form: dict[str, str]) -> str:
    media = json.loads(form.get("attachment") or "{}").get("media") or [{}]
    return str(media[0].get("text", ""))


def make_sources(url: str, kinds: tuple[str, ...]) -> list[Source]:
    configured = {
        "vk": ({"group_id": 1, "base_url": url + "method/"}, {"token": "g", "user_token": "u"}),
        "telegram": ({"channel_id": -1001, "base_url": url}, {"token": "1:bench"}),
        "ok": (
            {"group_id": "55", "application_key": "K", "base_url": url},
            {"access_token": "t", "secret_key": "s"},
        ),
    }
    return [
        save_source_settings(f"bench-plan-{kind}", kind, *configured[kind])[0] for kind in kinds
    ]


def make_posts(n: int, sources: list[Source], due: list[datetime], tag: str) -> dict[str, Post]:
    """Approved posts, each text ending in its own mark; returns them by mark."""
    user, _ = User.objects.get_or_create(username="bench-press", defaults={"role": Role.MODERATOR})
    posts = {}
    for i in range(n):
        mark = f"#{tag}{i}"
        text = f"Ремонт дорог на улице Курчатова: итоги недели. {mark}"
        post = actions.create_post(user, text=text, publish_at=due[i], sources=sources)
        actions.approve(user, post)
        posts[mark] = post
    return posts


def worker_loop(until: threading.Event, batch: int, sleep: float) -> None:
    """`otklik worker`'s loop, its PUBLISH task only, in this thread."""
    try:
        while not until.is_set():
            if not actions.publish_due(batch):
                until.wait(sleep)
    finally:
        connection.close()


def run_workers(count: int, expected: int, batch: int, sleep: float, limit: float) -> float:
    done, started = threading.Event(), time.perf_counter()
    threads = [
        threading.Thread(target=worker_loop, args=(done, batch, sleep)) for _ in range(count)
    ]
    for thread in threads:
        thread.start()
    deadline = started + limit
    with bar(expected, "Посты по плану") as advance:
        shown = finished = 0
        while time.perf_counter() < deadline and finished < expected:
            time.sleep(0.05)
            finished = _finished()
            advance(finished - shown)
            shown = finished
    done.set()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def _finished() -> int:
    return PostChannel.objects.filter(
        state__in=[PostChannel.State.PUBLISHED, PostChannel.State.FAILED]
    ).count()


def _counts(server: Platforms, marks: set[str]) -> dict[str, Any]:
    calls = [(kind, text.rsplit(" ", 1)[-1], ok) for _, kind, text, ok in server.calls_at]
    ours = [(kind, mark, ok) for kind, mark, ok in calls if mark in marks]
    accepted = Counter((kind, mark) for kind, mark, ok in ours if ok)
    return {
        "platform_calls": len(ours),
        "accepted": sum(accepted.values()),
        "refused_rate_limited": sum(not ok for *_, ok in ours),
        "posted_twice": sum(1 for n in accepted.values() if n > 1),
    }


def _percentiles(delays: list[float]) -> dict[str, float | None]:
    delays = sorted(delays)
    if not delays:
        return {"p50_s": None, "p95_s": None, "max_s": None}
    return {
        "p50_s": round(statistics.median(delays), 2),
        "p95_s": round(delays[int(0.95 * (len(delays) - 1))], 2),
        "max_s": round(delays[-1], 2),
    }


def measure(n: int, m: int = 3, spread: float = SPREAD_SECONDS, seed: int = 7) -> dict[str, Any]:
    """The three runs on the configured database (a throwaway one: see bench_plan)."""
    defaults = Worker().create_parser("otklik", "worker").parse_args([])
    batch, sleep = defaults.batch, defaults.sleep
    kinds = KINDS[: max(1, min(m, len(KINDS)))]
    with Platforms() as server:
        sources = make_sources(server.url, kinds)
        expected, result = 0, {"posts": n, "channels": len(kinds), "expected_calls": n * len(kinds)}
        for name, workers, limited in (
            ("single", 1, 0),
            ("two_workers_rate_limited", 2, RATE_LIMITED_CALLS),
        ):
            now = datetime.now(UTC) - timedelta(seconds=1)
            posts = make_posts(n, sources, [now] * n, name[:3])
            server.limited, expected = limited, expected + n * len(kinds)
            seconds = run_workers(workers, expected, batch, sleep, limit=600)
            result[name] = {"workers": workers, **_counts(server, set(posts)),
                            "seconds": round(seconds, 2)}  # fmt: skip
        rng = random.Random(seed)
        start = datetime.now(UTC) + timedelta(seconds=2)
        due = sorted(start + timedelta(seconds=rng.uniform(0, spread)) for _ in range(n))
        posts = make_posts(n, sources, due, "sch")
        expected += n * len(kinds)
        run_workers(1, expected, batch, sleep, limit=600)
        times = {mark: p.publish_at.timestamp() for mark, p in posts.items()}
        delays = [
            at - times[text.rsplit(" ", 1)[-1]]
            for at, _, text, ok in server.calls_at
            if ok and text.rsplit(" ", 1)[-1] in times
        ]
        result["schedule"] = {
            "worker_batch": batch,
            "worker_idle_sleep_s": sleep,
            "spread_s": spread,
            "calls": len(delays),
            "due_to_call": _percentiles(delays),
        }
    result["database"] = connection.vendor
    return result


def bench_plan(n: int, m: int = 3, spread: float = SPREAD_SECONDS) -> dict[str, Any]:
    """`measure` in a child process on a throwaway data directory."""
    with tempfile.TemporaryDirectory(prefix="otklik-bench-plan-") as tmp:
        env = {k: v for k, v in os.environ.items() if k != "OTKLIK_DATABASE_URL"}
        env.update(OTKLIK_DATA_DIR=str(Path(tmp)), OTKLIK_LOG_LEVEL="ERROR",
                   DJANGO_SETTINGS_MODULE="otklik.settings")  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(n), str(m), str(spread)],
            env=env,
            capture_output=True,
            text=True,
        )
    if done.returncode:
        raise RuntimeError(f"bench plan failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
