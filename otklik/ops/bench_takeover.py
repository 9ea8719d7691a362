"""Lease takeover after `kill -9`: `otklik bench takeover`, figures as JSON.

On a throwaway SQLite data directory: N pending payloads (the generic import format), worker A
(`otklik worker`) claims a batch and is killed with SIGKILL while it holds claims; worker B is
started at once. Measured from the kill: when B has taken over every payload A held (their
lease ran out, OTKLIK_CLAIM_LEASE_SECONDS), and when they are all processed. Before leases,
such payloads stayed «processing» for exactly 10 minutes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

from otklik.progress import bar

SEED = """
import django, sys
django.setup()
from otklik.sources.actions import get_or_create_source, record_rows
source = get_or_create_source("bench-import", "import")
n = int(sys.argv[1])
rows = [(f"b{i}", {"external_id": f"b{i}", "author": f"Житель {i % 97}",
         "text": f"Не горят фонари во дворе, ул. Ленина {i % 140 + 1}. #{i}",
         "created_at": "2026-11-20T10:00:00+07:00"}) for i in range(n)]
for start in range(0, n, 1000):
    record_rows(source, rows[start:start + 1000])
"""


def _env(data_dir: Path, lease: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "OTKLIK_DATABASE_URL"}
    env.update(
        OTKLIK_DATA_DIR=str(data_dir),
        OTKLIK_CLAIM_LEASE_SECONDS=str(lease),
        OTKLIK_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="otklik.settings",
    )
    return env


def _run(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args[:3])} failed: {done.stderr.decode()[-2000:]}")


def _worker(env: dict[str, str], batch: int, sleep: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "otklik", "worker", "--batch", str(batch), "--sleep", str(sleep)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _counts(db: sqlite3.Connection) -> dict[str, int]:
    rows = db.execute("SELECT status, COUNT(*) FROM sources_inboundpayload GROUP BY status")
    return dict(rows.fetchall())


def _take_over(
    db: sqlite3.Connection,
    marks: str,
    owner: str,
    killed: float,
    deadline: float,
    advance: Callable[[int], None],
) -> tuple[float | None, float | None]:
    """Seconds from the kill until worker B finished the held rows, and until it had claimed
    them all (None: not by the deadline); `advance` counts the rows finished."""
    taken = finished = None
    shown = 0
    while time.monotonic() < deadline and finished is None:
        left = db.execute(
            f"SELECT COUNT(*), SUM(claimed_by = ?) FROM sources_inboundpayload "  # noqa: S608
            f"WHERE id IN ({marks}) AND status = 'processing'",
            (owner,),
        ).fetchone()
        now = time.monotonic()
        done = marks.count(",") + 1 - left[0]
        advance(done - shown)
        shown = done
        if taken is None and not left[1]:
            taken = now - killed
        if not left[0]:
            finished = now - killed
        time.sleep(0.05)
    return finished, taken


def bench_takeover(n: int = 2000, lease: int | None = None, batch: int = 200) -> dict[str, Any]:
    lease = lease or settings.CLAIM_LEASE_SECONDS
    with tempfile.TemporaryDirectory(prefix="otklik-bench-") as tmp:
        data_dir = Path(tmp)
        env = _env(data_dir, lease)
        _run(env, "-m", "otklik", "migrate", "--verbosity=0")
        _run(env, "-c", SEED, str(n))
        db = sqlite3.connect(data_dir / "otklik.sqlite3", timeout=30)
        first = _worker(env, batch, 0.5)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:  # kill it mid-batch: some done, some held
                counts = _counts(db)
                if counts.get("processing") and (counts.get("done") or counts.get("skipped")):
                    break
                time.sleep(0.005)
            else:
                raise RuntimeError("worker A never held a claim")
            os.kill(first.pid, signal.SIGKILL)
            killed = time.monotonic()
        finally:
            first.kill()
            first.wait()
        held = [
            row[0]
            for row in db.execute(
                "SELECT id FROM sources_inboundpayload WHERE status = 'processing'"
            )
        ]
        owner = db.execute(
            "SELECT claimed_by FROM sources_inboundpayload WHERE status = 'processing' LIMIT 1"
        ).fetchone()[0]
        marks = ",".join(str(pk) for pk in held)
        second = _worker(env, batch, 1.0)
        try:
            deadline = killed + lease + 120
            with bar(len(held), "Захваченные записи") as advance:
                finished, taken = _take_over(db, marks, owner, killed, deadline, advance)
            counts = _counts(db)
        finally:
            second.terminate()
            second.wait(timeout=60)
            db.close()
    return {
        "database": "sqlite (WAL)",
        "payloads": n,
        "batch": batch,
        "lease_seconds": lease,
        "held_by_killed_worker": len(held),
        "seconds_to_take_over": round(taken, 1) if taken is not None else None,
        "seconds_to_process_them": round(finished, 1) if finished is not None else None,
        "before_leases_seconds": 600,
        "statuses_after": counts,
        "load_average_1m": round(os.getloadavg()[0], 1),
    }
