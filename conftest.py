"""Test-wide set-up: an isolated data directory, and the database from OTKLIK_TEST_DATABASE_URL."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("OTKLIK_DATA_DIR", tempfile.mkdtemp(prefix="otklik-test-"))
if os.environ.get("OTKLIK_TEST_DATABASE_URL"):
    os.environ["OTKLIK_DATABASE_URL"] = os.environ["OTKLIK_TEST_DATABASE_URL"]
    os.environ.setdefault("OTKLIK_SECRET_KEY", "test-secret-key-not-for-production")
