"""The calendar as tables: (posts, month) → the grid's days, counts, gaps and overloads; the week
of hours; plan / fact / norm per channel; the city's time zone at the edge of a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from otklik.incidents.deadlines import city_calendar
from otklik.plan import calendar
from otklik.plan.actions.schedule import set_norm
from otklik.plan.calendar import OVERLOAD, Chip, month_grid, norm_rows, week_grid
from otklik.plan.models import Campaign, ChannelNorm, Post, PostChannel
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source
from otklik.sources.models import Source

TOMSK = ZoneInfo("Asia/Tomsk")


def weekdays_only(day: date) -> bool:
    return day.weekday() < 5


def chip(n: int, utc: str) -> Chip:
    at = datetime.fromisoformat(utc).replace(tzinfo=UTC).astimezone(TOMSK)
    return Chip(n, at, f"Пост {n}", "", "#4a76a8", "approved", "Утверждён")


def day_of(grid: calendar.Month, wanted: date) -> calendar.Day:
    return next(d for week in grid.weeks for d in week if d.date == wanted)


class MonthGridTest(SimpleTestCase):
    # (year, month) → (first day shown, last day shown, weeks)
    SHAPES = [
        ((2026, 11), date(2026, 10, 26), date(2026, 12, 6), 6),  # 1 Nov is a Sunday
        ((2026, 12), date(2026, 11, 30), date(2027, 1, 3), 5),  # 1 Dec is a Tuesday
        ((2027, 2), date(2027, 2, 1), date(2027, 2, 28), 4),  # Monday to Sunday exactly
    ]

    def test_weeks_start_on_monday_around_the_month(self) -> None:
        for (year, month), first, last, weeks in self.SHAPES:
            with self.subTest(f"{year}-{month}"):
                grid = month_grid(year, month, [], weekdays_only)
                self.assertEqual(grid.weeks[0][0].date, first)
                self.assertEqual(grid.weeks[-1][-1].date, last)
                self.assertEqual(len(grid.weeks), weeks)
                self.assertTrue(all(len(w) == 7 and w[0].date.weekday() == 0 for w in grid.weeks))

    def test_days_outside_the_month_are_dimmed_and_never_gaps(self) -> None:
        grid = month_grid(2026, 12, [], weekdays_only)
        outside = day_of(grid, date(2026, 11, 30))
        self.assertEqual((outside.in_range, outside.gap), (False, False))
        self.assertTrue(day_of(grid, date(2026, 12, 1)).gap)

    # (posts at, UTC) → {day: (count, gap, overload)} in December 2026
    COUNTS = [
        ([], {date(2026, 12, 1): (0, True, False), date(2026, 12, 5): (0, False, False)}),
        (
            ["2026-12-01T03:00", "2026-12-01T05:00"],
            {date(2026, 12, 1): (2, False, False), date(2026, 12, 2): (0, True, False)},
        ),
        (
            [f"2026-12-02T0{h}:00" for h in range(OVERLOAD + 1)],
            {date(2026, 12, 2): (OVERLOAD + 1, False, True)},
        ),
        (
            [f"2026-12-03T0{h}:00" for h in range(OVERLOAD)],
            {date(2026, 12, 3): (OVERLOAD, False, False)},
        ),
        # 2026-11-30T20:00Z is 1 December, 03:00 in Tomsk (UTC+7)
        (
            ["2026-11-30T20:00"],
            {date(2026, 12, 1): (1, False, False), date(2026, 11, 30): (0, False, False)},
        ),
        # 2026-11-30T16:59Z is still 30 November, 23:59 in Tomsk
        (["2026-11-30T16:59"], {date(2026, 11, 30): (1, False, False)}),
    ]

    def test_counts_gaps_and_overload(self) -> None:
        for posts, expected in self.COUNTS:
            with self.subTest(posts):
                chips = [chip(n, utc) for n, utc in enumerate(posts, 1)]
                grid = month_grid(2026, 12, chips, weekdays_only)
                for day, facts in expected.items():
                    found = day_of(grid, day)
                    self.assertEqual((found.count, found.gap, found.overload), facts, day)

    def test_chips_in_a_day_go_by_time(self) -> None:
        chips = [chip(1, "2026-12-01T09:00"), chip(2, "2026-12-01T02:00")]
        day = day_of(month_grid(2026, 12, chips, weekdays_only), date(2026, 12, 1))
        self.assertEqual([(c.id, c.time) for c in day.chips], [(2, "09:00"), (1, "16:00")])

    def test_titles_in_russian(self) -> None:
        grid = month_grid(2026, 12, [], weekdays_only)
        self.assertEqual(
            (grid.title, grid.previous, grid.next), ("Декабрь 2026", "2026-11", "2027-01")
        )
        self.assertEqual(month_grid(2027, 1, [], weekdays_only).previous, "2026-12")
        edge = datetime(2026, 11, 30, 20, tzinfo=UTC)
        self.assertEqual(calendar.spoken(edge, TOMSK), "1 декабря 2026, 03:00")


class WorkingCalendarTest(SimpleTestCase):
    def test_a_public_holiday_is_no_gap_and_a_working_day_is(self) -> None:
        grid = month_grid(2026, 11, [], city_calendar().is_working_day)
        self.assertFalse(day_of(grid, date(2026, 11, 4)).gap)  # День народного единства
        self.assertTrue(day_of(grid, date(2026, 11, 3)).gap)
        self.assertFalse(day_of(grid, date(2026, 11, 28)).gap)  # Saturday


class WeekGridTest(SimpleTestCase):
    def test_seven_days_from_monday_and_hours(self) -> None:
        chips = [chip(1, "2026-12-02T03:30"), chip(2, "2026-12-06T16:15")]  # 10:30; 23:15 Mon
        week = week_grid(date(2026, 12, 3), chips, weekdays_only)
        self.assertEqual(week.start, date(2026, 11, 30))
        self.assertEqual([d.date.day for d in week.days], [30, 1, 2, 3, 4, 5, 6])
        hours = [hour for hour, _ in week.rows]
        self.assertEqual((hours[0], hours[-1]), (calendar.FIRST_HOUR, 23))  # widened to fit
        placed = {
            (cell.date, hour): [c.id for c in cell.chips]
            for hour, cells in week.rows
            for cell in cells
            if cell.chips
        }
        self.assertEqual(placed, {(date(2026, 12, 2), 10): [1], (date(2026, 12, 6), 23): [2]})
        self.assertEqual(week.days[0].weekday, "Пн")
        self.assertEqual(week.title, "30 ноября – 6 декабря 2026")

    def test_moved_keeps_the_time_of_day_in_the_city(self) -> None:
        at = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)  # 1 Dec 03:00 in Tomsk
        self.assertEqual(
            calendar.moved(at, date(2026, 12, 5), None, TOMSK),
            datetime(2026, 12, 4, 20, 0, tzinfo=UTC),
        )
        self.assertEqual(
            calendar.moved(at, date(2026, 12, 5), time(9, 30), TOMSK),
            datetime(2026, 12, 5, 2, 30, tzinfo=UTC),
        )


class NormRowsTest(SimpleTestCase):
    MONDAY = date(2026, 11, 30)

    def test_plan_fact_and_norm(self) -> None:
        vk = Source(pk=1, name="vk", kind="vk")
        tg = Source(pk=2, name="tg", kind="telegram")
        norm = ChannelNorm(source_id=1, category="flagship", weekly_posts=3)
        in_week = datetime(2026, 12, 1, 3, tzinfo=UTC)
        before = datetime(2026, 11, 29, 3, tzinfo=UTC)
        facts = [
            (1, in_week, Post.State.APPROVED, PostChannel.State.PENDING, None),
            (1, in_week, Post.State.ON_APPROVAL, PostChannel.State.PENDING, None),
            (1, in_week, Post.State.DRAFT, PostChannel.State.PENDING, None),  # not planned
            (1, in_week, Post.State.PUBLISHED, PostChannel.State.PUBLISHED, in_week),
            (1, in_week, Post.State.PARTLY_FAILED, PostChannel.State.FAILED, None),  # failed
            (1, before, Post.State.PUBLISHED, PostChannel.State.PUBLISHED, before),  # last week
            (2, in_week, Post.State.PUBLISHED, PostChannel.State.PUBLISHED, in_week),
        ]
        rows = norm_rows([self.MONDAY], [vk, tg], {1: norm}, facts, TOMSK)
        got = [
            (r.badge, r.category, *[(f.planned, f.fact, f.norm, f.short) for f in r.figures])
            for r in rows
        ]
        self.assertEqual(
            got, [("ВК", "flagship", (3, 1, 3, False)), ("ТГ", "", (1, 1, None, False))]
        )
        short = norm_rows([self.MONDAY], [vk], {1: norm}, facts[:2], TOMSK)[0].figures[0]
        self.assertTrue(short.short)


class LoadTest(PlanTestCase):
    def test_tz_edge_and_one_query_per_thing(self) -> None:
        vk, tg = vk_source(), tg_source()
        campaign = Campaign.objects.create(slug="roads", title="Дороги", colour="#c0392b")
        edge = self.post([vk, tg], publish_at=datetime(2026, 11, 30, 20, tzinfo=UTC))
        edge.campaign = campaign
        edge.save()
        for n in range(3):
            self.post([vk], publish_at=datetime(2026, 12, 10, n, tzinfo=UTC))
        with self.assertNumQueries(2):  # the posts with campaigns; their channels with sources
            chips = calendar.chips_between(date(2026, 11, 30), date(2027, 1, 3), TOMSK)
        grid = month_grid(2026, 12, chips, weekdays_only)
        first = day_of(grid, date(2026, 12, 1)).chips[0]
        self.assertEqual((first.id, first.time, first.colour), (edge.pk, "03:00", "#c0392b"))
        self.assertEqual([b.label for b in first.badges], ["ТГ", "ВК"])
        self.assertTrue(first.movable)
        self.assertEqual(day_of(grid, date(2026, 11, 30)).count, 0)
        self.assertEqual(day_of(grid, date(2026, 12, 10)).count, 3)

        set_norm(self.moderator, vk, ChannelNorm.Category.ACTIVE, 2)
        with self.assertNumQueries(3):  # norms, channels, their posts in the weeks
            rows = calendar.load_norms(grid.mondays, TOMSK)
        self.assertEqual([r.channel for r in rows], ["tg-channel", "vk-wall"])
        self.assertEqual([f.planned for f in rows[1].figures], [0] * len(grid.mondays))

    def test_published_channel_is_not_movable(self) -> None:
        vk = vk_source()
        post = self.approved([vk], publish_at=self.future())
        post.channels.update(state=PostChannel.State.PUBLISHED)
        start = (self.future() - timedelta(days=1)).date()
        chips = calendar.chips_between(start, start + timedelta(days=2), TOMSK)
        self.assertFalse(chips[0].movable)
