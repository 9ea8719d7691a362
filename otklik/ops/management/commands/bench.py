"""otklik bench import|inbox|webhooks|backfill|publish: speed figures as JSON.

The NLP pipeline has its own: `otklik bench triage`.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser

from otklik.command import OtklikCommand
from otklik.ops.bench import bench_import, bench_inbox
from otklik.ops.bench_publish import bench_publish
from otklik.ops.bench_takeover import bench_takeover
from otklik.ops.bench_webhooks import bench_backfill, bench_webhooks


class Command(OtklikCommand):
    help = (
        "Замерить скорость и вывести JSON. `import --n N`: импорт N искусственных сообщений в "
        "настроенную базу и их повтор (запускайте на временных OTKLIK_DATA_DIR или базе: "
        "данные добавляются). `inbox --repeat K`: время страницы входящих для сообщений, "
        "которые уже в базе. `webhooks --n N --concurrency C`: подписанные обратные вызовы VK "
        "к серверу gunicorn на временном каталоге данных, затем их повтор. `backfill --n N`: "
        "загрузка истории VK с локальной замены API. `publish --n N`: во временном "
        "`otklik demo` (сервер, обработчик, замены площадок) — время от согласования ответа до "
        "«Опубликовано». `takeover --n N`: kill -9 обработчика, державшего записи, и время, "
        "за которое их берёт другой (OTKLIK_CLAIM_LEASE_SECONDS). `triage`: конвейер разбора "
        "(otklik bench triage --help)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "what",
            choices=["import", "inbox", "webhooks", "backfill", "publish", "takeover"],
            help="что замерить",
        )
        parser.add_argument("--n", type=int, default=100_000, help="сколько сообщений")
        parser.add_argument("--concurrency", type=int, default=8, help="webhooks: потоков клиента")
        parser.add_argument("--workers", type=int, default=2, help="webhooks: процессов сервера")
        parser.add_argument("--threads", type=int, default=4, help="webhooks: потоков в каждом")
        parser.add_argument(
            "--repeat", type=int, default=20, help="запросов на каждый адрес входящих"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "webhooks":  # its own server and throwaway database
            n = options["n"] if options["n"] != 100_000 else 5_000
            result = bench_webhooks(
                n, options["concurrency"], options["workers"], options["threads"]
            )
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        if options["what"] == "publish":  # its own demo on a throwaway data directory
            result = bench_publish(options["n"] if options["n"] != 100_000 else 10)
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        if options["what"] == "takeover":  # kill -9 a worker holding claims (bench_takeover)
            result = bench_takeover(options["n"] if options["n"] != 100_000 else 2_000)
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        call_command("migrate", interactive=False, verbosity=0)
        if options["what"] == "backfill":
            result = bench_backfill(options["n"] if options["n"] != 100_000 else 10_000)
        elif options["what"] == "import":
            result = bench_import(options["n"])
        else:
            result = bench_inbox(options["repeat"])
        self.stdout.write(json.dumps(result, ensure_ascii=False))
