"""The worker's task registry: each app registers its own periodic tasks, the worker runs them.

An app registers in its own `tasks.py` (ops imports every app's `tasks` module at start-up)::

    periodic.register(process_pending, stage=periodic.INTAKE)

A task takes a batch size and returns how many rows it handled (0 when idle). The worker
(`otklik worker`, in `otklik.ops`) runs every registered task in stage order, then in the order of
registration, so intake comes before triage, triage before publication, and so on. This module
imports nothing of the apps: it is the floor they all stand on, like `otklik.env`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Task = Callable[[int], int]

#: Stages, in the order the worker runs them within one pass.
POLL = 10  # fetch what is new from the platforms
INTAKE = 20  # raw payloads → messages
TRIAGE = 30  # suggestions for new messages, retraining
PUBLISH = 40  # answers out to the platforms, residents' replies back
DEADLINES = 50  # warnings and escalation
NOTIFY = 60  # staff notifications out


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    func: Task
    stage: int


_tasks: dict[str, PeriodicTask] = {}


def task_name(func: Task) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def register(func: Task, stage: int) -> Task:
    """Add a task (idempotent: registering the same function again keeps one entry)."""
    name = task_name(func)
    _tasks[name] = PeriodicTask(name=name, func=func, stage=stage)
    return func


def tasks() -> list[PeriodicTask]:
    """Every registered task in the order the worker runs them."""
    order = {name: index for index, name in enumerate(_tasks)}
    return sorted(_tasks.values(), key=lambda task: (task.stage, order[task.name]))


def names() -> list[str]:
    return [task.name for task in tasks()]
