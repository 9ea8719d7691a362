"""CPU time of each triage step in batches of 64, as the worker runs them, and the outputs' digest.

    taskset -c 0 python scripts/triage_step_times.py --model /tmp/kursk \
        --gazetteer otklik/cities/data/seversk.json [--rounds 2]

Runs the 2,000 Kursk appeals step by step over each batch (as `Pipeline.run_batch`), times every
step with `time.process_time` (other jobs on a shared machine do not count), keeps each step's
best round, and prints one JSON object: milliseconds a message per step, their total, the
load average, and the sha256 of all the results of one `process_batch` run, so that a speed
change can be shown to leave every output as it was (`same_as` between copies of one text
depends on which copy is named: equal since `dedupe` names the earliest).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from pathlib import Path

from otklik.triage import trainer
from otklik.triage.document import Doc
from otklik.triage.pipeline import BATCH, Pipeline

KURSK = Path(__file__).resolve().parents[1].parent / "shared/data/kursk-appeals/train.csv"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--gazetteer")
    ap.add_argument("--data", default=str(KURSK))
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    rows = trainer.read_rows(args.data, True, "id,text,topic,executor,topic_group")
    city = json.loads(Path(args.gazetteer).read_text()) if args.gazetteer else None
    pipe = Pipeline.load(args.model, city)
    pipe.process("прогрев: яма на улице")
    items = [(r["text"], {"id": i, "likes": i % 7}) for i, r in enumerate(rows)]
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        pipe.forget()
        spent: dict[str, float] = {}
        for start in range(0, len(items), BATCH):
            docs = [Doc(text, dict(meta)) for text, meta in items[start : start + BATCH]]
            for step in pipe.steps:
                name = getattr(step, "name", type(step).__name__)
                began = time.process_time()
                many = getattr(step, "batch", None)
                docs = many(docs) if many is not None else [step(doc) for doc in docs]
                spent[name] = spent.get(name, 0.0) + time.process_time() - began
        for name, seconds in spent.items():
            best[name] = min(best.get(name, seconds), seconds)
    ms = {name: round(seconds / len(items) * 1000, 4) for name, seconds in best.items()}
    pipe.forget()
    results = [r.as_dict() for r in pipe.process_batch(items)]
    blob = json.dumps(results, ensure_ascii=False, sort_keys=True, default=str).encode()
    report = {
        "ms_per_message": ms,
        "total_ms": round(sum(ms.values()), 4),
        "cpu_messages_per_second": round(1000 / sum(ms.values()), 1),
        "load": os.getloadavg(),
        "sha256": hashlib.sha256(blob).hexdigest(),
    }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
