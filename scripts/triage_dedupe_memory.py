"""The same-problem index at the worker's size: memory, collector and CPU.

    python scripts/triage_dedupe_memory.py [--n 20000]

Feeds one `Deduper` (20,000 messages is its `max_items`, what the worker keeps) the Kursk
appeals with their words shuffled (seed: the message's number), so that every message is new,
and prints one JSON object: the index's size, the objects the cycle collector tracks, a full
collection's milliseconds, the peak memory the run added and the CPU seconds it took.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import time
from pathlib import Path

from otklik.triage import trainer
from otklik.triage.dedupe import Deduper
from otklik.triage.document import Doc, Token

KURSK = Path(__file__).resolve().parents[1].parent / "shared/data/kursk-appeals/train.csv"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--data", default=str(KURSK))
    args = ap.parse_args()
    rows = trainer.read_rows(args.data, True, "id,text,topic,executor,topic_group")
    docs = []
    for i in range(args.n):
        words = rows[i % len(rows)]["text"].lower().split()
        random.Random(i).shuffle(words)
        doc = Doc(" ".join(words), {"id": i})
        doc.tokens = [Token(0, 0, w, w) for w in words]
        docs.append(doc)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    dedupe = Deduper()
    began = time.process_time()
    for doc in docs:
        dedupe(doc)
    spent = time.process_time() - began
    del docs
    gc.collect()
    began = time.perf_counter()
    gc.collect()
    full = time.perf_counter() - began
    added = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    report = {
        "messages": args.n,
        "index_shingles": len(dedupe.index),
        "tracked_objects": len(gc.get_objects()),
        "full_collection_ms": round(full * 1000, 1),
        "peak_rss_added_mb": round(added / 1024),
        "cpu_seconds": round(spent, 2),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
