"""Test-wide set-up lives in otklik/testing/pytest_env.py, a plugin pytest loads before Django
is configured (a conftest.py comes too late to choose the database)."""
