"""The polls' periodic tasks: close the polls whose period ended, read the platforms' counts
(Telegram's stored `poll` updates once each, VK's polls.getById on a schedule)."""

from otklik import periodic
from otklik.polls.actions import close_due, collect_counts

periodic.register(collect_counts, stage=periodic.PUBLISH)
periodic.register(close_due, stage=periodic.DEADLINES)
