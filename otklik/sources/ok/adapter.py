"""The Odnoklassniki group adapter: discussions polled (and backfilled) over REST, chats by
Graph webhook; replies as bot messages in chats. A reply in a group discussion is published by
hand: OK's public REST API reads discussions (discussions.getList, getComments, getDiscussion-
Comments, getComment) but gives applications no method to comment in one as the group, so such a
reply fails at once with `ManualOnly` and the press service posts it and records the link.

Source.settings: {"group_id": the group's id, "application_key": the app's public key,
"base_url": optional, for both APIs}.
SourceCredential.secrets: access_token, secret_key (the application's secret key; both sign
REST calls), bot_token (Graph bot API), webhook_secret (?secret= in the subscribed URL).
Source.cursor: {"ok_since": the newest discussion activity seen (ISO, UTC), "ok_anchors":
{topic id: the getComments anchor after the last comment read}}.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.utils import timezone

from otklik.photos import Picture
from otklik.sources.actions import record_payload
from otklik.sources.channels import ChannelAdapter
from otklik.sources.http import ChannelError, ManualOnly
from otklik.sources.models import InboundPayload
from otklik.sources.ok.client import OkClient, OkGraphClient, OkUploadClient
from otklik.sources.ok.parser import ok_date, parse_payload
from otklik.sources.records import MessageRecord

CHAT = re.compile(r"^chat:[\w-]+$")
TOPIC = re.compile(r"^topic(\d+)$")
#: The first poll looks back this far; `otklik source backfill` reaches further.
POLL_WINDOW = timedelta(days=1)
#: Comment anchors kept in the cursor: the topics most recently active.
MAX_ANCHORS = 500


def normalise(payload: InboundPayload) -> list[MessageRecord]:
    """The worker's entry (NORMALISERS["ok"])."""
    if payload.body is None:
        raise ValueError(payload.error or "в пакете нет тела")
    return parse_payload(payload.body)


class OkAdapter(ChannelAdapter):
    kind: ClassVar[str] = "ok"
    secret_keys: ClassVar[tuple[str, ...]] = (
        "access_token", "secret_key", "bot_token", "webhook_secret",
    )  # fmt: skip
    normalise = staticmethod(normalise)

    @property
    def group_id(self) -> str:
        group = self.source.settings.get("group_id")
        if not group:
            raise ChannelError("Одноклассники: не задан group_id (ID группы) источника")
        return str(group)

    def client(self) -> OkClient:
        return OkClient(
            self.secrets.get("access_token", ""),
            str(self.source.settings.get("application_key") or ""),
            self.secrets.get("secret_key", ""),
            self.base_url,
            **self.client_options,
        )

    def graph(self) -> OkGraphClient:
        base = self.base_url.rstrip("/") + "/graph" if self.base_url else None
        return OkGraphClient(self.secrets.get("bot_token", ""), base, **self.client_options)

    def poll(self) -> int:
        """Discussions active since the stored moment, and their new comments; idempotent.

        The cursor keeps the newest activity seen (`ok_since`, ISO) and, per topic, the anchor
        after its last comment read (`ok_anchors`), so a busy topic is not re-read from its start.
        """
        cursor = self.source.cursor or {}
        since = _moment(cursor.get("ok_since")) or timezone.now() - POLL_WINDOW
        anchors = dict(cursor.get("ok_anchors") or {})
        created, newest = self._discussions(since, anchors)
        kept = dict(list(anchors.items())[-MAX_ANCHORS:])
        self.save_cursor(ok_since=max(newest, since).isoformat(), ok_anchors=kept)
        return created

    def backfill(self, since: datetime) -> int:
        """Group topics active since a moment, and their comments; idempotent."""
        return self._discussions(since, None)[0]

    def _discussions(self, since: datetime, anchors: dict[str, str] | None) -> tuple[int, datetime]:
        """(payloads new, newest activity seen); `anchors` (poll) is updated in place."""
        client, group, created, newest, anchor = self.client(), self.group_id, 0, since, None
        try:
            while True:
                page = client.discussions(group, anchor)
                for topic in _items(page, "discussions"):
                    active = ok_date(topic.get("last_activity_date") or topic["creation_date"])
                    if active < since:
                        continue
                    newest = max(newest, active)
                    tid = str(topic["object_id"])
                    if ok_date(topic["creation_date"]) >= since:
                        body = {"type": "topic", "group_id": group, "topic": topic}
                        created += self._record(f"topic{tid}", body)
                    kind = str(topic.get("object_type") or "GROUP_TOPIC")
                    created += self._comments(client, tid, kind, since, anchors)
                anchor = page.get("anchor")
                if not page.get("has_more") or not anchor:
                    return created, newest
        except (KeyError, TypeError, ValueError) as exc:
            raise ChannelError(
                f"Одноклассники: неожиданный ответ об обсуждениях группы ({exc!r})"
            ) from exc

    def _comments(
        self, client: OkClient, tid: str, kind: str, since: datetime,
        anchors: dict[str, str] | None,
    ) -> int:  # fmt: skip
        """A topic's comments: after its stored anchor (poll), else those since a moment."""
        created = 0
        stored = anchors.pop(tid, None) if anchors is not None else None
        anchor = stored
        while True:
            page = client.comments(tid, kind, anchor)
            for comment in _items(page, "comments"):
                if stored or ok_date(comment["date"]) >= since:
                    body = {"type": "comment", "group_id": self.group_id, "topic_id": tid,
                            "comment": comment}  # fmt: skip
                    created += self._record(f"comment{comment['id']}", body)
            anchor = page.get("anchor") or anchor
            if not page.get("has_more") or not page.get("anchor"):
                break
        if anchors is not None and anchor:
            anchors[tid] = str(anchor)  # re-inserted last: the most recently active are kept
        return created

    def _record(self, key: str, body: dict[str, Any]) -> int:
        _, created = record_payload(self.source, key, body, event_type=body["type"])
        return int(created)

    def publish_reply(self, thread_id: str, text: str, reply_to: str = "", guid: str = "") -> str:
        """A message in a group chat through the Graph bot API (OK has no idempotency key); a
        discussion reply is manual by design (see the module's docstring)."""
        if CHAT.match(thread_id):
            return "msg" + self.graph().send_message(thread_id, text)
        if TOPIC.match(thread_id):
            raise ManualOnly(
                "Одноклассники не дают приложениям отвечать в обсуждениях группы через API."
            )
        raise ChannelError(
            f"Одноклассники: в ветку {thread_id!r} не ответить: отвечаем в обсуждения "
            "группы и в чаты"
        )

    def publish_post(self, text: str, guid: str = "", image: Picture | None = None) -> str:
        """A group topic (mediatopic.post, GROUP_THEME); an image is uploaded first
        (photosV2.getUploadUrl with gid → the upload server → its token in a photo media item).
        OK has no idempotency key: `guid` is ignored."""
        client, token = self.client(), ""
        if image is not None:
            upload_url, photo_id = client.upload_url(self.group_id)
            token = OkUploadClient(**self.client_options).upload(upload_url, photo_id, image)
        return f"topic{client.post_topic(self.group_id, text, token)}"

    def read_post_metrics(self, external_id: str) -> dict[str, int | None] | None:
        """Views, likes (class), reshares and comments of our topic (mediatopic.getByIds); OK
        gives no reach to applications."""
        match = TOPIC.match(external_id)
        if match is None:
            return None
        topic = self.client().topic_stats(match[1])
        return {
            "views": _number(topic.get("views_count")),
            "likes": _number((topic.get("like_summary") or {}).get("count")),
            "reposts": _number((topic.get("reshare_summary") or {}).get("count")),
            "comments": _number((topic.get("discussion_summary") or {}).get("comments_count")),
            "reach": None,
        }

    def subscribers(self) -> int | None:
        return self.client().members_count(self.group_id)

    def test_connection(self) -> str:
        group = self.client().group_info(self.group_id)
        return f"группа Одноклассников «{group.get('name', '')}» (id {group.get('uid')}) отвечает"


def _number(value: Any) -> int | None:
    try:
        return max(int(value), 0) if value is not None else None
    except (TypeError, ValueError):
        return None


def _items(page: Any, key: str) -> list[dict[str, Any]]:
    if not isinstance(page, dict):
        raise TypeError(f"ответ — не объект, а {type(page).__name__}")
    items = page.get(key) or []
    if not isinstance(items, list):
        raise TypeError(f"«{key}» — не список")
    return items


def _moment(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
    return moment if moment is not None and moment.tzinfo is not None else None
