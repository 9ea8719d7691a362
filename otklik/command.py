"""A base for Otklik's management commands: plain help without Django's developer options,
in Russian, and errors printed as «Ошибка: …» rather than «CommandError: …»."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, SystemCheckError

from otklik.argparse_ru import russify


class OtklikCommand(BaseCommand):
    suppressed_base_arguments = {
        "--settings",
        "--pythonpath",
        "--traceback",
        "--no-color",
        "--force-color",
        "--skip-checks",
        "--version",  # Django's version, not Otklik's
    }
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        for action in parser._actions:
            if action.dest == "verbosity":
                action.help = "подробность вывода: 0 — тихо, 1 — обычно, 2 и 3 — подробно"
        russify(parser)
        return parser

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            # From the command line Django would print «CommandError: …»; code gets the error.
            if not getattr(self, "_called_from_command_line", False) or isinstance(
                exc, SystemCheckError
            ):
                raise
            self.stderr.write(f"Ошибка: {exc}")
            raise SystemExit(exc.returncode) from None
