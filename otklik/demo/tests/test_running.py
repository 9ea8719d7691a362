"""`otklik demo` serves with the worker and the stand-in platform beside it, stopped together."""

from __future__ import annotations

import os
import sys
import time
import urllib.request

import pytest

from otklik.demo import running
from otklik.demo.seed import SOURCES
from otklik.sources.models import Source

#: Stands for `otklik worker` in these tests (the real one would use the developer's database).
SLEEPER = [sys.executable, "-c", "import time; time.sleep(600)"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.django_db
def test_worker_and_stand_in_run_while_serving_and_stop_with_the_server() -> None:
    seen: dict[str, object] = {}

    def serve() -> None:  # gunicorn returns by SystemExit on Ctrl+C or SIGTERM
        vk = Source.objects.get(name=SOURCES["vk"][0])
        seen["base_url"] = vk.settings["base_url"]
        with urllib.request.urlopen(vk.settings["base_url"] + "groups.getById", data=b"") as r:
            seen["answer"] = r.read().decode()
        raise SystemExit(0)

    started: list[object] = []
    original = running.subprocess.Popen

    def popen(command: list[str]) -> object:
        started.append(command)
        process = original(SLEEPER)
        started.append(process)
        return process

    running.subprocess.Popen = popen  # type: ignore[assignment,misc]
    try:
        with pytest.raises(SystemExit):
            running.serve_demo(serve, say=lambda line: None)
    finally:
        running.subprocess.Popen = original  # type: ignore[misc]
    command, process = started
    assert command == running.WORKER_COMMAND
    assert command[-4:] == ["otklik", "worker", "--sleep", "1"]
    assert process.poll() is not None  # type: ignore[attr-defined]
    assert str(seen["base_url"]).startswith("http://127.0.0.1:")
    assert '"error_code": 5' in str(seen["answer"])  # VK's answer to a call without a token
    with pytest.raises(OSError):
        urllib.request.urlopen(str(seen["base_url"]) + "groups.getById", timeout=2)


@pytest.mark.django_db
def test_a_forked_web_worker_leaving_does_not_stop_the_demo() -> None:
    """gunicorn forks its workers inside serve(); one that exits unwinds through serve_demo."""
    parent = os.getpid()
    seen: dict[str, object] = {}

    def serve() -> None:
        pid = os.fork()
        if pid == 0:
            raise SystemExit(0)  # the forked worker's exit, through serve_demo's clean-up
        deadline = time.monotonic() + 60  # a guard against a hang, not a measurement
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, 9)
            seen["hung"] = True
        vk = Source.objects.get(name=SOURCES["vk"][0])
        with urllib.request.urlopen(vk.settings["base_url"] + "groups.getById", data=b"") as r:
            seen["stand_in_after"] = r.status
        seen["worker_after"] = _alive(int(str(seen["worker"])))

    def say(line: str) -> None:
        if "процесс" in line:
            seen["worker"] = line.split("процесс ")[1].split(")")[0]

    try:
        running.serve_demo(serve, say=say, worker_command=SLEEPER)
    except SystemExit:
        if os.getpid() != parent:
            os._exit(0)  # the child ends here, having unwound the demo's clean-up
        raise
    assert "hung" not in seen
    assert seen["stand_in_after"] == 200
    assert seen["worker_after"] is True
