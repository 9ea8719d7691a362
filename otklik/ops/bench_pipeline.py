"""End to end under a burst: webhook → raw payload → message → triage suggestion.

`otklik bench pipeline --workers N --rate R --duration S`: in a throwaway PostgreSQL database on
OTKLIK_TEST_DATABASE_URL's server (otklik_pipeline_<pid>, created and dropped here), prepared as
`pipeline_stack.prepare` does (the demo's first model), the production web server (gunicorn,
2 processes × 4 threads) and N `otklik worker` processes (their defaults: batch 200, 2 s idle
sleep). After a warm-up (the workers load the model), the platform delivers R×S signed VK
callbacks at R per second; then the figures: messages/s sustained from the first receipt to the
last suggestion, p50/p95 seconds from each payload's `received_at` to its suggestion's
`created_at`, lost and doubled.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

from otklik.ops.pgcluster import free_port, scratch_database, server_url
from otklik.ops.pipeline_stack import (
    Platform,
    Stack,
    callback,
    child_env,
    prepare,
    tally,
    wait_suggested,
)

SOURCE = "bench-pipeline"
WARM_UP = 20


def bench_pipeline(options: dict[str, Any]) -> dict[str, Any]:
    workers, rate = max(1, options["workers"]), max(1, options["rate"])
    n = options.get("n") or int(rate * options["duration"])
    server = server_url()
    with (
        scratch_database(server, f"otklik_pipeline_{os.getpid()}") as database_url,
        tempfile.TemporaryDirectory(prefix="otklik-bench-") as tmp,
    ):
        env = child_env(database_url, Path(tmp))
        started = time.monotonic()
        prepare(env, [SOURCE])
        prepared = time.monotonic() - started
        with Stack(env) as stack:
            stack.serve(free_port())
            stack.start_workers(workers)
            platform = Platform(stack.port, SOURCE)
            warm = [callback("warm", i) for i in range(WARM_UP)]
            platform.deliver(warm, rate=50)
            if wait_suggested(database_url, SOURCE, WARM_UP, 300) is None:
                raise RuntimeError(
                    f"обработчики не разобрали разогрев за 5 минут\n{stack.log_tail()}"
                )
            events = [callback("burst", i) for i in range(n)]
            delivery = platform.deliver(events, rate)
            drained = wait_suggested(database_url, SOURCE, WARM_UP + n, max(120, n / 5))
        figures = tally(database_url, SOURCE, [e for e, _ in events])
    return {
        "database": "postgresql (throwaway database)",
        "workers": workers,
        "web": "gunicorn gthread, 2 workers x 4 threads",
        "rate_offered": rate,
        "messages": n,
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 1),
        "prepare_seconds": round(prepared, 1),
        "delivery_seconds": round(delivery.seconds, 2),
        "delivery_attempts": delivery.attempts,
        "acked": len(delivery.acked),
        "drained": drained is not None,
        "messages_per_second": round(figures["suggested"] / figures["span_seconds"], 1)
        if figures["span_seconds"]
        else None,
        **figures,
    }
