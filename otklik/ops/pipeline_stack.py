"""The whole intake chain in child processes, for `bench pipeline` and `bench faults`.

A PostgreSQL database prepared as an administrator would (migrate, the city, a VK source, the
first triage model trained on the shipped demo corpus), the production web server (gunicorn, as
`otklik serve` runs it) and any number of `otklik worker` processes, which get nothing but the
database URL (and a data directory for the model files). The platform side is `Platform`: it
delivers signed VK `wall_reply_new` callbacks at a rate and, like VK, sends again every event
that was not answered `ok`. `tally` counts what became of each event, straight from the tables.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

#: The demo's labelled corpus: the same data `otklik demo` trains its first model on (a path,
#: not an import: the demo app stands above ops).
CORPUS = Path(__file__).resolve().parents[1] / "demo" / "data" / "messages.jsonl"
SECRET = "bench-secret"
GROUP_ID = 1
SERVE = """
import django
django.setup()
from otklik.ops.server import OtklikServer, server_options
OtklikServer(server_options()).run()
"""


def child_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        OTKLIK_DATABASE_URL=database_url,
        OTKLIK_DATA_DIR=str(data_dir),
        OTKLIK_ACCESS_LOG="0",
        OTKLIK_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="otklik.settings",
        **extra,
    )
    env.setdefault("OTKLIK_SECRET_KEY", "bench-pipeline-not-for-production")
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "otklik", *args], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"otklik {' '.join(args[:2])}: {done.stderr[-2000:]}")
    return done.stdout


PREPARE = """
import django, sys
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("loadcity", "seversk", verbosity=0)
for name in sys.argv[2:]:
    call_command("source", "add", "vk", "--name", name, "--group-id", "GROUP_ID",
                 "--secret", SECRET, "--confirmation", "bench")
call_command("retrain", "--corpus", sys.argv[1], "--note", "замер конвейера")
"""


def prepare(env: dict[str, str], sources: list[str]) -> None:
    """Tables, the city, the VK sources (Callback API) and the first model, as the demo has it:
    one child process (one start-up of Django instead of four)."""
    code = PREPARE.replace("GROUP_ID", str(GROUP_ID)).replace("SECRET", repr(SECRET))
    done = subprocess.run(
        [sys.executable, "-c", code, str(CORPUS), *sources],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"подготовка базы не удалась: {done.stderr[-2000:]}")


def add_vk_source(env: dict[str, str], name: str) -> None:
    manage(env, "source", "add", "vk", "--name", name, "--group-id", str(GROUP_ID),
           "--secret", SECRET, "--confirmation", "bench")  # fmt: skip


def callback(tag: str, i: int) -> tuple[str, bytes]:
    """(event_id, body) of one signed VK `wall_reply_new`: a resident's comment."""
    event_id = f"{tag}{i:07d}"
    event = {
        "type": "wall_reply_new",
        "event_id": event_id,
        "v": "5.199",
        "group_id": GROUP_ID,
        "secret": SECRET,
        "object": {
            "id": zlib.crc32(tag.encode()) % 10**6 * 10**7 + i,
            "from_id": 100 + i % 977,
            "date": int(time.time()),
            "text": f"Во дворе не убран снег, ул. Ленина {i % 140 + 1}. Когда уберут? #{tag}{i}",
            "post_owner_id": -GROUP_ID,
            "post_id": 1 + i // 50,
            "owner_id": -GROUP_ID,
        },
    }
    return event_id, json.dumps(event, ensure_ascii=False).encode()


def wait_port(port: int, process: subprocess.Popen[bytes], seconds: float = 240.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"сервер завершился с кодом {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("сервер не запустился")


class Stack:
    """The web server and the workers as child processes; all stopped on the way out."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.server: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []
        self.port = 0

    def serve(self, port: int, web_workers: int = 2, threads: int = 4) -> None:
        env = {**self.env, "OTKLIK_PORT": str(port), "OTKLIK_WEB_WORKERS": str(web_workers),
               "OTKLIK_WEB_THREADS": str(threads)}  # fmt: skip
        self.port = port
        self.server = subprocess.Popen(
            [sys.executable, "-c", SERVE], env=env, stderr=subprocess.DEVNULL
        )
        wait_port(port, self.server)

    def web_processes(self) -> list[int]:
        """The gunicorn worker processes (children of the master)."""
        import psutil

        assert self.server is not None
        return [child.pid for child in psutil.Process(self.server.pid).children()]

    def start_workers(self, count: int, batch: int = 200, sleep: float = 2.0) -> None:
        """`count` more `otklik worker` processes; each one's errors go to worker-<n>.log in
        the data directory (see `log_tail`)."""
        for _ in range(count):
            log = Path(self.env["OTKLIK_DATA_DIR"]) / f"worker-{len(self.workers)}.log"
            with log.open("ab") as stderr:
                self.workers.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "otklik",
                            "worker",
                            "--batch",
                            str(batch),
                            "--sleep",
                            str(sleep),
                        ],
                        env=self.env,
                        stdout=subprocess.DEVNULL,
                        stderr=stderr,
                    )  # fmt: skip
                )

    def log_tail(self, chars: int = 2000) -> str:
        """The end of every worker's log, for an error message."""
        logs = sorted(Path(self.env["OTKLIK_DATA_DIR"]).glob("worker-*.log"))
        return "\n".join(f"{p.name}: {p.read_text(errors='replace')[-chars:]}" for p in logs)

    def kill_worker(self, index: int = 0) -> None:
        os.kill(self.workers[index].pid, signal.SIGKILL)
        self.workers[index].wait()

    def close(self) -> None:
        for process in [*self.workers, *([self.server] if self.server else [])]:
            if process.poll() is None:
                process.terminate()
        for process in [*self.workers, *([self.server] if self.server else [])]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Delivery:
    """What the platform saw: events answered `ok`, attempts, and the failed attempts' times."""

    acked: set[str] = field(default_factory=set)
    attempts: int = 0
    failures: list[float] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Platform:
    """VK's side of the Callback API: each event at its moment; again after 0.2 s while the
    answer is not `ok` (a refused connection, an error, a timeout), until `give_up` seconds."""

    def __init__(self, port: int, source: str, threads: int = 16, give_up: float = 120.0) -> None:
        self.port, self.path, self.threads, self.give_up = (
            port,
            f"/hooks/vk/{source}/",
            threads,
            give_up,
        )

    def deliver(self, events: list[tuple[str, bytes]], rate: float) -> Delivery:
        result = Delivery()
        started = time.monotonic()
        chunks = [list(range(k, len(events), self.threads)) for k in range(self.threads)]
        workers = [
            threading.Thread(target=self._send, args=(events, chunk, rate, started, result))
            for chunk in chunks
        ]
        for thread in workers:
            thread.start()
        for thread in workers:
            thread.join()
        result.seconds = time.monotonic() - started
        return result

    def _post(self, conn: http.client.HTTPConnection, body: bytes) -> bool:
        conn.request("POST", self.path, body, {"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status == 200 and response.read() == b"ok"

    def _send(self, events: list, chunk: list[int], rate: float, started: float,
              result: Delivery) -> None:  # fmt: skip
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        for i in chunk:
            event_id, body = events[i]
            delay = started + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            while True:
                try:
                    ok = self._post(conn, body)
                except (OSError, http.client.HTTPException):
                    ok = False
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                with result.lock:
                    result.attempts += 1
                    if ok:
                        result.acked.add(event_id)
                    else:
                        result.failures.append(time.monotonic())
                if ok or time.monotonic() - started > self.give_up:
                    break
                time.sleep(0.2)
        conn.close()


TALLY = """
SELECT p.external_id, p.received_at, m.id, s.message_id, s.created_at
FROM sources_inboundpayload p
JOIN sources_source src ON src.id = p.source_id
LEFT JOIN inbox_message m ON m.payload_id = p.id
LEFT JOIN suggestions_suggestion s ON s.message_id = m.id
WHERE src.name = %s
"""
DOUBLES = """
SELECT
  (SELECT COUNT(*) - COUNT(DISTINCT p.external_id) FROM sources_inboundpayload p
     JOIN sources_source src ON src.id = p.source_id WHERE src.name = %(s)s),
  (SELECT COUNT(*) - COUNT(DISTINCT m.external_id) FROM inbox_message m
     JOIN sources_source src ON src.id = m.source_id WHERE src.name = %(s)s),
  (SELECT COUNT(*) - COUNT(DISTINCT s.message_id) FROM suggestions_suggestion s
     JOIN inbox_message m ON m.id = s.message_id
     JOIN sources_source src ON src.id = m.source_id WHERE src.name = %(s)s)
"""


def tally(database_url: str, source: str, sent: list[str]) -> dict[str, Any]:
    """What became of the events `sent`: lost (no payload, no message or no suggestion),
    doubled (a second payload, message or suggestion for one event), and the times."""
    with psycopg.connect(database_url) as db:
        rows = db.execute(TALLY, (source,)).fetchall()
        doubles = db.execute(DOUBLES, {"s": source}).fetchone() or (0, 0, 0)
    by_event: dict[str, list[tuple]] = {}
    for row in rows:
        by_event.setdefault(row[0], []).append(row)
    wanted = set(sent)
    no_payload = sorted(wanted - by_event.keys())
    no_message = [e for e in wanted & by_event.keys() if by_event[e][0][2] is None]
    no_suggestion = [
        e for e in wanted & by_event.keys() if by_event[e][0][2] and by_event[e][0][3] is None
    ]
    doubled = sum(int(d or 0) for d in doubles) + sum(len(v) - 1 for v in by_event.values())
    done = [r for e in wanted & by_event.keys() for r in by_event[e][:1] if r[4] is not None]
    latencies = sorted((r[4] - r[1]).total_seconds() for r in done)
    span = (max(r[4] for r in done) - min(r[1] for r in done)).total_seconds() if done else 0
    return {
        "sent": len(wanted),
        "suggested": len(done),
        "lost": len(no_payload) + len(no_message) + len(no_suggestion),
        "lost_detail": {
            "no_payload": len(no_payload),
            "no_message": len(no_message),
            "no_suggestion": len(no_suggestion),
        },  # fmt: skip
        "doubled": doubled,
        "p50_seconds": round(statistics.median(latencies), 2) if latencies else None,
        "p95_seconds": round(latencies[int(0.95 * (len(latencies) - 1))], 2) if latencies else None,
        "max_seconds": round(latencies[-1], 2) if latencies else None,
        "span_seconds": round(span, 2),
    }


def suggested_count(database_url: str, source: str) -> int:
    query = (
        "SELECT COUNT(*) FROM suggestions_suggestion s JOIN inbox_message m ON m.id = s.message_id"
        " JOIN sources_source src ON src.id = m.source_id WHERE src.name = %s"
    )
    try:
        with psycopg.connect(database_url, connect_timeout=2) as db:
            return int((db.execute(query, (source,)).fetchone() or (0,))[0])
    except psycopg.OperationalError:
        return -1  # the database is down for the moment (a fault scenario restarts it)


def wait_suggested(database_url: str, source: str, expected: int, seconds: float) -> float | None:
    """Seconds until `expected` suggestions exist for the source's messages, or None."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if suggested_count(database_url, source) >= expected:
            return time.monotonic() - started
        time.sleep(0.2)
    return None
