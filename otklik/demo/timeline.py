"""When the demo's press service did what: an incident's timeline, drawn against its own clocks.

An incident is taken up a quarter of an hour to an hour after the first report (sooner when the
first-reply clock is short). Its first public reply comes inside the first-reply deadline (most
often) or some working hours after it (`LATE_FIRST`); its final answer inside the final-answer
deadline, most of them in its first half, or some working days after it (`LATE_FINAL`). The
working hours are those of the city's calendar (otklik.incidents.deadlines), so a reply lands in
office hours, not at night. Nothing lands after `now`: a plan that would is cut short (the reply
not yet given, or given sooner).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution
from otklik.worktime import WorkingCalendar

LATE_FIRST = 0.07
LATE_FINAL = 0.08
RESOLUTIONS = ((Resolution.RESOLVED, 0.8), (Resolution.EXPLAINED, 0.15),
               (Resolution.NOT_OURS, 0.05))  # fmt: skip
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Plan:
    incident: Incident
    taken: datetime  # the incident's registration
    first: datetime | None  # the first public reply (an intermediate answer, or the final one)
    final: datetime | None  # the final answer's publication; None while open
    closed: datetime | None
    resolution: str = ""

    @property
    def intermediate(self) -> bool:
        """The first reply is an answer of its own (the final one came later)."""
        return self.first is not None and (self.final is None or self.final - self.first > 2 * HOUR)


HOUR = timedelta(hours=1)


def draw(
    incident: Incident,
    report: datetime,
    close: bool,
    now: datetime,
    calendar: WorkingCalendar,
    rng: random.Random,
) -> Plan:
    """The timeline of `incident`, first reported at `report`; closed when `close`."""
    first_due = incident.first_reply_due or report + 8 * HOUR
    lead = max(first_due - report, 10 * MINUTE)
    taken = report + min(rng.uniform(10, 60) * MINUTE, lead * 0.3)
    first = _within(calendar, taken, first_due, rng.uniform(0.15, 0.85), rng, LATE_FIRST, 6)
    if not close:
        return Plan(incident, taken, first if first < now else None, None, None)
    final_due = incident.final_answer_due or first_due + 10 * 24 * HOUR
    final = _within(calendar, taken, final_due, rng.betavariate(1.6, 3.2), rng, LATE_FINAL, 40)
    final = max(final, first + rng.uniform(30, 180) * MINUTE)
    closed = final + rng.uniform(5, 90) * MINUTE
    if closed >= now - HOUR:  # a recent incident closed already: its work went quicker
        closed = taken + (now - 2 * HOUR - taken) * rng.uniform(0.6, 0.95)
        final = closed - rng.uniform(5, 30) * MINUTE
        first = min(first, final)
    resolution = rng.choices(*zip(*RESOLUTIONS, strict=True))[0]
    return Plan(incident, taken, first, final, closed, resolution)


def _within(
    calendar: WorkingCalendar,
    start: datetime,
    due: datetime,
    share: float,
    rng: random.Random,
    late: float,
    late_hours: float,
) -> datetime:
    """A moment `share` of the working time from `start` to `due`, or (with chance `late`) up to
    `late_hours` working hours after `due`."""
    if rng.random() < late:
        return calendar.add_working_hours(due, rng.uniform(0.5, late_hours))
    hours = calendar.working_hours_between(start, due)
    if hours <= 0:  # a clock in calendar hours that ends before office hours begin
        return start + (due - start) * share
    return calendar.add_working_hours(start, hours * share)
