"""The only writers of messages, authors and threads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from otklik.accounts.models import User
from otklik.cities.models import Territory
from otklik.inbox.bulk_store import Row, attachments_json, write_rows
from otklik.inbox.models import Author, Message, search_form
from otklik.inbox.signals import messages_dismissed
from otklik.sources.models import Source
from otklik.sources.records import MessageRecord
from otklik.sources.storable import storable_text
from otklik.sources.store import MessageStore

BATCH = 500


def clip(text: str, limit: int) -> str:
    """Bound a text from the internet and make it storable: no NUL, no lone surrogates."""
    text = storable_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def territory_lookup() -> dict[str, int]:
    """Territory ids by code and by lower-cased name and aliases."""
    lookup: dict[str, int] = {}
    for territory in Territory.objects.only("id", "code", "name", "aliases"):
        lookup[territory.code.lower()] = territory.id
        lookup[territory.name.lower()] = territory.id
        for alias in territory.aliases or []:
            lookup[str(alias).lower()] = territory.id
    return lookup


def _row(line: int, r: MessageRecord, payload_id: int | None, territories: dict[str, int]) -> Row:
    limit = settings.MAX_MESSAGE_CHARS
    text = clip(r.text, limit)
    return Row(
        line=line,
        external_id=r.external_id,
        payload_id=payload_id,
        kind=r.kind,
        author_key=clip(r.author_id, 255),
        author_name=clip(r.author_name, 255),
        author_url=clip(r.author_url, 500),
        thread_key=clip(r.thread_id, 255),
        thread_title=clip(r.thread_title, 500),
        thread_url=clip(r.thread_url, 1000),
        parent_external_id=clip(r.parent_id, 255),
        text=text,
        search_text=search_form(text),
        created_at=r.created_at,
        url=clip(r.url, 1000),
        attachments=attachments_json(r.attachments),
        likes=max(r.likes, 0),
        reposts=max(r.reposts, 0),
        replies=max(r.replies, 0),
        views=max(r.views, 0),
        territory_id=territories.get(r.territory.lower()) if r.territory else None,
        address_text=clip(r.address, 500),
        contact=clip(r.contact, 255),
    )


def store_messages(
    source: Source,
    records: Sequence[MessageRecord],
    payload_ids: Sequence[int | None] | None = None,
    territories: dict[str, int] | None = None,
) -> int:
    """Create messages (with their authors and threads) for records not stored yet; returns
    how many were new. Idempotent on (source, external_id): a replay creates nothing."""
    if not records:
        return 0
    territories = territory_lookup() if territories is None else territories
    payload_ids = payload_ids or [None] * len(records)
    rows = [
        _row(line, r, payload_id, territories)
        for line, (r, payload_id) in enumerate(zip(records, payload_ids, strict=True))
    ]
    with transaction.atomic():
        return write_rows(source.pk, rows, timezone.now())


def edit_messages(source: Source, records: Iterable[MessageRecord]) -> int:
    """An edited message replaces the stored text (the original stays in its raw payload)."""
    limit = settings.MAX_MESSAGE_CHARS
    changed = 0
    for record in records:
        text = clip(record.text, limit)
        changed += Message.objects.filter(source=source, external_id=record.external_id).update(
            text=text, search_text=search_form(text), likes=max(record.likes, 0), is_deleted=False
        )
    return changed


def mark_deleted(source: Source, external_ids: Iterable[str]) -> int:
    """The author or a moderator deleted these on the platform: keep them, flagged."""
    ids = list(external_ids)
    if not ids:
        return 0
    return Message.objects.filter(source=source, external_id__in=ids).update(is_deleted=True)


def message_store() -> MessageStore:
    """The inbox's writers as intake calls them (registered in InboxConfig.ready)."""
    return MessageStore(
        store=store_messages,
        edit=edit_messages,
        mark_deleted=mark_deleted,
        territories=territory_lookup,
    )


def dismiss_messages(actor: User, messages: Iterable[Message]) -> int:
    """Mark new messages as needing no reaction (thanks, chatter, spam); suggestions hear it."""
    chosen = list(messages)
    messages_dismissed.send(sender=Message, actor=actor, messages=chosen)
    return Message.objects.filter(id__in=[m.id for m in chosen], status=Message.Status.NEW).update(
        status=Message.Status.DISMISSED, handled_by=actor, handled_at=timezone.now()
    )


def restore_messages(actor: User, messages: Iterable[Message]) -> int:
    """Put dismissed messages back into the inbox."""
    ids = [m.id for m in messages]
    return Message.objects.filter(Q(id__in=ids), Q(status=Message.Status.DISMISSED)).update(
        status=Message.Status.NEW, handled_by=actor, handled_at=timezone.now()
    )


# Messages as an incident's reports: incidents calls these (inbox imports no incidents; the
# incident's own action records the Event).


def link_messages(messages: Sequence[Message], incident: Model, actor: User | None) -> list[int]:
    """The messages become reports of `incident` (handled by `actor`; None: the worker)."""
    ids = [m.id for m in messages]
    Message.objects.filter(id__in=ids).update(
        incident=incident, status=Message.Status.LINKED, handled_by=actor, handled_at=timezone.now()
    )
    for message in messages:
        message.incident, message.status = incident, Message.Status.LINKED
    return ids


def unlink_message(message: Message) -> None:
    """A report that is another problem goes back to the inbox as new."""
    Message.objects.filter(pk=message.pk).update(incident=None, status=Message.Status.NEW)
    message.incident, message.status = None, Message.Status.NEW


#: An author's name once their data is depersonalised (otklik.privacy).
ANONYMOUS = "Житель"
DEPERSONALISED_FIELDS = ["text", "search_text", "address_text", "contact", "url", "attachments"]


def _delete_media(relative: Any) -> int:
    """Delete one stored file named relative to MEDIA_ROOT (never outside it); 1 if deleted."""
    if not isinstance(relative, str) or not relative:
        return 0
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return 0
    path.unlink(missing_ok=True)
    return 1


def _without_files(attachments: Any) -> tuple[list[dict[str, Any]], int]:
    """Attachments reduced to their type (links and paths dropped), stored files deleted."""
    kept: list[dict[str, Any]] = []
    deleted = 0
    for item in attachments if isinstance(attachments, list) else []:
        if not isinstance(item, dict):
            continue
        deleted += _delete_media(item.get("path")) + _delete_media(item.get("thumb"))
        kept.append({"type": str(item.get("type", "")), "removed": True})
    return kept, deleted


def depersonalise_messages(
    message_ids: Sequence[int], mask: Callable[[str], str]
) -> tuple[int, int]:
    """Retention (otklik.privacy): personal data out of these messages. The text and address are
    masked by `mask`, the contact and link cleared, stored photos deleted; ids, dates, source,
    kind, territory, status and incident stay. Idempotent. (messages, photo files deleted)."""
    rows = list(Message.objects.filter(id__in=message_ids).only("id", *DEPERSONALISED_FIELDS))
    deleted = 0
    for message in rows:
        message.text = mask(message.text)
        message.search_text = search_form(message.text)
        message.address_text = mask(message.address_text)[:500]
        message.contact = message.url = ""
        message.attachments, files = _without_files(message.attachments)
        deleted += files
    Message.objects.bulk_update(rows, DEPERSONALISED_FIELDS, batch_size=BATCH)
    return len(rows), deleted


def depersonalise_authors(author_ids: Sequence[int]) -> int:
    """Retention: «Житель» for the name, no profile link, and the platform's id replaced, so the
    row no longer points at a person (a new message from them makes a new author)."""
    rows = list(Author.objects.filter(id__in=author_ids).only("id"))
    for author in rows:
        author.display_name = ANONYMOUS
        author.profile_url = ""
        author.external_id = f"erased:{author.id}"
    Author.objects.bulk_update(
        rows, ["display_name", "profile_url", "external_id"], batch_size=BATCH
    )
    return len(rows)
