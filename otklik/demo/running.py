"""What runs while the demo is served: the stand-in platform and the worker, beside the web server.

`serve_demo(serve)` starts the stand-in VK and Telegram (`otklik.demo.platform`, OK too) on a free
loopback port and points the demo's channels at it, starts `otklik worker` as a child process
(intake, triage of new reports, publication, deadlines, notifications; restarted if it dies, see
otklik.demo.supervisor) and a webhook receiver with one subscription to it
(otklik.demo.webhooks), then runs `serve()` (the web server, in the foreground). When the
server stops — Ctrl+C, SIGTERM, or an error — the worker is stopped (SIGTERM, then SIGKILL after a
grace period) and the stand-in and the receiver shut down: one command, stopped together.

The web server forks its workers inside `serve()`; a forked worker that exits unwinds through
these same `finally` blocks, so every clean-up first checks that it runs in the process that
started what it stops (else a web worker would wait forever on a stand-in it does not run).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings

from otklik.demo.plan_seed import attach
from otklik.demo.platform import StandIn
from otklik.demo.seed import connect_sources, demo_threads
from otklik.demo.supervisor import Supervisor
from otklik.demo.webhooks import Receiver, subscribe_or_say

#: The worker as a child process; a short idle pause so that approvals leave within a second or two.
WORKER_COMMAND = [sys.executable, "-m", "otklik", "worker", "--sleep", "1"]
#: Seconds the worker has to finish its pass after SIGTERM before it is killed.
STOP_GRACE = 15.0


@contextmanager
def stand_in() -> Iterator[StandIn]:
    """The stand-in platform, serving the demo's threads; the demo's channels point at it."""
    server = StandIn(store=settings.DATA_DIR / "demo-platform.json")
    owner = os.getpid()
    server.thread.start()
    try:
        for kind in ("vk", "telegram", "ok"):
            server.add_threads(kind, demo_threads(kind))
        server.attach_published()
        connect_sources(server.url)
        attach(server)  # the content plan's published posts, with links to the stand-in
        yield server
    finally:
        if os.getpid() == owner:
            server.__exit__(None, None, None)


@contextmanager
def worker_process(
    command: list[str] | None = None, say: Callable[[str], None] = print
) -> Iterator[Supervisor]:
    """The worker as a child, restarted if it dies (otklik.demo.supervisor)."""
    supervisor = Supervisor(command or WORKER_COMMAND, stop, say=say, popen=subprocess.Popen)
    owner = os.getpid()
    try:
        yield supervisor
    finally:
        if os.getpid() == owner:
            supervisor.stop()


def stop(process: subprocess.Popen[bytes], grace: float = STOP_GRACE) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve_demo(
    serve: Callable[[], None],
    say: Callable[[str], None] = print,
    worker_command: list[str] | None = None,
) -> None:
    """Stand-in and worker up, `serve()` in the foreground, both down when it returns or raises."""
    with stand_in() as server, Receiver() as receiver:
        subscribe_or_say(receiver, say)
        with worker_process(worker_command, say) as worker:
            stand_ins = "Площадки-заглушки ВКонтакте, Telegram и ОК"
            say(f"{stand_ins}: {server.url} (ответы публикуются туда)")
            say(f"Обработчик очереди запущен (процесс {worker.pid}): разбор, публикация, сроки")
            serve()
