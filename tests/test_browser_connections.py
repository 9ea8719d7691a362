"""A browser test leaves no database connection open: while Playwright runs, the test's queries
go through connections of their own (tests/chromium.py says why), and a connection left open
kept PostgreSQL from dropping the test database at the end of the run."""

from __future__ import annotations

import pytest
from django.db import connections

from otklik.accounts.models import User
from tests.chromium import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def test_the_browser_closes_the_connections_its_test_opened(transactional_db) -> None:
    if connections["default"].vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database ignores a close: checked on PostgreSQL")
    pages = chromium_page("connection test", 800, 600)
    next(pages)
    User.objects.count()  # a query while Playwright's loop is marked as running
    opened = [c for c in connections.all(initialized_only=True) if c.connection is not None]
    assert opened
    with pytest.raises(StopIteration):
        next(pages)  # the fixture's teardown
    assert [c.alias for c in opened if c.connection is not None] == []
