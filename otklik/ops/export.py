"""`otklik export`: everything back out as JSONL or CSV, streamed."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from otklik.inbox.export import MESSAGE_FIELDS, message_rows
from otklik.incidents.export import INCIDENT_FIELDS, incident_rows


def write(kind: str, fmt: str, out: TextIO) -> int:
    rows = message_rows() if kind == "messages" else incident_rows()
    fields = MESSAGE_FIELDS if kind == "messages" else INCIDENT_FIELDS
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        if "messages" in row:
            row = {**row, "messages": " ".join(map(str, row["messages"]))}
        writer.writerow(row)
        count += 1
    return count
