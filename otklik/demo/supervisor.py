"""The demo's worker, kept alive: a child process restarted when it dies while the demo runs.

A crash of `otklik worker` (an exception it does not survive, the OOM killer, a `kill`) would
otherwise leave the demo up with nothing publishing or triaging, and nobody would notice. The
supervisor checks the child every second; one that has exited is started again and the console
says so, in Russian. A child that keeps dying is restarted at most `limit` times in `window`
seconds, then left down with a message (a crash loop must not spin). `stop()` ends the watch
first, so a deliberate stop is never mistaken for a crash.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any

Popen = Callable[[list[str]], "subprocess.Popen[bytes]"]


class Supervisor:
    def __init__(
        self,
        command: list[str],
        stop_child: Callable[[subprocess.Popen[bytes]], None],
        *,
        say: Callable[[str], Any] = print,
        popen: Popen | None = None,
        check_every: float = 1.0,
        limit: int = 5,
        window: float = 600.0,
    ) -> None:
        self.command = command
        self.stop_child = stop_child
        self.say = say
        self.popen = popen or subprocess.Popen
        self.check_every = check_every
        self.limit = limit
        self.window = window
        self.restarts: list[float] = []
        self.stopping = threading.Event()
        self.process = self.popen(command)
        self.thread = threading.Thread(target=self._watch, name="demo-worker-watch", daemon=True)
        self.thread.start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _watch(self) -> None:
        while not self.stopping.wait(self.check_every):
            code = self.process.poll()
            if code is None:
                continue
            if not self._may_restart():
                self.say(
                    f"Обработчик очереди завершился (код {code}) {self.limit} раз подряд: "
                    "больше не перезапускаю, смотрите его вывод выше"
                )
                return
            self.process = self.popen(self.command)
            self.say(
                f"Обработчик очереди завершился (код {code}), перезапущен "
                f"(процесс {self.process.pid})"
            )

    def _may_restart(self) -> bool:
        now = time.monotonic()
        self.restarts = [t for t in self.restarts if now - t < self.window]
        if len(self.restarts) >= self.limit:
            return False
        self.restarts.append(now)
        return True

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
        self.stop_child(self.process)
