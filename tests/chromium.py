"""Debian's Chromium under Playwright, for the browser tests: found or skipped in one place.

Skipped with a clear message where Chromium or Playwright is absent, unless
OTKLIK_REQUIRE_BROWSER=1 (CI), where its absence fails the run. Screenshots go to ARTIFACTS.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(what: str) -> Iterator[Any]:
    """A launched browser for a fixture to yield from; `what` names the test in a skip."""
    path = chromium_path()
    if path is None:
        if os.environ.get("OTKLIK_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (OTKLIK_REQUIRE_BROWSER=1) but not installed")
        pytest.skip(f"Chromium is not installed: {what} skipped (apt install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
            browser.close()
        finally:
            close_connections_opened_under_the_loop()


def close_connections_opened_under_the_loop() -> None:
    """Close the database connections the test opened while Playwright ran.

    Playwright's sync API marks its event loop as running in the test's thread between calls,
    and Django's connection handler then keeps the thread's connections per asyncio context,
    apart from its plain thread-local ones: the test's queries open a second connection that
    pytest-django never sees. Left open, it kept PostgreSQL from dropping the test database at
    the end of the run («1 other session is using the database»). Called before the loop stops,
    so that `connections` still means that context's ones."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def chromium_page(what: str, width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """A page of a launched browser, in Russian, for a fixture to yield from."""
    for browser in chromium(what):
        yield browser.new_page(viewport={"width": width, "height": height}, locale="ru-RU")
