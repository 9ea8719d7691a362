"""Acts of destruction as rows: for `otklik retention acts` and the staff page's CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from otklik.privacy.models import RetentionAct

ACT_FIELDS = [
    "number",
    "started_at",
    "finished_at",
    "performed_by",
    "actor",
    "period_days",
    "cutoff",
    "complete",
    "counts",
    "criteria",
]
#: The CSV's header, in Russian: it is opened by people, in a spreadsheet.
ACT_HEADERS = {
    "number": "номер акта",
    "started_at": "начат",
    "finished_at": "завершён",
    "performed_by": "кто выполнил",
    "actor": "сотрудник",
    "period_days": "срок хранения, дней",
    "cutoff": "граница",
    "complete": "всё обработано",
    "counts": "обезличено по видам",
    "criteria": "условия отбора",
}


def act_rows() -> Iterator[dict[str, Any]]:
    acts = RetentionAct.objects.select_related("actor").order_by("started_at", "id")
    for act in acts.iterator(chunk_size=500):
        yield {
            "number": act.pk,
            "started_at": act.started_at.isoformat(),
            "finished_at": act.finished_at.isoformat() if act.finished_at else None,
            "performed_by": act.performed_by,
            "actor": act.actor.get_username() if act.actor else "",
            "period_days": act.period_days,
            "cutoff": act.cutoff.isoformat(),
            "complete": act.complete,
            "counts": act.counts,
            "criteria": act.criteria,
        }


def write_acts(fmt: str, out: TextIO) -> int:
    count = 0
    if fmt == "jsonl":
        for row in act_rows():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.writer(out)
    writer.writerow([ACT_HEADERS[f] for f in ACT_FIELDS])
    for row in act_rows():
        row["counts"] = "; ".join(f"{k}: {v}" for k, v in row["counts"].items())
        row["complete"] = "да" if row["complete"] else "нет"
        writer.writerow([row[f] for f in ACT_FIELDS])
        count += 1
    return count
