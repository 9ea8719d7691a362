"""Every figure of a report for one period, read-only: one call, one object.

The dashboard and the tests compare against the same object. The figures are computed directly
from the source tables with aggregate queries (not from the dashboards' rollups), so a report
for any past period is exact however the rollups were built:

- the official pages and their audience growth, posts against the norm (report_audience);
- the campaigns by national project and programme: posts, reach, engagement (report_audience);
- the handling of residents' messages: volumes, topics, times in working hours, on-time
  shares, ratings (report_handling);
- the Mayor's meetings and instructions, the closed polls (report_meetings);
- the press officer's narrative sections (ReportNarrative).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from otklik.analytics.models.reports import ReportNarrative
from otklik.analytics.report_audience import CampaignRow, PageGrowth, campaigns, pages
from otklik.analytics.report_handling import Handling, handling
from otklik.analytics.report_meetings import Meetings, Polls, meetings, polls
from otklik.analytics.report_period import Period

SECTIONS = ReportNarrative.Section


@dataclass
class ReportFigures:
    period: Period
    city: str
    pages: list[PageGrowth]
    campaigns: list[CampaignRow]
    handling: Handling
    meetings: Meetings
    polls: Polls
    narrative: dict[str, str]  # section → text; every section present, «» when not written

    @property
    def subscribers_first(self) -> int:
        return sum(p.first or 0 for p in self.pages)

    @property
    def subscribers_last(self) -> int:
        return sum(p.last or 0 for p in self.pages)

    @property
    def posts(self) -> int:
        return sum(c.figures.posts for c in self.campaigns)


def narrative(period: Period) -> dict[str, str]:
    texts = dict.fromkeys(SECTIONS.values, "")
    rows = ReportNarrative.objects.filter(period=period.key).values_list("section", "text")
    texts.update(rows)
    return texts


def report_figures(period: Period) -> ReportFigures:
    return ReportFigures(
        period=period,
        city=settings.CITY.name,
        pages=pages(period),
        campaigns=campaigns(period),
        handling=handling(period),
        meetings=meetings(period),
        polls=polls(period),
        narrative=narrative(period),
    )
