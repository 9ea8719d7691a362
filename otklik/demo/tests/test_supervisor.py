"""The demo's worker is started again when it dies, and not when it is stopped on purpose."""

from __future__ import annotations

import sys
import time

from otklik.demo.running import stop
from otklik.demo.supervisor import Supervisor

DIES = [sys.executable, "-c", "import sys; sys.exit(3)"]
SLEEPS = [sys.executable, "-c", "import time; time.sleep(600)"]


def wait_for(condition, seconds: float = 30.0) -> bool:  # a guard against a hang, not a timing
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_dead_worker_is_restarted_until_the_limit() -> None:
    lines: list[str] = []
    supervisor = Supervisor(DIES, stop, say=lines.append, check_every=0.01, limit=3)
    assert wait_for(lambda: any("больше не перезапускаю" in line for line in lines))
    supervisor.stop()
    restarted = [line for line in lines if "перезапущен" in line]
    assert len(restarted) == 3
    assert "код 3" in restarted[0]


def test_a_running_worker_is_left_alone_and_stopped_on_purpose() -> None:
    lines: list[str] = []
    supervisor = Supervisor(SLEEPS, stop, say=lines.append, check_every=0.01)
    first = supervisor.pid
    time.sleep(0.1)
    supervisor.stop()
    assert supervisor.process.poll() is not None
    assert supervisor.pid == first and lines == []


def test_a_killed_worker_comes_back_with_a_new_process() -> None:
    lines: list[str] = []
    supervisor = Supervisor(SLEEPS, stop, say=lines.append, check_every=0.01)
    first = supervisor.pid
    supervisor.process.kill()
    assert wait_for(lambda: supervisor.pid != first)
    supervisor.stop()
    assert supervisor.process.poll() is not None
    assert "перезапущен" in lines[0]
