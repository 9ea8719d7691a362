"""The Telegram bot adapter: webhook or getUpdates in, sendMessage with reply_parameters out.

Source.settings: {"channel_id": optional chat id or @username for posts, "base_url": optional}.
SourceCredential.secrets: token (the bot token), webhook_secret (X-Telegram-Bot-Api-Secret-Token).
Source.cursor: {"offset": next update_id} for getUpdates.
"""

from __future__ import annotations

import logging
import re
from typing import Any, ClassVar

from otklik.photos import Picture
from otklik.sources.actions import record_payload
from otklik.sources.channels import ChannelAdapter, apply_edits
from otklik.sources.http import ChannelError
from otklik.sources.models import InboundPayload, Source
from otklik.sources.records import MessageRecord
from otklik.sources.telegram.client import TelegramClient
from otklik.sources.telegram.parser import Discussion, forward_origin, parse_update

log = logging.getLogger(__name__)

MESSAGE = re.compile(r"^tg(-?\d+)_(\d+)$")
THREAD = re.compile(r"^(?:chat|post)(-?\d+)(?:_(\d+))?$")


def normalise(payload: InboundPayload) -> list[MessageRecord]:
    """The worker's entry (NORMALISERS["telegram"])."""
    if payload.body is None:
        raise ValueError(payload.error or "в пакете нет тела")
    update = parse_update(payload.body, discussion_post(payload.source))
    if update.edited:
        apply_edits(payload.source, update.edited)
    return update.records


def discussion_post(source: Source) -> Discussion:
    """Find the channel post of a discussion thread from the automatic forward stored raw.

    Telegram sends the forward (into the discussion group) before any comment under it, and the
    worker takes payloads in order, so the forward is stored when a reply needs it."""

    def find(chat_id: int, thread: int) -> tuple[dict[str, Any], int] | None:
        bodies = InboundPayload.objects.filter(
            source=source,
            event_type="message",
            body__message__message_id=thread,
            body__message__chat__id=chat_id,
            body__message__is_automatic_forward=True,
        ).values_list("body", flat=True)
        for body in bodies[:1]:
            try:
                return forward_origin(body["message"])
            except (KeyError, TypeError, ValueError):
                return None
        return None

    return find


def sent_id(sent: Any) -> str:
    """Our message's id from sendMessage's answer."""
    try:
        return f"tg{int(sent['chat']['id'])}_{int(sent['message_id'])}"
    except (KeyError, TypeError, ValueError):
        raise ChannelError("Telegram: в ответе sendMessage нет id сообщения") from None


def update_type(update: dict) -> str:
    return next((key for key in update if key != "update_id"), "")[:64]


class TelegramAdapter(ChannelAdapter):
    kind: ClassVar[str] = "telegram"
    secret_keys: ClassVar[tuple[str, ...]] = ("token", "webhook_secret")
    normalise = staticmethod(normalise)

    def client(self) -> TelegramClient:
        return TelegramClient(self.secrets.get("token", ""), self.base_url, **self.client_options)

    def poll(self, timeout: int = 0) -> int:
        """One getUpdates round from the stored offset; the offset moves only after storing."""
        offset = self.source.cursor.get("offset")
        updates = self.client().get_updates(offset, timeout=timeout)
        created = 0
        for update in updates:
            _, new = record_payload(
                self.source, str(update["update_id"]), update, event_type=update_type(update)
            )
            created += int(new)
        if updates:
            self.save_cursor(offset=max(u["update_id"] for u in updates) + 1)
        return created

    def publish_reply(self, thread_id: str, text: str, reply_to: str = "", guid: str = "") -> str:
        """Into the chat of `reply_to` (a comment or a message), else the thread's chat.

        Telegram has no idempotency key: `guid` is ignored; the caller records what it sent.
        """
        target = MESSAGE.match(reply_to) if reply_to else None
        if target is not None:
            chat, reply_id = target[1], int(target[2])
        elif (thread := THREAD.match(thread_id)) is not None:
            chat, reply_id = thread[1], int(thread[2]) if thread[2] else None
        else:
            raise ChannelError(f"Telegram: в ветку {thread_id!r} ответить нельзя")
        sent = self.client().send_message(int(chat), text, reply_to=reply_id)
        return sent_id(sent)

    def publish_post(self, text: str, guid: str = "", image: Picture | None = None) -> str:
        """sendMessage, or sendPhoto with the text as the caption (≤ 1024 characters: plan's
        length rules check it before approval). No idempotency key: `guid` is ignored."""
        channel = self.source.settings.get("channel_id")
        if not channel:
            raise ChannelError("Telegram: чтобы публиковать посты, задайте channel_id источника")
        if image is not None:
            return sent_id(self.client().send_photo(channel, image, caption=text))
        return sent_id(self.client().send_message(channel, text))

    #: The Bot API has no method for a channel post's views (only MTProto clients see them).
    no_metrics: ClassVar[str] = (
        "Telegram не отдаёт ботам просмотры и реакции постов канала: статистику смотрите "
        "в самом канале"
    )

    def subscribers(self) -> int | None:
        channel = self.source.settings.get("channel_id")
        return self.client().chat_member_count(channel) if channel else None

    def test_connection(self) -> str:
        me = self.client().get_me()
        if not isinstance(me, dict):
            raise ChannelError("Telegram: неожиданный ответ getMe")
        return f"бот Telegram @{me.get('username', '')} (id {me.get('id')}) отвечает"
