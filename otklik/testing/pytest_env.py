"""The test run's environment, loaded as a pytest plugin (`-p otklik.testing.pytest_env` in
pyproject's addopts) so that it runs before pytest-django configures Django: a conftest.py is
read only after that, too late to choose the database. An isolated data directory, and the
database from OTKLIK_TEST_DATABASE_URL (the PostgreSQL pass of `make test`)."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("OTKLIK_DATA_DIR", tempfile.mkdtemp(prefix="otklik-test-"))
if os.environ.get("OTKLIK_TEST_DATABASE_URL"):
    os.environ["OTKLIK_DATABASE_URL"] = os.environ["OTKLIK_TEST_DATABASE_URL"]
    os.environ.setdefault("OTKLIK_SECRET_KEY", "test-secret-key-not-for-production")
