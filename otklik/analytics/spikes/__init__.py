"""Spike alerts: a framework-free library (numpy, scipy, scikit-learn; no Django, no otklik).

Per series (a category × territory, hourly counts of messages):

1. **Baseline** (`baseline.py`): a multiplicative Poisson log-linear model on the trailing
   eight weeks, rate(day, hour) = a[day] × b[day kind, hour] — a factor per day of the week and
   an hour-of-day profile for working days and for days off (a public holiday counts as a
   Sunday). It is fitted by iterative proportional fitting (the Poisson maximum likelihood of
   that model) on recency-weighted counts (half-life four weeks for the shape, three days for
   the slow level), shrunk towards the pooled hour profile for sparse series, and refitted once
   without the hours that stand out (robust to past spikes). Overdispersion: the negative
   binomial NB2 α by the method of moments on the weighted residuals, clamped.
2. **Test** (`shift.py`, `detect.py`): a CUSUM limited to the last 12 hours, designed for a
   rise to 3 × the baseline: each hour's negative binomial log-likelihood ratio (a count of
   3 × its expected rate against its expected rate, the baseline's α), summed over the last
   1 … 12 hours, the largest sum S kept among the windows that hold at least `min_count`
   messages (an alert on three messages is of no use to the press service). Evidence builds up
   over a sustained rise and a lone noisy hour does not carry it far. The finding's p-value is
   e^(−S), the inverse of the likelihood ratio.
3. **Many series** (`fdr.py`): Benjamini–Hochberg at level q over every series (and new-topic
   cluster) tested in one evaluation. When nothing happens anywhere, BH's first step needs
   p ≤ q/m, i.e. S ≥ h = log(m/q); a CUSUM crosses h at most once in e^h hours on average
   (Lorden's bound, when the baseline is right), so the m series together give at most one
   false alarm in 1/q hours: q = 1/168 budgets one a week for all the series, split evenly.
   When a storm floods several territories at once BH rejects more of the true spikes than
   a per-series Bonferroni split would.
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
