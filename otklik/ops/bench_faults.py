"""Scripted faults: kill -9, a database restart, platform errors, a replayed day.

`otklik bench faults [--scenario all|kill-worker|kill-web|db-restart|platform-errors|replay-day]
[--n N] [--duration S]`. Everything runs on a PRIVATE PostgreSQL cluster (initdb + pg_ctl in a
temporary directory, `pgcluster.PrivateCluster`), never the machine's shared server: one
scenario restarts it. One database is prepared once (`pipeline_stack.prepare`, the demo's first
model); each scenario has its own source, its own web server and workers, and delivers N events
over S seconds with the fault in the middle:

- kill-worker: two workers; kill -9 of the one holding claimed payloads, mid-batch; the other
  takes them over when their lease ends (OTKLIK_CLAIM_LEASE_SECONDS, 5 s here).
- kill-web: kill -9 of a gunicorn worker process mid-burst; the platform sends again what was
  not answered `ok` (as VK does), gunicorn starts a new process.
- db-restart: `pg_ctl restart -m immediate` mid-burst: every connection is cut, as in a crash.
- platform-errors: two workers poll a stand-in Telegram (`flaky_telegram`) that answers 429,
  502, 500 and once not at all (a timeout) while new updates keep arriving.
- replay-day: the platform delivers a whole day again (every event a duplicate): 0 new rows.

Each prints lost / doubled / recovery seconds (from the fault until every event has its
suggestion); `ok` is false, and the command exits non-zero, if anything is lost or doubled.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
from django.core.management.base import CommandError

from otklik.ops.flaky_telegram import FlakyTelegram
from otklik.ops.pgcluster import PrivateCluster, free_port, missing_reason
from otklik.ops.pipeline_stack import (
    Delivery,
    Platform,
    Stack,
    callback,
    child_env,
    manage,
    prepare,
    tally,
    wait_suggested,
)

SCENARIOS = ("kill-worker", "kill-web", "db-restart", "platform-errors", "replay-day")
WEBHOOK_SCENARIOS = ("kill-worker", "kill-web", "db-restart", "replay-day")
LEASE_SECONDS = 5
WARM_UP = 5
DRAIN_SECONDS = 90.0


def bench_faults(options: dict[str, Any]) -> dict[str, Any]:
    chosen = options.get("scenario") or "all"
    names = SCENARIOS if chosen == "all" else (chosen,)
    if any(name not in SCENARIOS for name in names):
        raise CommandError(f"Неизвестный сбой {chosen!r}: all, {', '.join(SCENARIOS)}")
    reason = missing_reason()
    if reason:
        raise CommandError(f"Сбои не разыграть: {reason}")
    n = options.get("n") or 200
    duration = float(options.get("duration") or 10.0)
    started = time.monotonic()
    with PrivateCluster() as cluster, tempfile.TemporaryDirectory(prefix="otklik-bench-") as tmp:
        database_url = f"{cluster.server}/postgres"
        env = child_env(database_url, Path(tmp), OTKLIK_CLAIM_LEASE_SECONDS=str(LEASE_SECONDS))
        prepare(env, [f"fault-{name}" for name in names if name in WEBHOOK_SCENARIOS])
        prepared = time.monotonic() - started
        results = {}
        for name in names:
            run = Run(name, env, database_url, cluster, n, duration)
            results[name] = RUNNERS[name](run)
    ok = all(r["lost"] == 0 and r["doubled"] == 0 for r in results.values())
    return {
        "database": "postgresql (private cluster, restarted in db-restart)",
        "events_per_scenario": n,
        "duration_seconds": duration,
        "lease_seconds": LEASE_SECONDS,
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 1),
        "prepare_seconds": round(prepared, 1),
        "total_seconds": round(time.monotonic() - started, 1),
        "ok": ok,
        **results,
    }


class Run:
    """One scenario: its source, events, stack, and the burst with a fault in the middle."""

    def __init__(self, name: str, env: dict[str, str], database_url: str,
                 cluster: PrivateCluster, n: int, duration: float) -> None:  # fmt: skip
        self.name, self.env, self.database_url, self.cluster = name, env, database_url, cluster
        self.source = f"fault-{name}"
        self.n, self.duration = n, duration
        self.events = [callback(name.replace("-", "")[:8], i) for i in range(n)]

    def warm(self, stack: Stack, platform: Platform) -> None:
        """Workers up, the model loaded: a few events suggested before the burst."""
        warm = [callback("w" + self.name[:6], i) for i in range(WARM_UP)]
        platform.deliver(warm, rate=20)
        if wait_suggested(self.database_url, self.source, WARM_UP, DRAIN_SECONDS) is None:
            raise RuntimeError(
                f"{self.name}: обработчики не разобрали разогрев\n{stack.log_tail()}"
            )

    def burst(self, stack: Stack, fault: Callable[[], bool]) -> dict[str, Any]:
        """Deliver the events over `duration` s; `fault` at mid-burst; wait for every suggestion."""
        platform = Platform(stack.port, self.source)
        self.warm(stack, platform)
        delivered: list[Delivery] = []
        sender = threading.Thread(
            target=lambda: delivered.append(platform.deliver(self.events, self.n / self.duration))
        )
        sender.start()
        time.sleep(self.duration / 2)
        mid_batch = fault()
        at = time.monotonic()
        sender.join()
        drained = wait_suggested(self.database_url, self.source, WARM_UP + self.n, DRAIN_SECONDS)
        recovery = time.monotonic() - at if drained is not None else None
        delivery = delivered[0]
        late = [t - at for t in delivery.failures if t >= at]
        figures = tally(self.database_url, self.source, [e for e, _ in self.events])
        return {
            "lost": figures["lost"],
            "doubled": figures["doubled"],
            "recovery_seconds": round(recovery, 1) if recovery is not None else None,
            "fault_hit_mid_batch": mid_batch,
            "platform_attempts": delivery.attempts,
            "platform_failed_answers": len(delivery.failures),
            "failed_answers_for_seconds": round(max(late), 1) if late else 0.0,
            "lost_detail": figures["lost_detail"],
            "p95_seconds": figures["p95_seconds"],
        }


def claimed_by(database_url: str, pid: int, source: str) -> bool:
    query = (
        "SELECT 1 FROM sources_inboundpayload p JOIN sources_source s ON s.id = p.source_id"
        " WHERE s.name = %s AND p.status = 'processing' AND p.claimed_by LIKE %s LIMIT 1"
    )
    with psycopg.connect(database_url) as db:
        return db.execute(query, (source, f"%:{pid}:%")).fetchone() is not None


def kill_worker(run: Run) -> dict[str, Any]:
    with Stack(run.env) as stack:
        stack.serve(free_port())
        stack.start_workers(2)

        def fault() -> bool:
            deadline = time.monotonic() + run.duration / 2
            while time.monotonic() < deadline:  # wait until worker 0 holds claims
                if claimed_by(run.database_url, stack.workers[0].pid, run.source):
                    stack.kill_worker(0)
                    return True
                time.sleep(0.01)
            stack.kill_worker(0)
            return False

        return run.burst(stack, fault)


def kill_web(run: Run) -> dict[str, Any]:
    with Stack(run.env) as stack:
        stack.serve(free_port())
        stack.start_workers(1)

        def fault() -> bool:
            os.kill(stack.web_processes()[0], 9)
            return True

        return run.burst(stack, fault)


def db_restart(run: Run) -> dict[str, Any]:
    with Stack(run.env) as stack:
        stack.serve(free_port())
        stack.start_workers(2)

        def fault() -> bool:
            run.cluster.restart("immediate")
            return True

        return run.burst(stack, fault)


def replay_day(run: Run) -> dict[str, Any]:
    """The day's events delivered and processed, then all of them delivered again."""
    with Stack(run.env) as stack:
        stack.serve(free_port())
        stack.start_workers(1)
        first = run.burst(stack, lambda: False)
        before = counts(run.database_url, run.source)
        started = time.monotonic()
        replay = Platform(stack.port, run.source).deliver(run.events, rate=10 * run.n)
        time.sleep(3 * 2.0)  # a few worker passes (its idle sleep is 2 s)
        after = counts(run.database_url, run.source)
        figures = tally(run.database_url, run.source, [e for e, _ in run.events])
    new = {key: after[key] - before[key] for key in after}
    return {
        "lost": first["lost"] + figures["lost"],
        "doubled": figures["doubled"] + sum(new.values()),
        "recovery_seconds": round(time.monotonic() - started, 1),
        "replayed": len(run.events),
        "replay_acked": len(replay.acked),
        "replay_seconds": round(replay.seconds, 2),
        "new_after_replay": new,
    }


def counts(database_url: str, source: str) -> dict[str, int]:
    query = """
    SELECT (SELECT COUNT(*) FROM sources_inboundpayload p WHERE p.source_id = s.id),
           (SELECT COUNT(*) FROM inbox_message m WHERE m.source_id = s.id),
           (SELECT COUNT(*) FROM suggestions_suggestion g
              JOIN inbox_message m ON m.id = g.message_id WHERE m.source_id = s.id)
    FROM sources_source s WHERE s.name = %s
    """
    with psycopg.connect(database_url) as db:
        row = db.execute(query, (source,)).fetchone() or (0, 0, 0)
    return {"payloads": row[0], "messages": row[1], "suggestions": row[2]}


def platform_errors(run: Run) -> dict[str, Any]:
    """Updates arrive over `duration` s while the platform refuses, fails and stalls."""
    with FlakyTelegram() as telegram, Stack(run.env) as stack:
        manage(run.env, "source", "add", "telegram", "--name", run.source, "--token", "1:bench",
               "--base-url", telegram.url, "--poll-interval", "1")  # fmt: skip
        stack.start_workers(2)
        sent: list[str] = []
        step = max(1, run.n // 10)
        started = time.monotonic()
        while len(sent) < run.n:
            sent += telegram.add(min(step, run.n - len(sent)))
            time.sleep(run.duration / 10)
        drained = wait_suggested(run.database_url, run.source, run.n, DRAIN_SECONDS)
        figures = tally(run.database_url, run.source, sent)
        return {
            "lost": figures["lost"],
            "doubled": figures["doubled"],
            "recovery_seconds": round(time.monotonic() - started - run.duration, 1)
            if drained is not None
            else None,
            "platform_calls": telegram.calls,
            "platform_refused": telegram.refused,
            "lost_detail": figures["lost_detail"],
        }


RUNNERS: dict[str, Callable[[Run], dict[str, Any]]] = {
    "kill-worker": kill_worker,
    "kill-web": kill_web,
    "db-restart": db_restart,
    "platform-errors": platform_errors,
    "replay-day": replay_day,
}
