"""Report periods: a year, a month, an ISO week, with edges at midnight in Asia/Tomsk."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from otklik.analytics.report_period import PeriodError, parse_period, recent_periods


@pytest.mark.parametrize(
    ("key", "kind", "first", "last", "start"),
    [
        (
            "2026",
            "year",
            date(2026, 1, 1),
            date(2026, 12, 31),
            datetime(2025, 12, 31, 17, tzinfo=UTC),
        ),
        (
            "2026-11",
            "month",
            date(2026, 11, 1),
            date(2026, 11, 30),
            datetime(2026, 10, 31, 17, tzinfo=UTC),
        ),
        (
            "2026-02",
            "month",
            date(2026, 2, 1),
            date(2026, 2, 28),
            datetime(2026, 1, 31, 17, tzinfo=UTC),
        ),
        (
            "2026-12",
            "month",
            date(2026, 12, 1),
            date(2026, 12, 31),
            datetime(2026, 11, 30, 17, tzinfo=UTC),
        ),
        (
            "2026-W47",
            "week",
            date(2026, 11, 16),
            date(2026, 11, 22),
            datetime(2026, 11, 15, 17, tzinfo=UTC),
        ),
        (
            "2026-W01",
            "week",
            date(2025, 12, 29),
            date(2026, 1, 4),
            datetime(2025, 12, 28, 17, tzinfo=UTC),
        ),
        (
            "2026-W53",
            "week",
            date(2026, 12, 28),
            date(2027, 1, 3),
            datetime(2026, 12, 27, 17, tzinfo=UTC),
        ),
        (
            " 2026-W47 ",
            "week",
            date(2026, 11, 16),
            date(2026, 11, 22),
            datetime(2026, 11, 15, 17, tzinfo=UTC),
        ),
    ],
)
def test_periods(key: str, kind: str, first: date, last: date, start: datetime) -> None:
    period = parse_period(key)
    assert (period.kind, period.first_day, period.last_day) == (kind, first, last)
    assert period.start == start  # midnight in Tomsk is 17:00 UTC
    assert period.end.utcoffset().total_seconds() == 0
    assert period.end.astimezone(UTC).hour == 17
    assert period.key == key.strip()


def test_week_edges_in_tomsk() -> None:
    week = parse_period("2026-W47")
    assert week.end == datetime(2026, 11, 22, 17, tzinfo=UTC)
    assert week.days == 7
    assert week.label == "47-я неделя (16–22 ноября 2026 года)"
    assert week.for_label == "за 47-ю неделю (16–22 ноября 2026 года)"
    assert parse_period("2026-11").label == "ноябрь 2026 года"
    assert parse_period("2026").for_label == "за 2026 год"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "Неверный период ''"),
        ("ноябрь", "Неверный период 'ноябрь'"),
        ("26", "Неверный период '26'"),
        ("2026-1", "Неверный период '2026-1'"),
        ("2026-W7", "Неверный период '2026-W7'"),
        ("2026-13", "Неверный месяц в '2026-13'"),
        ("2026-00", "Неверный месяц в '2026-00'"),
        ("2026-W00", "Неверная неделя в '2026-W00': в 2026 году недели с W01 по W53"),
        ("2027-W53", "в 2027 году недели с W01 по W52"),
        ("1999", "Неверный год 1999"),
    ],
)
def test_bad_periods_are_refused_in_russian(key: str, message: str) -> None:
    with pytest.raises(PeriodError, match=message.replace("(", r"\(")):
        parse_period(key)


def test_recent_periods_start_with_the_current_ones() -> None:
    keys = [p.key for p in recent_periods(date(2026, 11, 28))]
    assert keys[:2] == ["2026-W48", "2026-W47"]
    assert "2026-11" in keys and "2026-10" in keys and "2025" in keys
