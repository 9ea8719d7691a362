"""The MAX bot adapter: webhook or long polling with `marker` in, /messages out.

Source.settings: {"channel_id": optional chat id for posts, "base_url": optional}.
SourceCredential.secrets: token (the bot token), webhook_secret (sent back by MAX in
X-Max-Bot-Api-Secret). Source.cursor: {"marker": N} for GET /updates.

Threads: chat{id} for dialogs and group chats; chat{id}:{post mid} for a channel post and
its comments (see parser.py), answered with POST /messages/{post mid}/comments.
Subscribe the webhook to comment_created, comment_edited and comment_removed as well, and
make the bot an administrator of the channel with read_all_messages and write.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from otklik.photos import Picture
from otklik.sources.actions import record_payload
from otklik.sources.channels import ChannelAdapter, apply_edits, mark_deleted
from otklik.sources.http import ChannelError
from otklik.sources.max.client import MaxClient
from otklik.sources.max.parser import event_id, parse_update
from otklik.sources.models import InboundPayload
from otklik.sources.records import MessageRecord

CHAT = re.compile(r"^chat(-?\d+)(?::(.+))?$")


def normalise(payload: InboundPayload) -> list[MessageRecord]:
    """The worker's entry (NORMALISERS["max"])."""
    if payload.body is None:
        raise ValueError(payload.error or "в пакете нет тела")
    update = parse_update(payload.body)
    if update.deleted:
        mark_deleted(payload.source, update.deleted)
    if update.edited:
        apply_edits(payload.source, update.edited)
    return update.records


def sent_mid(sent: dict[str, Any]) -> str:
    """The mid of what was sent: {"message": {"body": {"mid": …}}} for messages and comments."""
    try:
        return str(sent["message"]["body"]["mid"])
    except (KeyError, TypeError):
        raise ChannelError("MAX: в ответе нет id сообщения") from None


class MaxAdapter(ChannelAdapter):
    kind: ClassVar[str] = "max"
    secret_keys: ClassVar[tuple[str, ...]] = ("token", "webhook_secret")
    normalise = staticmethod(normalise)

    def client(self) -> MaxClient:
        return MaxClient(self.secrets.get("token", ""), self.base_url, **self.client_options)

    def poll(self, timeout: int = 0) -> int:
        """One long-polling round from the stored marker; the marker moves after storing."""
        result = self.client().get_updates(self.source.cursor.get("marker"), timeout=timeout)
        created = 0
        for update in result.get("updates") or []:
            kind = str(update.get("update_type", ""))
            _, new = record_payload(self.source, event_id(update), update, event_type=kind)
            created += int(new)
        if result.get("marker") is not None:
            self.save_cursor(marker=result["marker"])
        return created

    def publish_reply(self, thread_id: str, text: str, reply_to: str = "", guid: str = "") -> str:
        """Into the chat, replying to `reply_to` (a mid) if given; MAX has no idempotency key."""
        match = CHAT.match(thread_id)
        if match is None:
            raise ChannelError(f"MAX: в ветку {thread_id!r} ответить нельзя")
        post = match[2]
        if post:  # a comment under the channel's post; answering the post itself needs no link
            link = reply_to if reply_to and reply_to != post else ""
            return sent_mid(self.client().send_comment(post, text, reply_to=link))
        sent = self.client().send_message(text, chat_id=int(match[1]), reply_to=reply_to)
        return sent_mid(sent)

    def publish_post(self, text: str, guid: str = "", image: Picture | None = None) -> str:
        """POST /messages into the channel; an image is uploaded first (POST /uploads, the
        upload URL) and attached by its token. MAX has no idempotency key: `guid` is ignored."""
        channel = self.source.settings.get("channel_id")
        if not channel:
            raise ChannelError("MAX: чтобы публиковать посты, задайте channel_id источника")
        client, attachments = self.client(), []
        if image is not None:
            attachments = [{"type": "image", "payload": {"token": client.upload_image(image)}}]
        sent = client.send_message(text, chat_id=int(channel), attachments=attachments)
        return sent_mid(sent)

    def _channel(self) -> int | None:
        channel = self.source.settings.get("channel_id")
        return int(channel) if channel else None

    def read_post_metrics(self, external_id: str) -> dict[str, int | None] | None:
        """Views only: a channel message's stat.views (GET /messages); MAX gives bots no
        likes or reposts of a post."""
        channel = self._channel()
        if channel is None or not external_id:
            return None
        found = [m for m in self.client().messages(channel, [external_id]) if isinstance(m, dict)]
        message = next((m for m in found if (m.get("body") or {}).get("mid") == external_id), None)
        if message is None:
            raise ChannelError(f"MAX: сообщение {external_id} не найдено (удалено?)")
        views = (message.get("stat") or {}).get("views")
        return {"views": int(views) if isinstance(views, int) else None}

    def subscribers(self) -> int | None:
        channel = self._channel()
        if channel is None:
            return None
        count = self.client().chat(channel).get("participants_count")
        return int(count) if isinstance(count, int) else None

    def test_connection(self) -> str:
        me = self.client().me()
        if not isinstance(me, dict):
            raise ChannelError("MAX: неожиданный ответ /me")
        return f"бот MAX @{me.get('username', '')} (id {me.get('user_id')}) отвечает"
