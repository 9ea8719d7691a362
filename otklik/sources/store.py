"""Where intake hands its records over: the message store that the inbox registers.

Intake (this app) stands below the inbox, so it never imports it. The inbox registers its
writers here in `InboxConfig.ready()`; the worker's `process_payload`, the importer and the
channel adapters (edits, deletions) call them through `message_store()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from otklik.sources.models import Source
from otklik.sources.records import MessageRecord


class StoreMessages(Protocol):
    def __call__(
        self,
        source: Source,
        records: Sequence[MessageRecord],
        payload_ids: Sequence[int | None] | None = None,
        territories: dict[str, int] | None = None,
    ) -> int: ...


class EditMessages(Protocol):
    def __call__(self, source: Source, records: Iterable[MessageRecord]) -> int: ...


class MarkDeleted(Protocol):
    def __call__(self, source: Source, external_ids: Iterable[str]) -> int: ...


class TerritoryLookup(Protocol):
    def __call__(self) -> dict[str, int]: ...


@dataclass(frozen=True)
class MessageStore:
    """The inbox's writers, as intake sees them."""

    store: StoreMessages  # new records → messages, idempotent on (source, external_id)
    edit: EditMessages  # an edited message replaces the stored text
    mark_deleted: MarkDeleted  # deleted on the platform: kept, flagged
    territories: TerritoryLookup  # territory ids by code, name and alias (for imports)


_registered: list[MessageStore] = []


def register_store(store: MessageStore) -> None:
    _registered[:] = [store]


def message_store() -> MessageStore:
    if not _registered:
        raise ImproperlyConfigured(
            "Хранилище сообщений не зарегистрировано: приложение otklik.inbox не установлено"
        )
    return _registered[0]
