"""Instruction deadlines on the city's working calendar (Asia/Tomsk, UTC+7)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from otklik.meetings.deadlines import deadline_for, end_of_working_day, warn_moment

# Tuesday 2026-12-29, 10:00 in Seversk.
BEFORE_NEW_YEAR = datetime(2026, 12, 29, 3, 0, tzinfo=UTC)


class DeadlineTests(SimpleTestCase):
    def test_working_days_skip_the_new_year_holidays(self) -> None:
        # Day 1: Wed 30 Dec; 31 Dec – 10 Jan are days off; day 2: Mon 11 Jan.
        due = deadline_for(BEFORE_NEW_YEAR, working_days=2)
        self.assertEqual(due.isoformat(), "2027-01-11T18:00:00+07:00")

    def test_one_working_day_is_the_next_one(self) -> None:
        due = deadline_for(BEFORE_NEW_YEAR, working_days=1)
        self.assertEqual(due.isoformat(), "2026-12-30T18:00:00+07:00")

    def test_after_hours_counts_from_the_next_working_day(self) -> None:
        friday_evening = datetime(2026, 12, 4, 13, 0, tzinfo=UTC)  # 20:00 local
        due = deadline_for(friday_evening, working_days=1)
        self.assertEqual(due.isoformat(), "2026-12-08T18:00:00+07:00")

    def test_a_date_ends_with_its_working_day(self) -> None:
        due = deadline_for(BEFORE_NEW_YEAR, due=date(2027, 1, 12))
        self.assertEqual(due.isoformat(), "2027-01-12T18:00:00+07:00")

    def test_a_holiday_moves_to_the_next_working_day(self) -> None:
        self.assertEqual(
            end_of_working_day(date(2027, 1, 3)).isoformat(), "2027-01-11T18:00:00+07:00"
        )

    def test_the_day_before_a_holiday_is_short(self) -> None:
        # Friday 30 April 2027 precedes 1 May: work ends an hour early.
        self.assertEqual(
            end_of_working_day(date(2027, 4, 30)).isoformat(), "2027-04-30T17:00:00+07:00"
        )

    def test_the_reminder_is_the_working_day_before(self) -> None:
        due = deadline_for(BEFORE_NEW_YEAR, working_days=2)
        self.assertEqual(warn_moment(due).isoformat(), "2026-12-30T09:00:00+07:00")

    def test_bad_input_is_refused_in_russian(self) -> None:
        cases = [
            ({}, "Укажите срок"),
            ({"due": date(2027, 1, 12), "working_days": 2}, "Укажите срок"),
            ({"due": date(2026, 12, 1)}, "в прошлом"),
            ({"working_days": 0}, "рабочих дней"),
        ]
        for kwargs, text in cases:
            with self.subTest(kwargs=kwargs), self.assertRaisesMessage(ValidationError, text):
                deadline_for(BEFORE_NEW_YEAR, **kwargs)  # type: ignore[arg-type]
