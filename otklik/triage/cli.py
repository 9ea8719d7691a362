"""`otklik triage split|train|evaluate|steps|bench` — no Django needed."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

SAMPLE = [
    "Здравствуйте! На ул. Советской 22 уже неделю не горит фонарь, дети ходят в темноте.",
    "Яма на дороге возле 76-й школы, машины бьют колеса. Когда отремонтируют?",
    "Спасибо коммунальщикам, двор убрали быстро!",
    "В подъезде пахнет газом, звонили в аварийку — никто не приехал!!!",
    "Мусор не вывозят третью неделю, контейнеры переполнены, крысы бегают.",
    "<p>Прошу принять меры: во дворе дома пр-т Коммунистический, 120 стая собак.</p>",
    "Когда включат отопление? В квартире +14, ребенок болеет.",
    "Продам гараж, недорого, пишите в личные сообщения",
]


def _add_data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", help="файл CSV (с заголовком, если нет --no-header)")
    p.add_argument("--no-header", action="store_true", help="в CSV нет строки заголовка")
    p.add_argument(
        "--columns",
        help="имена столбцов при --no-header, например id,text,topic,executor,topic_group",
    )
    p.add_argument("--text-col", default="text", help="столбец с текстом")
    p.add_argument("--delimiter", default=",", help="разделитель полей, например $'\\t' для TSV")
    p.add_argument("--gazetteer", help="JSON города с территориями, улицами и ориентирами")


def parser(
    parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
) -> argparse.ArgumentParser:
    """The parser class comes from the caller: the `otklik` wiring passes a Russian one."""
    ap = parser_class(prog="otklik triage")
    sub = ap.add_subparsers(
        dest="command", required=True, title="действия", metavar="split|train|evaluate|steps|bench"
    )
    sp_ = sub.add_parser(
        "split", help="разделить файл на настроечную (80%%) и проверочную (20%%) части"
    )
    _add_data_args(sp_)
    sp_.add_argument("--out", required=True, help="каталог для tuning.csv и validation.csv")
    sp_.add_argument("--by", default="topic", help="столбец метки для расслоения")
    sp_.add_argument(
        "--seed", type=int, default=None, help="зерно генератора (по умолчанию 20261129)"
    )
    tr = sub.add_parser("train", help="обучить головы в каталог версии модели")
    _add_data_args(tr)
    tr.add_argument("--out", required=True, help="каталог модели")
    tr.add_argument(
        "--task",
        action="append",
        help="задача (можно несколько раз); по умолчанию — все, что есть в данных",
    )
    tr.add_argument(
        "--descriptions", help="JSON {метка: описание} — дополнительный текст для обучения"
    )
    tr.add_argument("--folds", type=int, default=5, help="число блоков перекрёстной проверки")
    ev = sub.add_parser("evaluate", help="оценить каталог модели на размеченном CSV")
    _add_data_args(ev)
    ev.add_argument("--model", required=True, help="каталог модели")
    st = sub.add_parser("steps", help="качество шагов-правил на размеченном файле")
    _add_data_args(st)
    st.add_argument("--model", help="каталог модели (обученные головы заменяют правила)")
    st.add_argument(
        "--expect",
        action="append",
        default=[],
        metavar="LABEL=VALUE",
        help="метка, общая для всех строк, например toxic=0 или is_actionable=1 (можно несколько)",
    )
    be = sub.add_parser("bench", help="скорость всего конвейера: по одному сообщению, одно ядро")
    _add_data_args(be)
    be.add_argument(
        "--model", help="каталог модели (по умолчанию — головы, сначала обученные на --data)"
    )
    be.add_argument("--n", type=int, default=2000, help="сколько сообщений")
    be.add_argument(
        "--batch", type=int, default=64, help="размер пакета при замере пропускной способности"
    )
    return ap


def _gazetteer(path: str | None):
    if not path:
        return None
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _featurizer(gazetteer_path: str | None):
    from otklik.triage.lemmas import Lemmatizer
    from otklik.triage.territory import Gazetteer, TerritoryMatcher
    from otklik.triage.trainer import Featurizer

    lem = Lemmatizer()
    gaz = _gazetteer(gazetteer_path)
    step = TerritoryMatcher(Gazetteer.from_city_dict(gaz, lem.tokenize)) if gaz else None
    return Featurizer(lem, step)


def plain(items: Iterable[T], total: int | None = None, description: str = "") -> Iterator[T]:
    """No bar: the library's default; `otklik` passes otklik.progress.track."""
    return iter(items)


def cmd_split(args: argparse.Namespace) -> int:
    from otklik.triage import split
    from otklik.triage.trainer import ALIASES

    if not args.data:
        print("нужен --data", file=sys.stderr)
        return 2
    header, rows = split.read_raw(args.data, args.no_header, args.delimiter)
    names = header or (args.columns or "id,text,topic,executor,topic_group").split(",")
    wanted = {args.by, ALIASES.get(args.by, args.by)}
    wanted |= {k for k, v in ALIASES.items() if v == args.by}
    column = next((i for i, n in enumerate(names) if n in wanted), None)
    if column is None:
        print(f"нет столбца {args.by} среди {', '.join(names)}", file=sys.stderr)
        return 2
    seed = split.SEED if args.seed is None else args.seed
    labels = [(r[column] if column < len(r) else "").strip() for r in rows]
    tuning, validation = split.split_indices(labels, seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {"seed": seed, "by": args.by}
    for part, index in (("tuning", tuning), ("validation", validation)):
        path = out / f"{part}.csv"
        sha = split.write_part(path, header, [rows[i] for i in index], args.delimiter)
        report[part] = {"path": str(path), "rows": len(index), "sha256": sha}
    print(json.dumps(report, ensure_ascii=False))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from otklik.triage import trainer

    if not args.data:
        print("нужен --data", file=sys.stderr)
        return 2
    rows = trainer.read_rows(args.data, args.no_header, args.columns)
    names = args.task or [t for t, task in trainer.TASKS.items() if rows and task.label in rows[0]]
    if args.task and rows and "label" in rows[0]:
        for r in rows:  # a generic `label` column serves the one task asked for
            for name in args.task:
                r.setdefault(trainer.TASKS[name].label, r["label"])
    unknown = [n for n in names if n not in trainer.TASKS]
    if unknown or not names:
        print(
            f"неизвестные или отсутствующие задачи: {unknown or 'не найдено ни одной'}",
            file=sys.stderr,
        )
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    descriptions = json.loads(Path(args.descriptions).read_text()) if args.descriptions else None
    feat = _featurizer(args.gazetteer)
    sha = trainer.fingerprint(args.data)
    report, oof = {}, {}
    ordered = sorted(names, key=list(trainer.TASKS).index)
    for name in args.track(ordered, description="Обучение голов"):
        card = trainer.train(
            trainer.TASKS[name], rows, out, featurizer=feat, text_col=args.text_col,
            data_fingerprint=sha, descriptions=descriptions, folds=args.folds, oof=oof,
        )  # fmt: skip
        report[name] = card["cross_validation"]
    print(json.dumps(report, ensure_ascii=False))
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from otklik.triage import trainer

    rows = trainer.read_rows(args.data, args.no_header, args.columns)
    report = trainer.evaluate(Path(args.model), rows, _featurizer(args.gazetteer), args.text_col)
    print(json.dumps(report, ensure_ascii=False))
    return 0


def cmd_steps(args: argparse.Namespace) -> int:
    from otklik.triage import trainer
    from otklik.triage.pipeline import Pipeline
    from otklik.triage.stepcheck import evaluate_steps

    if not args.data:
        print("нужен --data", file=sys.stderr)
        return 2
    expect = dict(e.split("=", 1) for e in args.expect if "=" in e)
    rows = trainer.read_rows(args.data, args.no_header, args.columns, args.delimiter)
    rows = [r for r in rows if (r.get(args.text_col) or "").strip()]
    rows.sort(key=lambda r: r.get("created_at") or "")  # stable: file order without times
    pipe = Pipeline.load(args.model, _gazetteer(args.gazetteer))
    results = pipe.process_batch((r[args.text_col], _meta(r)) for r in rows)
    print(json.dumps(evaluate_steps(rows, results, expect), ensure_ascii=False))
    return 0


def _meta(row: dict[str, str]) -> dict[str, object]:
    meta: dict[str, object] = {"id": row.get("external_id") or row.get("id") or ""}
    if row.get("created_at"):
        meta["created_at"] = row["created_at"]
    for key in ("likes", "reposts", "replies"):
        if (row.get(key) or "").isdigit():
            meta[key] = int(row[key])
    return meta


def _one_core() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def cmd_bench(args: argparse.Namespace) -> int:
    _one_core()
    import tempfile

    import numpy as np
    import psutil

    from otklik.triage import trainer
    from otklik.triage.pipeline import Pipeline

    texts = SAMPLE
    model = args.model
    if args.data:
        rows = trainer.read_rows(args.data, args.no_header, args.columns)
        texts = [r.get(args.text_col, "") for r in rows] or SAMPLE
        if not model and any(t.label in rows[0] for t in trainer.TASKS.values()):
            model = tempfile.mkdtemp(prefix="otklik-bench-")
            feat = _featurizer(args.gazetteer)
            for name, task in trainer.TASKS.items():
                if task.label in rows[0] and name != "sentiment":
                    trainer.train(task, rows, Path(model), featurizer=feat, folds=2)
    started = time.perf_counter()
    pipe = Pipeline.load(model, _gazetteer(args.gazetteer))
    pipe.process("прогрев: яма на улице")
    load_seconds = time.perf_counter() - started
    items = [(texts[i % len(texts)], {"id": i, "likes": i % 7}) for i in range(args.n)]
    times = []
    cpu = time.process_time()
    total = time.perf_counter()
    for text, meta in items:  # one message at a time: the latency figures
        t = time.perf_counter()
        pipe.process(text, meta)
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - total
    cpu = time.process_time() - cpu  # unaffected by other jobs on a shared machine
    pipe.forget()  # the batch run starts with an empty same-problem index too
    batch_cpu = time.process_time()
    batch_total = time.perf_counter()
    pipe.process_batch(items, args.batch)  # as the worker runs: batches, step by step
    batch_total = time.perf_counter() - batch_total
    batch_cpu = time.process_time() - batch_cpu
    ms = np.array(times) * 1000
    print(
        json.dumps(
            {
                "messages": args.n,
                "messages_per_second": round(args.n / batch_total, 1),
                "cpu_messages_per_second": round(args.n / batch_cpu, 1) if batch_cpu else None,
                "batch": args.batch,
                "messages_per_second_one_at_a_time": round(args.n / total, 1),
                "cpu_messages_per_second_one_at_a_time": round(args.n / cpu, 1) if cpu else None,
                "p50_ms": round(float(np.percentile(ms, 50)), 3),
                "p95_ms": round(float(np.percentile(ms, 95)), 3),
                "peak_rss_mb": round(_peak_rss_mb(psutil), 1),
                "load_seconds": round(load_seconds, 3),
                "heads": sorted(pipe.heads),
            }
        )
    )
    return 0


def _peak_rss_mb(psutil) -> float:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:
        return psutil.Process().memory_info().rss / 2**20


def main(
    argv: list[str] | None = None,
    parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
    progress: Callable[..., Iterator[Any]] | None = None,
) -> int:
    """`progress`: a `track(items, description=…)` for the long loops (otklik.progress's)."""
    args = parser(parser_class).parse_args(argv)
    args.track = progress or plain
    commands = {
        "split": cmd_split,
        "train": cmd_train,
        "evaluate": cmd_evaluate,
        "steps": cmd_steps,
        "bench": cmd_bench,
    }
    try:
        return commands[args.command](args)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as e:
        print(f"не удалось открыть файл: {e.filename}", file=sys.stderr)
        return 2
    except (UnicodeDecodeError, csv.Error, json.JSONDecodeError) as e:
        print(f"не удалось прочитать данные: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
