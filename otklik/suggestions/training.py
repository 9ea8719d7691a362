"""Retraining from the administration's own decisions: history, corrections, a fixed held-out slice.

The labelled history is every message the press service put into an incident (its category,
department and territory as finally decided) and every message it dismissed (not actionable).
A fixed slice (by a hash of the message's identity) is never trained on: each version is
evaluated on it, so versions compare side by side.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from otklik.cities.models import Category, Department
from otklik.inbox.models import Message
from otklik.suggestions.actions import activate_version
from otklik.suggestions.engine import active_version, models_dir
from otklik.suggestions.models import ModelVersion
from otklik.suggestions.politics import PoliticsPlan, plan
from otklik.triage import trainer

log = logging.getLogger(__name__)

HOLDOUT_SHARE = 5  # one in five
# Toxicity stays rule-based in the product: a learnt style head flags ordinary angry complaints.
TASKS = ("category_group", "category", "department", "actionable", "sentiment")
MIN_EXAMPLES = 10
MIN_WEIGHT = 0.05


def is_held_out(key: str) -> bool:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return digest[0] % HOLDOUT_SHARE == 0


def recency_weight(created_at: datetime | None, now: datetime) -> str:
    """Routing practice drifts (desks are merged, a committee takes over a topic): a decision
    counts half as much every OTKLIK_TRIAGE_HALF_LIFE_DAYS, never less than 5%."""
    half_life = settings.TRIAGE_HALF_LIFE_DAYS
    if not half_life or created_at is None:
        return "1"
    age_days = max(0.0, (now - created_at).total_seconds() / 86400)
    return f"{max(MIN_WEIGHT, 0.5 ** (age_days / half_life)):.4f}"


def history_rows(now: datetime | None = None) -> list[dict[str, str]]:
    """Labelled examples from the database, as the trainer's rows; recent ones weigh more."""
    rows: list[dict[str, str]] = []
    now = now or timezone.now()
    linked = Message.objects.filter(
        status=Message.Status.LINKED, incident__isnull=False
    ).select_related(
        "source", "incident__category__parent", "incident__department", "incident__territory"
    )
    for m in linked.iterator(chunk_size=1000):
        incident = m.incident
        category = incident.category
        rows.append(
            {
                "key": m.external_id,
                "text": m.text,
                "category": category.code if category and category.parent_id else "",
                "category_group": (category.parent.code if category.parent_id else category.code)
                if category
                else "",
                "department": incident.department.code if incident.department else "",
                "territory": incident.territory.code if incident.territory else "",
                "actionable": "1",
                "weight": recency_weight(m.created_at, now),
            }
        )
    dismissed = Message.objects.filter(status=Message.Status.DISMISSED).select_related("source")
    for m in dismissed.iterator(chunk_size=1000):
        weight = recency_weight(m.created_at, now)
        rows.append({"key": m.external_id, "text": m.text, "actionable": "0", "weight": weight})
    return rows


def corpus_rows(path: Path) -> list[dict[str, str]]:
    """A labelled JSONL corpus (the demo's format) as the trainer's rows."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        rows.append(
            {
                "key": r["external_id"],
                "text": r["text"],
                "category": r.get("category") or "",
                "category_group": r.get("category_group") or "",
                "department": r.get("department") or "",
                "territory": r.get("territory") or "",
                "actionable": "1" if r.get("is_actionable") else "0",
                "sentiment": r.get("sentiment") or "",
                "toxicity": "1" if r.get("toxic") else "0",
                "weight": "1",
            }
        )
    return rows


def descriptions() -> dict[str, str]:
    """Category and department names and descriptions: training text for rare labels."""
    found: dict[str, str] = {}
    for c in Category.objects.all():
        found[c.code] = " ".join([c.name, c.description, " ".join(map(str, c.keywords or []))])
    for d in Department.objects.all():
        found[d.code] = " ".join([d.name, d.short_name, d.description])
    return found


def _fingerprint(rows: Iterable[dict[str, str]]) -> str:
    digest = hashlib.sha256()
    for r in rows:
        digest.update(json.dumps(r, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()


def _featurizer() -> trainer.Featurizer:
    from otklik.triage.lemmas import Lemmatizer
    from otklik.triage.territory import Gazetteer, TerritoryMatcher

    lemmatizer = Lemmatizer()
    gazetteer = Gazetteer.from_city_dict(settings.CITY.raw, lemmatizer.tokenize)
    return trainer.Featurizer(lemmatizer, TerritoryMatcher(gazetteer))


def _present(rows: list[dict[str, str]], label: str) -> bool:
    values = {r.get(label, "") for r in rows} - {""}
    return len(values) >= 2 and sum(1 for r in rows if r.get(label)) >= MIN_EXAMPLES


Track = Callable[..., Iterator[Any]]


def _plain(items: Iterable[Any], total: int | None = None, description: str = "") -> Iterator[Any]:
    return iter(items)


def train_version(
    rows: list[dict[str, str]],
    note: str = "",
    folds: int = 3,
    track: Track = _plain,
    politics: PoliticsPlan | None = None,
) -> ModelVersion:
    """Train every head the rows can support; evaluate on the held-out slice; keep the version.
    `track`: wraps the heads' loop (otklik.progress.track for a bar at a terminal); `politics`:
    where the politics head comes from (it is not learnt from the rows, see politics.py)."""
    train_rows = [r for r in rows if not is_held_out(r["key"])]
    held_rows = [r for r in rows if is_held_out(r["key"])]
    fingerprint = _fingerprint(rows)
    version = f"{timezone.now():%Y%m%d-%H%M%S}-{fingerprint[:8]}"
    out = models_dir() / version
    out.mkdir(parents=True, exist_ok=True)
    featurizer = _featurizer()
    names = [n for n in TASKS if _present(train_rows, trainer.TASKS[n].label)]
    if not names:
        raise ValueError(
            f"Мало размеченных примеров для обучения (нужно по {MIN_EXAMPLES} на метку)"
        )
    texts = descriptions()
    for name in track(names, description="Обучение голов"):
        trainer.train(
            trainer.TASKS[name],
            train_rows,
            out,
            featurizer=featurizer,
            data_fingerprint=fingerprint,
            descriptions=texts,
            folds=folds,
        )
    if politics is not None:
        politics.apply(out, featurizer)
    holdout = trainer.evaluate(out, held_rows, featurizer) if held_rows else {}
    card = json.loads((out / "card.json").read_text(encoding="utf-8"))
    return ModelVersion.objects.create(
        version=version,
        path=str(out),
        trained_on=len(train_rows),
        card=card,
        holdout={"examples": len(held_rows), **holdout},
        note=note[:300],
    )


def should_replace(
    new: ModelVersion, current: ModelVersion | None, tolerance: float = 0.02
) -> bool:
    """A new version replaces the active one unless it is worse on the held-out slice."""
    if current is None:
        return True
    for head in ("category", "department"):
        old = (current.holdout.get(head) or {}).get("accuracy")
        fresh = (new.holdout.get(head) or {}).get("accuracy")
        if old is not None and fresh is not None and fresh < old - tolerance:
            return False
    return True


def merge(base: list[dict[str, str]], decided: list[dict[str, str]]) -> list[dict[str, str]]:
    """One row per message: the press service's decisions override a corpus's labels."""
    merged = {r["key"]: dict(r) for r in base}
    for r in decided:
        merged.setdefault(r["key"], {}).update({k: v for k, v in r.items() if v != ""})
    return list(merged.values())


def retrain(
    extra_rows: list[dict[str, str]] | None = None,
    note: str = "",
    track: Track = _plain,
    politics_data: Path | None = None,
) -> dict[str, Any]:
    """A new version from the decisions (and `extra_rows`); the politics head is carried over
    from the active version, or trained anew on `politics_data`."""
    current = active_version()
    politics = plan(current, politics_data)  # a bad file fails here, before any training
    rows = merge(list(extra_rows or []), history_rows())
    version = train_version(rows, note=note, track=track, politics=politics)
    replaced = should_replace(version, current)
    if replaced:
        activate_version(version)
    log.info(
        "trained %s on %s rows; active: %s; politics head: %s",
        version.version, version.trained_on, replaced, politics.how,
    )  # fmt: skip
    return {
        "version": version.version,
        "activated": replaced,
        "holdout": version.holdout,
        "politics": politics.how,
        "politics_note": politics.describe(),
    }
