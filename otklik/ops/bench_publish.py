"""Approval to publication in the demo: `otklik bench publish --n N`, figures as JSON.

Runs the demo exactly as a newcomer does — `otklik demo` in a child process, on a throwaway data
directory and a free loopback port: the web server, the worker and the stand-in VK and Telegram
— then signs in as the demo's press officer over HTTP and, N times: drafts a final answer on an
open incident whose reports came from VK or Telegram, sends it for approval, and presses
«Согласовать и опубликовать». The time is taken from just before the approval request until
every publication of that answer is «Опубликовано» (read from the demo's SQLite file). At the
end the demo is stopped with SIGTERM and the bench checks that its worker stopped with it.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import psutil

from otklik.ops.bench_webhooks import free_port
from otklik.progress import track

PRESS = ("press", "otklik-press")
ANSWER = (
    "Здравствуйте! Бригада управляющей компании выедет по адресу 2 декабря, ответственный — "
    "мастер участка Петров И. И. Сообщите, пожалуйста, если проблема останется."
)
CHANNEL_SOURCES = ("vk-seversk", "tg-seversk")


class Demo:
    """`otklik demo` in a child process; its output is kept to find the worker's process id."""

    def __init__(self, data_dir: Path, port: int) -> None:
        env = {k: v for k, v in os.environ.items() if k != "OTKLIK_DATABASE_URL"}
        env.update(OTKLIK_DATA_DIR=str(data_dir), OTKLIK_PORT=str(port), OTKLIK_ACCESS_LOG="0")
        self.port = port
        self.database = data_dir / "otklik.sqlite3"
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "otklik", "demo"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line.rstrip())

    def worker_pid(self) -> int | None:
        for line in self.output:
            if match := re.search(r"Обработчик очереди запущен \(процесс (\d+)\)", line):
                return int(match[1])
        return None

    def wait_ready(self, seconds: float = 300.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("otklik demo exited:\n" + "\n".join(self.output[-30:]))
            try:
                urllib.request.urlopen(self.url("/healthz"), timeout=1).close()  # noqa: S310
                if self.worker_pid():
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("otklik demo did not start:\n" + "\n".join(self.output[-30:]))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> dict[str, Any]:
        worker = self.worker_pid()
        started = time.perf_counter()
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        stopped = time.perf_counter() - started
        time.sleep(0.5)
        alive = bool(worker and psutil.pid_exists(worker))
        if alive and worker and psutil.Process(worker).status() == psutil.STATUS_ZOMBIE:
            alive = False
        return {"stopped_in_s": round(stopped, 2), "worker_left_running": alive}

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.database, timeout=30) as db:
            return db.execute(sql, params).fetchall()


class Browser:
    """A signed-in session: cookies and the CSRF token, as a browser would send them."""

    def __init__(self, demo: Demo) -> None:
        self.demo = demo
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path: str) -> str:
        with self.opener.open(self.demo.url(path), timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, **fields: str) -> int:
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf(), **fields}).encode()
        request = urllib.request.Request(self.demo.url(path), data=data, method="POST")  # noqa: S310
        request.add_header("Referer", self.demo.url(path))
        with self.opener.open(request, timeout=30) as response:
            return response.status

    def sign_in(self, username: str, password: str) -> None:
        self.get("/login/")
        self.post("/login/", username=username, password=password)
        if not any(c.name == "sessionid" for c in self.jar):
            raise RuntimeError("could not sign in as the demo's press officer")


def candidates(demo: Demo, n: int) -> list[int]:
    """Open incidents in work whose reports came from the demo's VK or Telegram threads and
    that await their final answer (most have had an intermediate one, as in the demo's year)."""
    rows = demo.query(
        "SELECT DISTINCT i.id FROM incidents_incident i "
        "JOIN inbox_message m ON m.incident_id = i.id "
        "JOIN sources_source s ON s.id = m.source_id "
        "WHERE i.status IN ('in_work', 'assigned') AND m.thread_id IS NOT NULL "
        "AND s.name IN (?, ?) "
        "AND NOT EXISTS (SELECT 1 FROM answers_answer a WHERE a.incident_id = i.id "
        "AND a.kind = 'final') "
        "ORDER BY i.id LIMIT ?",
        *CHANNEL_SOURCES,
        n,
    )
    return [row[0] for row in rows]


def publish_one(demo: Demo, browser: Browser, incident: int, timeout: float) -> dict[str, Any]:
    browser.get(f"/incidents/{incident}/")
    browser.post(f"/answers/incident/{incident}/draft/", kind="final", text=ANSWER)
    answer = demo.query(
        "SELECT id FROM answers_answer WHERE incident_id = ? ORDER BY id DESC LIMIT 1", incident
    )[0][0]
    browser.post(f"/answers/{answer}/submit/", comment="")
    started = time.perf_counter()
    browser.post(f"/answers/{answer}/approve/", comment="")
    deadline = started + timeout
    while time.perf_counter() < deadline:
        states = demo.query(
            "SELECT status, url FROM answers_publication WHERE answer_id = ? AND kind = 'answer'",
            answer,
        )
        if states and all(status in ("sent", "failed") for status, _ in states):
            return {
                "seconds": time.perf_counter() - started,
                "publications": len(states),
                "sent": sum(status == "sent" for status, _ in states),
                "links": sum(bool(url) for status, url in states if status == "sent"),
            }
        time.sleep(0.02)
    return {"seconds": None, "publications": 0, "sent": 0, "links": 0}


def bench_publish(n: int, timeout: float = 60.0) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="otklik-bench-publish-") as tmp:
        demo = Demo(Path(tmp), free_port())
        try:
            setup = time.perf_counter()
            demo.wait_ready()
            setup_s = time.perf_counter() - setup
            browser = Browser(demo)
            browser.sign_in(*PRESS)
            chosen = track(candidates(demo, n), description="Публикация ответов")
            rounds = [publish_one(demo, browser, pk, timeout) for pk in chosen]
        finally:
            stopping = demo.stop()
    times = sorted(r["seconds"] for r in rounds if r["seconds"] is not None)
    return {
        "answers": len(rounds),
        "publications": sum(r["publications"] for r in rounds),
        "published": sum(r["sent"] for r in rounds),
        "with_link": sum(r["links"] for r in rounds),
        "timed_out": sum(r["seconds"] is None for r in rounds),
        "approval_to_published_p50_s": round(statistics.median(times), 2) if times else None,
        "approval_to_published_max_s": round(times[-1], 2) if times else None,
        "demo_start_s": round(setup_s, 1),
        **stopping,
    }
