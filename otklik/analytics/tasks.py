"""Analytics periodic tasks: each part registers its own line here."""

from otklik import periodic
from otklik.analytics.actions.rollups import update_rollups

#: After everything else in the worker's pass: the rollups read what the pass wrote.
ROLLUPS = periodic.NOTIFY + 10

periodic.register(update_rollups, stage=ROLLUPS)

from otklik.analytics.actions.spikes import detect_spikes_due  # noqa: E402  (spike alerts)

periodic.register(detect_spikes_due, stage=periodic.TRIAGE + 5)  # after triage, before notices
