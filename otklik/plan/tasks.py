"""Plan's periodic tasks: publish the approved posts that are due, read the statistics of the
published ones (each step is due by its own stored time), count the subscribers once a day."""

from otklik import periodic
from otklik.plan.actions import publish_due
from otklik.plan.actions.metrics import collect_due, collect_subscribers

periodic.register(publish_due, stage=periodic.PUBLISH)
periodic.register(collect_due, stage=periodic.PUBLISH)
periodic.register(collect_subscribers, stage=periodic.PUBLISH)
