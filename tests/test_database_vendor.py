"""The PostgreSQL pass really runs on PostgreSQL: once it silently ran on SQLite, because the
database was chosen after pytest-django had configured Django."""

from __future__ import annotations

import os

from django.db import connection


def test_the_pass_runs_on_the_database_it_names(db) -> None:
    expected = "postgresql" if os.environ.get("OTKLIK_TEST_DATABASE_URL") else "sqlite"
    assert connection.vendor == expected
