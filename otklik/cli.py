"""The `otklik` command: one entry point for every process and administrative task."""

from __future__ import annotations

import os
import sys

COMMANDS: dict[str, str] = {
    "demo": "подготовить всё (база, город, демо-данные, модели) и запустить демо",
    "serve": "запустить веб-сервер (gunicorn) на 127.0.0.1:$OTKLIK_PORT",
    "worker": "обрабатывать входящие пакеты и другую работу из очереди, в цикле",
    "migrate": "создать или обновить таблицы базы данных",
    "loadcity": "загрузить или обновить справочники города (территории, подразделения, категории)",
    "import": "импортировать сообщения из CSV или JSONL (повторный импорт ничего не меняет)",
    "export": "выгрузить сообщения или инциденты в JSONL или CSV",
    "createuser": "создать учётную запись сотрудника с ролью",
    "source": "добавить, перечислить и проверить каналы (VK, Telegram, MAX, OK, e-mail, RSS)",
    "plan": "план публикаций: otklik plan import ФАЙЛ [--approve-as ЛОГИН] | list",
    "meeting": "встречи мэра с жителями: otklik meeting add|list",
    "instruction": "поручения по итогам встреч: otklik instruction add|list",
    "report": "отчёт пресс-службы в PDF или DOCX: otklik report --period 2026|2026-11|2026-W47 …",
    "sla": "сроки по рабочему календарю: otklik sla due --start … --working-hours N",
    "triage": (
        "обучить и оценить модели разбора: otklik triage split|train|evaluate|steps … | "
        "accepted [--weeks 8] (доля подсказок, принятых без изменений)"
    ),
    "retrain": "обучить новую версию моделей разбора на решениях пресс-службы",
    "mailwatch": "ждать новых писем в почтовом источнике (IMAP IDLE)",
    "token": "личные токены API: otklik token create ЛОГИН [--name ПОДПИСЬ] | list | revoke N",
    "analytics": "сводки панелей аналитики: otklik analytics rebuild [--since ДАТА]",
    "backup": "резервная копия базы и файлов: otklik backup --out ФАЙЛ",
    "restore": "восстановить из копии и сверить с её описью: otklik restore ФАЙЛ [--yes]",
    "retention": "обезличить персональные данные старше срока: otklik retention run | acts",
    "bench": (
        "скорость: otklik bench import|inbox|webhooks|backfill|publish|takeover|plan|dashboard|"
        "spikes|triage …"
    ),
}

HELP = """Otklik — обратная связь и инцидент-менеджмент для пресс-службы администрации.

Использование: otklik КОМАНДА [параметры]   (параметры команды: otklik КОМАНДА --help)

Команды:
{commands}

Настройки задаются переменными окружения (см. .env.example); по умолчанию
данные лежат в ./var (SQLite), а сервер слушает 127.0.0.1:8000.
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

#: What `otklik demo` sets unless the environment already does: everything it runs stays on
#: this machine, so its webhook receiver on 127.0.0.1 is allowed (otklik.demo.webhooks).
DEMO_ENVIRONMENT = {"OTKLIK_WEBHOOKS_ALLOW_PRIVATE": "1"}


def print_help() -> None:
    width = max(len(name) for name in COMMANDS)
    lines = "\n".join(f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items())
    print(HELP.format(commands=lines))


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print_help()
        return
    if args[:2] == ["triage", "accepted"]:
        args = ["triage_accepted", *args[2:]]  # the one triage command that reads the database
    if args[0] == "triage" or args[:2] == ["bench", "triage"]:
        # The NLP library needs no database: run it without Django.
        from otklik.argparse_ru import RussianArgumentParser
        from otklik.progress import track
        from otklik.triage.cli import main as triage_main

        argv = args[1:] if args[0] == "triage" else ["bench", *args[2:]]
        sys.exit(triage_main(argv, parser_class=RussianArgumentParser, progress=track))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otklik.settings")
    if args[0] == "demo":
        for key, value in DEMO_ENVIRONMENT.items():
            os.environ.setdefault(key, value)  # before the settings read it; the worker inherits
    import django
    from django.core.management import execute_from_command_line, get_commands

    django.setup()
    if not args[0].startswith("-") and args[0] not in get_commands():
        print(f"Неизвестная команда {args[0]!r}. Список команд: otklik --help", file=sys.stderr)
        sys.exit(1)
    execute_from_command_line(["otklik", *args])


if __name__ == "__main__":
    main()
