"""Retention (otklik.privacy): residents' personal data out of the answers to old incidents."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from otklik.answers.models import Answer


def depersonalise_answers(incident_ids: Sequence[int], mask: Callable[[str], str]) -> int:
    """The answers' texts and reviewers' remarks masked by `mask` (an answer addresses the
    resident by name); kinds, statuses, dates and publications stay. Idempotent."""
    rows = list(
        Answer.objects.filter(incident_id__in=incident_ids).only("id", "text", "review_comment")
    )
    for answer in rows:
        answer.text = mask(answer.text)
        answer.review_comment = mask(answer.review_comment)
    Answer.objects.bulk_update(rows, ["text", "review_comment"], batch_size=500)
    return len(rows)
