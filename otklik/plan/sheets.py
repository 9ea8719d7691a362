"""The rows of a content-plan file: CSV with a header, or an Excel workbook (.xlsx).

Both give the same thing: the column names and, for each non-empty row, its number as the
person sees it (the line of the CSV, the row of the sheet) and its cells by column name. A cell
of the workbook keeps its type (an Excel date-time stays a `datetime`); `publish_time` reads
either a real date-time or a text, ISO 8601 or «ДД.ММ.ГГГГ ЧЧ:ММ», in the city's time zone.
"""

from __future__ import annotations

import csv
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

EXCEL = {".xlsx", ".xlsm"}


class SheetError(ValueError):
    """The file as a whole cannot be read (the message is for the person, in Russian)."""


@dataclass
class Sheet:
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def read_sheet(path: Path) -> Sheet:
    if path.suffix.lower() in EXCEL:
        return read_xlsx(path)
    return read_csv(path)


def read_csv(path: Path) -> Sheet:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SheetError(f"Не удалось прочитать {path}: {exc}") from None
    reader = csv.DictReader(text.splitlines())
    columns = [c.strip() for c in reader.fieldnames or []]
    sheet = Sheet(columns)
    for line, row in enumerate(reader, start=2):
        sheet.rows.append((line, {(k or "").strip(): v for k, v in row.items()}))
    return sheet


def read_xlsx(path: Path) -> Sheet:
    """The first sheet; its first row is the header; empty rows are skipped."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SheetError(f"Не удалось прочитать книгу Excel {path}: {exc}") from None
    try:
        lines = book.worksheets[0].iter_rows(values_only=True)
        header = next(lines, None) or ()
        columns = [str(c).strip() if c is not None else "" for c in header]
        sheet = Sheet(columns)
        for number, values in enumerate(lines, start=2):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            sheet.rows.append((number, dict(zip(columns, values, strict=False))))
    finally:
        book.close()
    return sheet


def cell_text(value: Any) -> str:
    """A cell as text: None is empty, 12.0 (Excel's number for 12) is «12»."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def publish_time(value: Any) -> datetime:
    """An aware time from a date-time cell or a text; without a zone, the city's."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        raise ValueError(f"у даты {value:%d.%m.%Y} нет времени: укажите ДД.ММ.ГГГГ ЧЧ:ММ")
    else:
        moment = _parse(cell_text(value).strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return moment


def _parse(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%d.%m.%Y %H:%M")  # noqa: DTZ007 (zone by the caller)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"время {value!r} не распознано: ISO 8601 или ДД.ММ.ГГГГ ЧЧ:ММ") from None
