"""Test-wide set-up. The environment (data directory, database) is chosen in
otklik/testing/pytest_env.py, a plugin pytest loads before Django is configured: a conftest.py
comes too late for that."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import connections


@pytest.fixture(autouse=True)
def _keep_the_tests_connection(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Django's management commands close every connection when they end (run_from_argv). Inside
    a test's transaction on PostgreSQL that ends the test's connection and fails every later
    query of the class (SQLite's in-memory database ignores a close), so while a transaction is
    open the close waits; outside one it happens as in production."""
    close_all = connections.close_all

    def close_unless_in_a_transaction() -> None:
        if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
            close_all()

    monkeypatch.setattr(connections, "close_all", close_unless_in_a_transaction)
    yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache. The file cache lives in the run's data directory for
    the whole run, so a page one test cached (the map, the open data) was served to a later test
    with other data whenever it had not expired yet."""
    cache.clear()
    yield
