"""Every model change has its migration: a missing one would leave production's tables behind."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import TestCase


class MigrationsTests(TestCase):
    def test_no_model_change_lacks_a_migration(self) -> None:
        out = io.StringIO()
        try:
            call_command("makemigrations", check=True, dry_run=True, stdout=out, stderr=out)
        except SystemExit as exc:  # --check exits 1 when a migration is missing
            self.fail(f"missing migrations (exit {exc.code}):\n{out.getvalue()}")
