"""The working week of one office: days, hours, lunch break, and the pre-holiday shortening."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Schedule:
    """Weekdays are numbered from Monday = 0 (as date.weekday()); times are local wall-clock times.

    The defaults are the usual Russian office week: Monday to Friday, 09:00–18:00 with lunch
    13:00–14:00, and a pre-holiday day one hour shorter (Labour Code, art. 95).
    """

    weekdays: frozenset[int] = frozenset(range(5))
    start: time = time(9)
    end: time = time(18)
    lunch: tuple[time, time] | None = (time(13), time(14))
    preholiday_short_hours: float = 1.0

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise ValueError(f"Рабочие дни недели — числа от 0 (понедельник) до 6: {self.weekdays}")
        if self.start >= self.end:
            raise ValueError(
                f"Рабочий день должен начинаться раньше, чем кончается: {self.start}–{self.end}"
            )
        if self.lunch and not self.start < self.lunch[0] < self.lunch[1] < self.end:
            raise ValueError(f"Обеденный перерыв должен быть внутри рабочего дня: {self.lunch}")
        if self.preholiday_short_hours < 0:
            raise ValueError("preholiday_short_hours не может быть отрицательным")

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Schedule:
        """From the city file's "schedule" section; every key is optional.

        {"weekdays": [0, 1, 2, 3, 4] (Monday = 0, as date.weekday(); or names "mon" … "sun"),
         "start": "09:00", "end": "18:00", "lunch": ["13:00", "14:00"] (or null),
         "preholiday_short_hours": 1}
        """
        unknown = set(raw) - {"weekdays", "start", "end", "lunch", "preholiday_short_hours"}
        if unknown:
            raise ValueError(f"Неизвестные ключи расписания: {sorted(unknown)}")
        default = cls()
        lunch = raw.get("lunch", "default")
        return cls(
            weekdays=_weekdays(raw["weekdays"]) if "weekdays" in raw else default.weekdays,
            start=time.fromisoformat(raw["start"]) if "start" in raw else default.start,
            end=time.fromisoformat(raw["end"]) if "end" in raw else default.end,
            lunch=default.lunch if lunch == "default" else _lunch(lunch),
            preholiday_short_hours=float(
                raw.get("preholiday_short_hours", default.preholiday_short_hours)
            ),
        )


def _weekdays(values: list[Any]) -> frozenset[int]:
    days = set()
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
            days.add(value)
        elif isinstance(value, str) and value.lower()[:3] in DAY_NAMES:
            days.add(DAY_NAMES.index(value.lower()[:3]))
        else:
            raise ValueError(
                "День недели — число от 0 (понедельник) до 6 (воскресенье) "
                f"или mon … sun, а не {value!r}"
            )
    return frozenset(days)


def _lunch(value: Any) -> tuple[time, time] | None:
    if not value:
        return None
    begin, end = value
    return time.fromisoformat(begin), time.fromisoformat(end)
