"""The scripted faults, bounded: kill -9 of a worker and of a web process, a database restart,
platform errors and a replayed day lose and double nothing.

It runs in the suite's PostgreSQL pass (so in CI, `.ci/run`), on a private cluster of its own
(`bench faults` never restarts the shared server); it is skipped, with the reason, on the SQLite
pass and where the PostgreSQL programs are absent (failing instead when OTKLIK_REQUIRE_POSTGRES
asks for PostgreSQL).
"""

from __future__ import annotations

import os

import pytest

from otklik.ops.bench_faults import SCENARIOS, bench_faults
from otklik.ops.pgcluster import missing_reason


def _skip_reason() -> str:
    if not os.environ.get("OTKLIK_TEST_DATABASE_URL"):
        return "сбои разыгрываются в проходе на PostgreSQL (OTKLIK_TEST_DATABASE_URL)"
    reason = missing_reason()
    if reason and os.environ.get("OTKLIK_REQUIRE_POSTGRES"):
        pytest.fail(f"OTKLIK_REQUIRE_POSTGRES, но частный кластер не запустить: {reason}")
    return reason


def test_no_fault_loses_or_doubles_a_message() -> None:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    result = bench_faults({"scenario": "all", "n": 30, "duration": 3.0})
    for name in SCENARIOS:
        assert result[name]["lost"] == 0, (name, result[name])
        assert result[name]["doubled"] == 0, (name, result[name])
        assert result[name]["recovery_seconds"] is not None, (name, result[name])
    assert result["replay-day"]["new_after_replay"] == {
        "payloads": 0,
        "messages": 0,
        "suggestions": 0,
    }
    assert result["ok"] is True
