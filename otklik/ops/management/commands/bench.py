"""otklik bench import|inbox|webhooks|…|spikes|pipeline|faults: figures as JSON.

The NLP pipeline has its own: `otklik bench triage`.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from otklik.command import OtklikCommand
from otklik.ops.bench import bench_import, bench_inbox
from otklik.ops.bench_dashboard import bench_dashboard
from otklik.ops.bench_faults import bench_faults
from otklik.ops.bench_lists import bench_lists
from otklik.ops.bench_pipeline import bench_pipeline
from otklik.ops.bench_plan import bench_plan
from otklik.ops.bench_publish import bench_publish
from otklik.ops.bench_spikes import VALIDATION_SEED, bench_spikes
from otklik.ops.bench_spikes_oracle import bench_spikes_oracle
from otklik.ops.bench_takeover import bench_takeover
from otklik.ops.bench_webhooks import bench_backfill, bench_webhooks

#: How many messages (or answers, or payloads) each benchmark takes when --n is not given.
DEFAULT_N = {
    "import": 100_000,
    "webhooks": 5_000,
    "backfill": 10_000,
    "publish": 10,
    "takeover": 2_000,
    "plan": 50,
    "spikes": 40,  # series
}
#: Benchmarks that make their own server or data directory (no migrate of the configured one).
SELF_CONTAINED = {
    "webhooks",
    "publish",
    "takeover",
    "plan",
    "dashboard",
    "spikes",
    "pipeline",
    "faults",
}


class Command(OtklikCommand):
    help = (
        "Замерить скорость и вывести JSON. `import --n N`: импорт N искусственных сообщений в "
        "настроенную базу и их повтор (запускайте на временных OTKLIK_DATA_DIR или базе: "
        "данные добавляются). `inbox --repeat K`: время страницы входящих для сообщений, "
        "которые уже в базе; `inbox --n N`: входящие и список инцидентов на N инцидентах и 3N "
        "сообщениях во временной базе PostgreSQL. `webhooks --n N --concurrency C`: "
        "подписанные обратные вызовы VK "
        "к серверу gunicorn на временном каталоге данных, затем их повтор. `backfill --n N`: "
        "загрузка истории VK с локальной замены API. `publish --n N`: во временном "
        "`otklik demo` (сервер, обработчик, замены площадок) — время от согласования ответа до "
        "«Опубликовано». `takeover --n N`: kill -9 обработчика, державшего записи, и время, "
        "за которое их берёт другой (OTKLIK_CLAIM_LEASE_SECONDS). `plan --n N`: N утверждённых "
        "постов в ВКонтакте, Telegram и ОК на временной базе — число вызовов площадок (и с двумя "
        "обработчиками при ответах «слишком много запросов») и задержка от времени поста до "
        "вызова. `dashboard --incidents N --messages M`: панель аналитики на временной базе "
        "PostgreSQL (создаётся и удаляется) — заполнение, пересчёт сводок, время страницы и JSON. "
        "`spikes --weeks 52 --seed N`: обнаружение всплесков обращений на искусственном годе "
        "(40 рядов, вставленные всплески) — полнота, ложные тревоги в неделю, задержка; "
        "с --oracle — предел: полнота оракула при том же пороге ложных тревог. "
        "`pipeline --workers N --rate R --duration S`: от вебхука до подсказки разбора на "
        "временной базе PostgreSQL с N обработчиками — сообщений в секунду, p50/p95, потери и "
        "повторы. "
        "`faults --scenario all|kill-worker|kill-web|db-restart|platform-errors|replay-day`: "
        "разыгранные сбои на собственном временном кластере PostgreSQL; код выхода не 0, если "
        "что-то потеряно или задвоено. "
        "`triage`: конвейер разбора "
        "(otklik bench triage --help)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "what",
            choices=[
                "import",
                "inbox",
                "webhooks",
                "backfill",
                "publish",
                "takeover",
                "plan",
                "dashboard",
                "spikes",
                "pipeline",
                "faults",
            ],
            help="что замерить",
        )
        parser.add_argument(
            "--n",
            type=int,
            default=None,
            help="сколько сообщений (у каждого замера своё по умолчанию)",
        )
        parser.add_argument("--concurrency", type=int, default=8, help="webhooks: потоков клиента")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="webhooks: процессов сервера; pipeline: обработчиков",
        )
        parser.add_argument("--threads", type=int, default=4, help="webhooks: потоков в каждом")
        parser.add_argument("--incidents", type=int, default=200_000, help="dashboard: инцидентов")
        parser.add_argument("--messages", type=int, default=600_000, help="dashboard: сообщений")
        parser.add_argument("--weeks", type=int, default=52, help="spikes: недель трафика")
        parser.add_argument(
            "--seed", type=int, default=VALIDATION_SEED, help="spikes: зерно генератора"
        )
        parser.add_argument(
            "--oracle",
            action="store_true",
            help="spikes: полнота оракула, знающего истинные средние, α и часы всплесков",
        )
        parser.add_argument(
            "--repeat", type=int, default=20, help="запросов на каждый адрес входящих"
        )
        parser.add_argument(
            "--rate", type=int, default=200, help="pipeline: сообщений в секунду во всплеске"
        )
        parser.add_argument(
            "--duration", type=float, default=10.0, help="pipeline, faults: секунд нагрузки"
        )
        parser.add_argument(
            "--scenario", default="all", help="faults: какой сбой разыграть (all — все)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        n = options["n"] if options["n"] is not None else DEFAULT_N.get(what, 0)
        if what not in SELF_CONTAINED and not (what == "inbox" and n):
            call_command("migrate", interactive=False, verbosity=0)
        result = self.measure(what, n, options)
        self.stdout.write(json.dumps(result, ensure_ascii=False))
        if what == "faults" and not result["ok"]:
            raise CommandError("Сбой потерял или задвоил сообщения: см. lost и doubled выше.")

    @staticmethod
    def measure(what: str, n: int, options: dict[str, Any]) -> dict[str, Any]:
        if what == "webhooks":
            return bench_webhooks(n, options["concurrency"], options["workers"], options["threads"])
        if what == "publish":
            return bench_publish(n)
        if what == "takeover":
            return bench_takeover(n)
        if what == "plan":
            return bench_plan(n)
        if what == "spikes" and options["oracle"]:
            return bench_spikes_oracle(options["weeks"], options["seed"], n)
        if what == "spikes":
            return bench_spikes(options["weeks"], options["seed"], n)
        if what == "dashboard":
            return bench_dashboard(options["incidents"], options["messages"], options["repeat"])
        if what == "pipeline":
            return bench_pipeline(options)
        if what == "faults":
            return bench_faults(options)
        if what == "backfill":
            return bench_backfill(n)
        if what == "import":
            return bench_import(n)
        if n:  # N incidents and 3N messages in a throwaway PostgreSQL database
            return bench_lists(n, options["repeat"])
        return bench_inbox(options["repeat"])
