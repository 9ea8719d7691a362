"""The `otklik` command: one entry point for every process and administrative task."""

from __future__ import annotations

import os
import sys

COMMANDS: dict[str, str] = {
    "demo": "set up everything (database, city, demo data, models) and serve the demo UI",
    "serve": "run the web server (gunicorn) on 127.0.0.1:$OTKLIK_PORT",
    "worker": "process pending inbound payloads and other queued work, in a loop",
    "migrate": "create or update the database tables",
    "loadcity": "load or update the city's configuration (territories, departments, categories)",
    "import": "import messages from a CSV or JSONL file (idempotent)",
    "export": "export messages or incidents as JSONL or CSV",
    "createuser": "create a staff account with a role",
    "source": "add, list and test channels (VK, Telegram, MAX, OK, e-mail, feeds)",
    "sla": "deadlines on the working calendar: otklik sla due --start … --working-hours N",
    "triage": "train and evaluate the triage models: otklik triage train|evaluate|steps …",
    "retrain": "train a new triage model version from the press service's own decisions",
    "mailwatch": "wait for new mail on an e-mail source with IMAP IDLE",
    "bench": "measure speed: otklik bench import|inbox|webhooks|backfill|triage …",
}

HELP = """Otklik — обратная связь и инцидент-менеджмент для пресс-службы администрации.

Usage: otklik COMMAND [options]      (otklik COMMAND --help for its options)

Commands:
{commands}

Settings come from environment variables (see .env.example); by default the
data lives in ./var (SQLite), and the server listens on 127.0.0.1:8000.
"""

# Django's own commands that are useful to an administrator, passed through unchanged.
PASSTHROUGH = {
    "migrate",
    "shell",
    "dbshell",
    "check",
    "collectstatic",
    "changepassword",
    "showmigrations",
    "makemigrations",
    "createcachetable",
}


def print_help() -> None:
    width = max(len(name) for name in COMMANDS)
    lines = "\n".join(f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items())
    print(HELP.format(commands=lines))


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print_help()
        return
    if args[0] == "triage" or args[:2] == ["bench", "triage"]:
        # The NLP library needs no database: run it without Django.
        from otklik.triage.cli import main as triage_main

        sys.exit(triage_main(args[1:] if args[0] == "triage" else ["bench", *args[2:]]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["otklik", *args])


if __name__ == "__main__":
    main()
