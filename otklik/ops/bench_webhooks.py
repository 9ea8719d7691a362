"""Webhook and backfill throughput: `otklik bench webhooks|backfill`, figures as JSON.

`webhooks` starts the production server (gunicorn, as `otklik serve` runs it) in a child process
on a free loopback port, against a throwaway SQLite data directory, and fires N signed VK
`wall_reply_new` callbacks from C client threads; then replays the same N (all duplicates).
`backfill` serves N comments from a local fake VK API and times `VkAdapter.backfill`.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

from otklik.progress import bar

SECRET = "bench-secret"
GROUP_ID = 1
SOURCE = "bench-vk"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def callback_body(i: int) -> bytes:
    event = {
        "type": "wall_reply_new",
        "event_id": f"bench{i:08d}",
        "v": "5.199",
        "group_id": GROUP_ID,
        "secret": SECRET,
        "object": {
            "id": 1000 + i,
            "from_id": 100 + i % 977,
            "date": 1767225600 + i,
            "text": f"Во дворе не убран снег, ул. Ленина {i % 140 + 1}. Когда уберут? #{i}",
            "post_owner_id": -GROUP_ID,
            "post_id": 1 + i // 50,
            "owner_id": -GROUP_ID,
        },
    }
    return json.dumps(event, ensure_ascii=False).encode()


def _env(data_dir: Path, port: int, workers: int, threads: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "OTKLIK_DATABASE_URL"}
    env.update(
        OTKLIK_DATA_DIR=str(data_dir),
        OTKLIK_PORT=str(port),
        OTKLIK_WEB_WORKERS=str(workers),
        OTKLIK_WEB_THREADS=str(threads),
        OTKLIK_ACCESS_LOG="0",
        DJANGO_SETTINGS_MODULE="otklik.settings",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    code = "import django, sys; django.setup(); from django.core.management import call_command;"
    code += " call_command(*sys.argv[1:])"
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr.decode()[-2000:]}")


SERVE = """
import django
django.setup()
from otklik.ops.server import OtklikServer, server_options
OtklikServer(server_options()).run()
"""


def _wait_for(port: int, process: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def fire(port: int, bodies: list[bytes], concurrency: int) -> dict[str, Any]:
    """POST every body once, from `concurrency` threads with keep-alive connections."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    chunks = [bodies[k::concurrency] for k in range(concurrency)]

    def worker(chunk: list[bytes], advance: Any) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, failed = [], 0
        for body in chunk:
            started = time.perf_counter()
            try:
                conn.request(
                    "POST", f"/hooks/vk/{SOURCE}/", body, {"Content-Type": "application/json"}
                )
                response = conn.getresponse()
                ok = response.status == 200 and response.read() == b"ok"
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append((time.perf_counter() - started) * 1000)
            failed += not ok
            advance(1)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    with bar(len(bodies), "Запросы вебхука") as advance:
        threads = [threading.Thread(target=worker, args=(chunk, advance)) for chunk in chunks]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(bodies),
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(bodies) / elapsed),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
        "errors": errors[0],
    }


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU of the gunicorn master and its workers: a figure the machine's other
    load does not inflate (requests/s does, on a shared machine)."""
    total = 0.0
    master = psutil.Process(pid)
    for process in [master, *master.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def bench_webhooks(n: int, concurrency: int, workers: int = 2, threads: int = 4) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="otklik-bench-") as tmp:
        data_dir, port = Path(tmp), free_port()
        env = _env(data_dir, port, workers, threads)
        _manage(env, "migrate", "--verbosity=0")
        _manage(env, "source", "add", "vk", "--name", SOURCE, "--group-id", str(GROUP_ID),
                "--secret", SECRET, "--confirmation", "bench")  # fmt: skip
        server = subprocess.Popen([sys.executable, "-c", SERVE], env=env)
        try:
            _wait_for(port, server)
            bodies = [callback_body(i) for i in range(n)]
            fire(port, bodies[: min(200, n)], concurrency)  # warm-up: imports, connections
            db = sqlite3.connect(data_dir / "otklik.sqlite3")
            db.execute("DELETE FROM sources_inboundpayload")
            db.commit()
            cpu = server_cpu_seconds(server.pid)
            first = fire(port, bodies, concurrency)
            cpu = server_cpu_seconds(server.pid) - cpu
            stored = db.execute("SELECT COUNT(*) FROM sources_inboundpayload").fetchone()[0]
            replay = fire(port, bodies, concurrency)
            after = db.execute("SELECT COUNT(*) FROM sources_inboundpayload").fetchone()[0]
            db.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return {
        "database": "sqlite (WAL)",
        "server": f"gunicorn gthread, {workers} workers x {threads} threads",
        "cpus": os.cpu_count(),
        "concurrency": concurrency,
        "load_average_1m": round(os.getloadavg()[0], 1),
        **first,
        "server_cpu_ms_per_request": round(cpu * 1000 / n, 2),
        "payloads_stored": stored,
        "replay": {k: replay[k] for k in ("requests_per_second", "p50_ms", "p95_ms", "errors")},
        "payloads_after_replay": after,
    }


def backfill_pages(n: int, per_post: int = 100) -> tuple[dict[str, Any], dict[int, dict]]:
    """wall.get and wall.getComments answers holding n comments, `per_post` under each post."""
    now = int(datetime.now(tz=UTC).timestamp())
    posts = max(1, -(-n // per_post))
    wall = {
        "count": posts,
        "items": [
            {"id": p + 1, "owner_id": -GROUP_ID, "from_id": -GROUP_ID, "date": now - 60,
             "text": f"Новость {p + 1}", "comments": {"count": per_post}}
            for p in range(posts)
        ],
    }  # fmt: skip
    comments = {
        p + 1: {
            "count": min(per_post, n - p * per_post),
            "items": [
                {"id": p * per_post + c + 1, "from_id": 100 + c, "date": now - 30,
                 "text": f"Комментарий {c} к новости {p + 1}: не горят фонари"}
                for c in range(min(per_post, n - p * per_post))
            ],
        }
        for p in range(posts)
    }  # fmt: skip
    return wall, comments


def bench_backfill(n: int) -> dict[str, Any]:
    """Runs inside a configured Django process; uses a throwaway source, then deletes it."""
    from datetime import timedelta

    from otklik.sources.localserver import LocalServer
    from otklik.sources.models import Source, SourceCredential
    from otklik.sources.vk.adapter import VkAdapter

    wall, comments = backfill_pages(n)
    with LocalServer() as server:
        server.reply("wall.get", body={"response": wall})
        server.route("wall.getComments", lambda request: _comments_page(comments, request))
        name = f"bench-backfill-{int(time.time())}"
        source = Source.objects.create(
            name=name, kind=Source.Kind.VK, settings={"group_id": GROUP_ID, "base_url": server.url}
        )
        SourceCredential.objects.create(source=source, secrets={"token": "bench-token"})
        adapter = VkAdapter(source, rate=10_000)
        since = datetime.now(tz=UTC) - timedelta(hours=1)
        started = time.perf_counter()
        created = adapter.backfill(since)
        elapsed = time.perf_counter() - started
        again = time.perf_counter()
        duplicates = adapter.backfill(since)
        replay_elapsed = time.perf_counter() - again
        calls = len(server.requests)
    source.payloads.all().delete()
    source.delete()
    total = len(wall["items"]) + sum(len(page["items"]) for page in comments.values())
    return {
        "payloads": total,
        "new": created,
        "api_calls": calls,
        "seconds": round(elapsed, 2),
        "payloads_per_second": round(total / elapsed),
        "replay_new": duplicates,
        "replay_payloads_per_second": round(total / replay_elapsed),
    }


def _comments_page(comments: dict[int, dict], request: Any) -> dict[str, Any]:
    data = request.data()
    page = comments[int(data["post_id"])]
    offset, count = int(data.get("offset", 0)), int(data.get("count", 100))
    return {"response": {"count": page["count"], "items": page["items"][offset : offset + count]}}
