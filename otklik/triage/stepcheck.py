"""Measured quality of the rule steps (is it for us, urgency, toxicity, sensitive topics,
territory, rule sentiment, same problem) on any labelled file.

Each step is scored only where the file has its label: a column named as in the demo corpus
(`is_actionable`, `urgent`, `toxic`, `territory`, `sentiment`, `same_as`, and one column per
sensitive topic, e.g. `politics`) or a constant given with `--expect toxic=0` (every Kursk appeal
is an ordinary, actionable complaint; every text in a detox file's toxic column is toxic).
Without any label a step still reports how often it fires.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from otklik.triage.actionable import ACTIONABLE
from otklik.triage.pipeline import TriageResult

TRUE = {"1", "true", "yes", "да", "y", "t"}
URGENT = {"high", "critical"}
# a corpus's topic columns → our sensitive kinds (s-nlp's sensitive-topics names `terrorism`)
SENSITIVE_COLUMNS = {"politics": "politics", "extremism": "extremism", "terrorism": "extremism"}
ALIASES = {"actionable": "is_actionable", "urgency": "urgent", "toxicity": "toxic"}


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value >= 0.5
    text = str(value).strip().lower()
    try:
        return float(text) >= 0.5  # "1", "1.0", a crowd's share "0.78"
    except ValueError:
        return text in TRUE


def binary(pairs: Iterable[tuple[bool, bool]]) -> dict[str, float | int]:
    """(predicted, expected) pairs → counts, precision, recall, false-positive rate."""
    tp = fp = fn = tn = 0
    for got, want in pairs:
        tp += got and want
        fp += got and not want
        fn += want and not got
        tn += not got and not want
    n = tp + fp + fn + tn
    out: dict[str, float | int] = {"n": n, "positives": tp + fn, "fired": tp + fp}
    out["fired_rate"] = round((tp + fp) / n, 4) if n else 0.0
    if tp + fp:
        out["precision"] = round(tp / (tp + fp), 4)
    if tp + fn:
        out["recall"] = round(tp / (tp + fn), 4)
    if fp + tn:
        out["false_positive_rate"] = round(fp / (fp + tn), 4)
    if tp + fp and tp + fn and tp:
        p, r = tp / (tp + fp), tp / (tp + fn)
        out["f1"] = round(2 * p * r / (p + r), 4)
    return out


def label(row: dict[str, str], name: str, expect: dict[str, str]) -> str | None:
    """The row's label for a step: its column, else the constant from --expect, else None."""
    for key in (name, ALIASES.get(name, ""), *[k for k, v in ALIASES.items() if v == name]):
        if key and key in row and row[key] is not None:
            return row[key]
        if key and key in expect:
            return expect[key]
    return None


def evaluate_steps(
    rows: list[dict[str, str]], results: list[TriageResult], expect: dict[str, str]
) -> dict[str, dict]:
    report: dict[str, dict] = {}
    pairs: dict[str, list[tuple[bool, bool]]] = {"is_actionable": [], "urgent": [], "toxic": []}
    fired: dict[str, int] = {"is_actionable": 0, "urgent": 0, "toxic": 0}
    for row, r in zip(rows, results, strict=True):
        got = {
            "is_actionable": r.actionable >= ACTIONABLE,
            "urgent": r.priority in URGENT,
            "toxic": r.toxic,
        }
        for name, value in got.items():
            fired[name] += value
            want = label(row, name, expect)
            if want is not None:
                pairs[name].append((value, flag(want)))
    for name, found in pairs.items():
        report[name] = binary(found) if found else {"n": len(rows), "fired": fired[name]}
    report.update(_sensitive(rows, results, expect))
    report.update(_territory(rows, results))
    report.update(_sentiment(rows, results))
    report.update(_same_as(rows, results))
    return report


def _sensitive(rows, results, expect) -> dict[str, dict]:
    out: dict[str, dict] = {}
    columns = [c for c in SENSITIVE_COLUMNS if rows and (c in rows[0] or c in expect)]
    for column in columns:
        kind = SENSITIVE_COLUMNS[column]
        pairs = [
            (kind in r.sensitive, flag(label(row, column, expect) or "0"))
            for row, r in zip(rows, results, strict=True)
        ]
        out[f"sensitive_{kind}" if column == kind else f"sensitive_{kind}_vs_{column}"] = binary(
            pairs
        )
    return out


def _territory(rows, results) -> dict[str, dict]:
    if not rows or "territory" not in rows[0]:
        return {}
    right = named = labelled = found = 0
    for row, r in zip(rows, results, strict=True):
        want = (row.get("territory") or "").strip()
        got = r.territory[0] if r.territory else ""
        labelled += bool(want)
        named += bool(got)
        found += bool(want) and got == want
        right += got == want
    n = len(rows)
    return {
        "territory": {
            "n": n,
            "accuracy": round(right / n, 4),  # «none» counts as a label: no place, no guess
            "precision": round(found / named, 4) if named else 0.0,
            "recall": round(found / labelled, 4) if labelled else 0.0,
        }
    }


def _sentiment(rows, results) -> dict[str, dict]:
    from sklearn.metrics import f1_score

    if not rows or "sentiment" not in rows[0]:
        return {}
    ours = {"negative", "neutral", "positive", "thanks"}
    kept = [
        (row["sentiment"].strip(), r.sentiment)
        for row, r in zip(rows, results, strict=True)
        if (row.get("sentiment") or "").strip() in ours
    ]
    if not kept:
        return {}
    want, got = zip(*kept, strict=True)
    return {
        "sentiment_rules": {
            "n": len(kept),
            "accuracy": round(sum(a == b for a, b in kept) / len(kept), 4),
            "macro_f1": round(float(f1_score(want, got, average="macro", labels=sorted(ours))), 4),
        }
    }


def _same_as(rows, results) -> dict[str, dict]:
    if not rows or "same_as" not in rows[0]:
        return {}
    ids = [row.get("external_id") or row.get("id") or str(i) for i, row in enumerate(rows)]
    same = {i: (row.get("same_as") or "").strip() for i, row in zip(ids, rows, strict=True)}
    # a suggestion is right when it names a message of the same problem: the one the label
    # names, one that names the same one, or one that names this message
    group = {i: same[i] or i for i in ids}
    suggested = right = 0
    for i, r in zip(ids, results, strict=True):
        if r.same_as:
            suggested += 1
            other = str(r.same_as["id"])
            right += group.get(other, other) == group[i]
    labelled = sum(bool(v) for v in same.values())
    found = sum(
        bool(r.same_as) and group.get(str(r.same_as["id"])) == group[i]
        for i, r in zip(ids, results, strict=True)
        if same[i]
    )
    return {
        "same_as": {
            "n": len(rows),
            "labelled_repeats": labelled,
            "suggested": suggested,
            "precision": round(right / suggested, 4) if suggested else 0.0,
            "recall": round(found / labelled, 4) if labelled else 0.0,
        }
    }
