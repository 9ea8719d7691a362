"""Analytics tables, one module per part: each part adds its import line here."""

from otklik.analytics.models.reports import ReportNarrative
from otklik.analytics.models.rollups import (
    DailyDurations,
    DailyIncidents,
    DailyMessages,
    IncidentFact,
    RollupCursor,
)
from otklik.analytics.models.slices import (  # noqa: F401  (coarse rollups)
    Dim,
    Grain,
    SliceDurations,
    SliceIncidents,
    SliceMessages,
)
from otklik.analytics.models.spikes import Spike, SpikeRun  # noqa: F401  (spike alerts)

__all__ = [
    "DailyDurations",
    "DailyIncidents",
    "DailyMessages",
    "IncidentFact",
    "ReportNarrative",
    "RollupCursor",
]
