"""The cycle collector is paused inside a batch only, and a caller's own setting is kept."""

from __future__ import annotations

import gc

import pytest

from otklik.triage.document import Doc
from otklik.triage.pipeline import Pipeline


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_paused_inside_each_batch_only(lemmatizer, enabled) -> None:
    seen: list[bool] = []

    def step(doc: Doc) -> Doc:
        seen.append(gc.isenabled())
        return doc

    pipe = Pipeline.load(None, lemmatizer=lemmatizer)
    pipe.steps.append(step)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        results = pipe.process_batch([("яма на дороге", {}), ("спасибо", {})] * 3, size=2)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert seen == [False] * 6
    assert [r.actionable_reason for r in results][:2] == [
        r.actionable_reason
        for r in Pipeline.load(None, lemmatizer=lemmatizer).process_batch(
            [("яма на дороге", {}), ("спасибо", {})]
        )
    ]
