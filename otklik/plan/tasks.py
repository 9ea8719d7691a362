"""Plan's periodic task: publish the approved posts that are due."""

from otklik import periodic
from otklik.plan.actions import publish_due

periodic.register(publish_due, stage=periodic.PUBLISH)
