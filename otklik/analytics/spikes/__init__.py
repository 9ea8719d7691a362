"""Spike alerts: a framework-free library (numpy, scipy, scikit-learn; no Django, no otklik).

Per series (a category × territory, hourly counts of messages):

1. **Baseline** (`baseline.py`): a multiplicative Poisson log-linear model on the trailing
   eight weeks, rate(day, hour) = a[day] × b[day kind, hour] — a factor per day of the week and
   an hour-of-day profile for working days and for days off (a public holiday counts as a
   Sunday). It is fitted by iterative proportional fitting (the Poisson maximum likelihood of
   that model) on recency-weighted counts (half-life two weeks: the slow level follows the
   recent weeks), shrunk towards the pooled hour profile for sparse series, and refitted once
   without the hours that stand out (robust to past spikes). Overdispersion: the negative
   binomial NB2 α by the method of moments on the weighted residuals, clamped.
2. **Test** (`tail.py`, `detect.py`): the last 1, 3 and 6 hours' count against the baseline's
   predictive distribution — a negative binomial with the window's mean and variance — as an
   upper-tail probability; the three windows are combined by Bonferroni (× 3). A window is not
   a spike below `min_count` messages or `min_ratio` × expected.
3. **Many series** (`fdr.py`): Benjamini–Hochberg at level q over every series (and new-topic
   cluster) tested in one evaluation. Why BH with a small q rather than a per-week Bonferroni
   budget: when nothing happens anywhere (the complete null), BH's chance of any alarm in one
   evaluation is at most q, exactly like Bonferroni at q, so 168 hourly evaluations a week give
   at most 168·q false alarms a week (q = 0.005 → ≤ 0.84, and fewer in practice: overlapping
   windows make consecutive false hours one alarm). When something does happen — a storm that
   floods several territories at once — BH rejects far more of the true spikes than Bonferroni,
   at the same control of the false share among the alarms.
4. **New topics** (`clusters.py`): the recent messages that fit no category, clustered by
   TF-IDF (character 3–5-grams inside words: robust to Russian endings) and cosine similarity,
   single pass with an average-link threshold; a cluster whose last hours hold more messages
   than its own earlier rate predicts gets a tail p-value that joins the same BH.

`otklik bench spikes` measures recall and false alarms on a synthetic year (docs/benchmarks.md).
"""

from otklik.analytics.spikes.baseline import Baseline, fit_baseline
from otklik.analytics.spikes.clusters import Cluster, TextItem, cluster_texts, growing_clusters
from otklik.analytics.spikes.detect import Finding, Params, detect, evaluate
from otklik.analytics.spikes.fdr import benjamini_hochberg

__all__ = [
    "Baseline",
    "Cluster",
    "Finding",
    "Params",
    "TextItem",
    "benjamini_hochberg",
    "cluster_texts",
    "detect",
    "evaluate",
    "fit_baseline",
    "growing_clusters",
]
