"""Privacy's periodic task: the daily retention run (after the rollups have counted)."""

from otklik import periodic
from otklik.privacy.actions.retention import retention_task

periodic.register(retention_task, stage=periodic.NOTIFY + 20)
