"""The VK community adapter: Callback API in, wall.getComments backfill, wall.createComment out.

Source.settings: {"group_id": 123, "base_url": optional}. SourceCredential.secrets:
  secret        the Callback API secret key (checked on every event)
  confirmation  the string VK expects back from the confirmation request
  token         a community (or service) token: backfill, replies, test
  user_token    an administrator's user token: needed only for wall.post (VK's rule)
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime
from typing import Any, ClassVar

from otklik.inbox.records import MessageRecord
from otklik.sources.actions import record_payload
from otklik.sources.channels import ChannelAdapter, apply_edits, mark_deleted
from otklik.sources.http import AuthError, ChannelError
from otklik.sources.models import InboundPayload
from otklik.sources.vk.client import VkClient
from otklik.sources.vk.parser import comment_id, parse_event

log = logging.getLogger(__name__)

WALL = re.compile(r"^wall(-?\d+)_(\d+)$")
COMMENT = re.compile(r"^comment(-?\d+)_(\d+)$")
DIALOG = re.compile(r"^dialog(-?\d+)$")
PAGE = 100


def normalise(payload: InboundPayload) -> list[MessageRecord]:
    """The worker's entry (NORMALISERS["vk"]): edits and deletions update stored messages."""
    if payload.body is None:
        raise ValueError(payload.error or "payload has no body")
    event = parse_event(payload.body)
    if event.deleted:
        mark_deleted(payload.source, event.deleted)
    if event.edited:
        apply_edits(payload.source, event.edited)
    return event.records


class VkAdapter(ChannelAdapter):
    kind: ClassVar[str] = "vk"
    secret_keys: ClassVar[tuple[str, ...]] = ("secret", "confirmation", "token", "user_token")
    normalise = staticmethod(normalise)

    @property
    def group_id(self) -> int:
        try:
            return int(self.source.settings["group_id"])
        except (KeyError, TypeError, ValueError):
            raise ChannelError(f"vk source {self.source.name}: group_id is not set") from None

    def client(self, key: str = "token") -> VkClient:
        return VkClient(self.secrets.get(key, ""), self.base_url, **self.client_options)

    # Receiving.
    def backfill(self, since: datetime) -> int:
        """Posts and comments since a moment, via wall.get / wall.getComments; idempotent."""
        client, owner, created = self.client(), -self.group_id, 0
        cutoff = since.timestamp()
        offset = 0
        while True:
            page = client.wall_get(owner, offset=offset)
            items = page.get("items", [])
            for post in items:
                if post.get("date", 0) < cutoff and not post.get("is_pinned"):
                    return created
                if post.get("date", 0) >= cutoff:
                    created += self._record("wall_post_new", f"wall{owner}_{post['id']}", post)
                if post.get("comments", {}).get("count"):
                    created += self._backfill_comments(client, owner, int(post["id"]), cutoff)
            offset += len(items)
            if not items or offset >= page.get("count", 0):
                return created

    def _backfill_comments(self, client: VkClient, owner: int, post: int, cutoff: float) -> int:
        created, offset = 0, 0
        while True:
            page = client.wall_get_comments(owner, post, offset=offset)
            items = page.get("items", [])
            for comment in items:
                nested = (comment.get("thread") or {}).get("items") or []
                for item in [comment, *nested]:
                    if item.get("date", 0) >= cutoff and not item.get("deleted"):
                        obj = {**item, "post_id": post, "post_owner_id": owner}
                        key = comment_id(owner, int(item["id"]))
                        created += self._record("wall_reply_new", key, obj)
            offset += len(items)
            if not items or offset >= page.get("count", 0):
                return created

    def _record(self, event_type: str, key: str, obj: dict[str, Any]) -> int:
        body = {"type": event_type, "object": obj, "group_id": self.group_id, "backfill": True}
        _, created = record_payload(self.source, f"backfill:{key}", body, event_type=event_type)
        return int(created)

    # Publishing.
    def publish_reply(self, thread_id: str, text: str, reply_to: str = "", guid: str = "") -> str:
        """A comment under the post (as the community), or a reply in a dialog."""
        guid = guid or hashlib.sha256(f"{thread_id}\0{reply_to}\0{text}".encode()).hexdigest()
        if match := DIALOG.match(thread_id):
            random_id = int(hashlib.sha256(guid.encode()).hexdigest()[:8], 16)
            message_id = self.client().messages_send(int(match[1]), text, random_id)
            return f"msg{match[1]}_{message_id}"
        match = WALL.match(thread_id)
        if match is None:
            raise ChannelError(f"vk: cannot reply into thread {thread_id!r}")
        owner, post = int(match[1]), int(match[2])
        parent = COMMENT.match(reply_to) if reply_to else None
        new_id = self.client().create_comment(
            owner,
            post,
            text,
            reply_to_comment=int(parent[2]) if parent else None,
            guid=guid,
            from_group=self.group_id,
        )
        return comment_id(owner, new_id)

    def publish_post(self, text: str, guid: str = "") -> str:
        if not self.secrets.get("user_token"):
            raise AuthError("vk: wall.post needs an administrator's user token (user_token)")
        owner = -self.group_id
        post = self.client("user_token").wall_post(owner, text, guid=guid)
        return f"wall{owner}_{post}"

    def read_metrics(self, thread_id: str) -> dict[str, int]:
        match = WALL.match(thread_id)
        if match is None:
            return {}
        items = self.client().wall_get_by_id(f"{match[1]}_{match[2]}")
        if not items:
            return {}
        post = items[0]
        return {
            key: int((post.get(name) or {}).get("count") or 0)
            for key, name in (
                ("likes", "likes"),
                ("reposts", "reposts"),
                ("replies", "comments"),
                ("views", "views"),
            )
        }

    def test_connection(self) -> str:
        group = self.client().groups_get_by_id(self.group_id)
        return f"VK community «{group.get('name', '')}» (id {group.get('id')}) answers"
