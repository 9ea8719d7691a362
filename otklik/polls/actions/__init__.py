"""The only writer of the polls app's tables: polls, votes, the platforms' counts, initiatives
and their supports. Views validate and call one action here."""

from otklik.polls.actions.counts import collect_counts, fetch_vk_counts, read_telegram_polls
from otklik.polls.actions.initiatives import (
    accept,
    decline,
    has_supported,
    mark_done,
    propose,
    review,
    save_answer,
    support,
)
from otklik.polls.actions.polls import (
    can_manage,
    cast_vote,
    close_due,
    close_poll,
    create_poll,
    has_voted,
    is_running,
    open_poll,
    update_poll,
)
from otklik.polls.actions.publish import publish_poll
from otklik.polls.actions.summary import draft_results_post

__all__ = [
    "accept",
    "can_manage",
    "cast_vote",
    "close_due",
    "close_poll",
    "collect_counts",
    "create_poll",
    "decline",
    "draft_results_post",
    "fetch_vk_counts",
    "has_supported",
    "has_voted",
    "is_running",
    "mark_done",
    "open_poll",
    "propose",
    "publish_poll",
    "read_telegram_polls",
    "review",
    "save_answer",
    "support",
    "update_poll",
]
