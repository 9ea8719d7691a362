"""A base for Otklik's management commands: plain help without Django's developer options."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class OtklikCommand(BaseCommand):
    suppressed_base_arguments = {
        "--settings",
        "--pythonpath",
        "--traceback",
        "--no-color",
        "--force-color",
        "--skip-checks",
    }
    requires_system_checks: list[str] = []
