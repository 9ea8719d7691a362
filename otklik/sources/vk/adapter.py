"""The VK community adapter: Callback API or Bots Long Poll in, wall.getComments backfill,
wall.createComment out; optional keyword monitoring of public posts (newsfeed.search).

Source.settings:
  group_id          the community id
  base_url          optional API address (tests, proxies)
  long_poll         true: `poll()` reads the Bots Long Poll server (the alternative to the
                    Callback API; enable "Long Poll API" in the community's settings)
  long_poll_wait    seconds the Long Poll server may hold a request (default 25, VK's max 90)
  monitor_keywords  ["Северск", …]: `poll()` also searches PUBLIC posts of anyone on VK for
                    these words. Off by default: it collects personal data of people who did
                    not write to the administration (152-FZ); enable deliberately.
SourceCredential.secrets:
  secret        the Callback API secret key (checked on every event)
  confirmation  the string VK expects back from the confirmation request
  token         a community (or service) token: backfill, Long Poll, replies, test
  user_token    an administrator's user token: needed only for wall.post (VK's rule)
  service_token an application's service token for newsfeed.search (else user_token)
Source.cursor: {"lp_server", "lp_key", "ts"} for Long Poll; {"monitor_since"} for monitoring.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from datetime import datetime
from typing import Any, ClassVar

from otklik.photos import Picture
from otklik.sources.actions import record_payload
from otklik.sources.channels import ChannelAdapter, apply_edits, mark_deleted
from otklik.sources.http import AuthError, ChannelError
from otklik.sources.models import InboundPayload
from otklik.sources.records import MessageRecord
from otklik.sources.vk.client import VkApiError, VkClient, VkLongPollClient, VkUploadClient
from otklik.sources.vk.parser import comment_id, media_comment_id, parse_event

log = logging.getLogger(__name__)

WALL = re.compile(r"^wall(-?\d+)_(\d+)$")
COMMENT = re.compile(r"^comment(-?\d+)_(\d+)$")
DIALOG = re.compile(r"^dialog(-?\d+)$")
MEDIA = re.compile(r"^(photo|video|market)(-?\d+)_(\d+)$")
MEDIA_COMMENT = re.compile(r"^(photo|video|market)comment(-?\d+)_(\d+)$")
TOPIC = re.compile(r"^topic(-?\d+)_(\d+)$")
PAGE = 100
LONG_POLL_ROUNDS = 4  # a `failed` answer is followed by at most this many tries in one poll()
MONITOR_FLAG = {"type": "monitoring", "public_post": True}
MONITOR_WINDOW = 24 * 3600  # the first search looks back one day
#: stats.getPostReach refused: no right (7), no access (15), private (30): no reach, no error.
REACH_REFUSED = {7, 15, 30}


def _count(item: dict[str, Any], key: str) -> int | None:
    """`{"likes": {"count": 14}}` → 14; absent (views of old posts) → None."""
    value = (item.get(key) or {}).get("count") if isinstance(item.get(key), dict) else None
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def normalise(payload: InboundPayload) -> list[MessageRecord]:
    """The worker's entry (NORMALISERS["vk"]): edits and deletions update stored messages."""
    if payload.body is None:
        raise ValueError(payload.error or "в пакете нет тела")
    event = parse_event(payload.body)
    if payload.body.get("monitor"):
        for record in event.new:  # a public post found by keyword, not written to us
            record.attachments = [*record.attachments, {**MONITOR_FLAG,
                                  "keyword": payload.body.get("keyword", "")}]  # fmt: skip
    if event.deleted:
        mark_deleted(payload.source, event.deleted)
    if event.edited:
        apply_edits(payload.source, event.edited)
    return event.records


class VkAdapter(ChannelAdapter):
    kind: ClassVar[str] = "vk"
    secret_keys: ClassVar[tuple[str, ...]] = (
        "secret", "confirmation", "token", "user_token", "service_token",
    )  # fmt: skip
    normalise = staticmethod(normalise)

    @property
    def group_id(self) -> int:
        try:
            return int(self.source.settings["group_id"])
        except (KeyError, TypeError, ValueError):
            raise ChannelError(
                f"ВКонтакте, источник {self.source.name}: не задан group_id (ID сообщества)"
            ) from None

    def client(self, key: str = "token") -> VkClient:
        return VkClient(self.secrets.get(key, ""), self.base_url, **self.client_options)

    # Receiving.
    def poll(self, wait: int | None = None) -> int:
        """Long Poll (if enabled) and keyword monitoring (if enabled); new payloads stored."""
        settings = self.source.settings
        if not settings.get("long_poll") and not settings.get("monitor_keywords"):
            raise ChannelError(
                f"ВКонтакте, источник {self.source.name}: не включены ни Long Poll, ни мониторинг "
                "по словам; события приходят по Callback API"
            )
        created = 0
        if settings.get("long_poll"):
            created += self.long_poll(int(settings.get("long_poll_wait", 25)) if wait is None
                                      else wait)  # fmt: skip
        if settings.get("monitor_keywords"):
            created += self.monitor()
        return created

    def long_poll(self, wait: int = 25) -> int:
        """One Bots Long Poll round (more after a `failed` answer); ts moves after storing."""
        cursor = self.source.cursor
        if not cursor.get("lp_key"):
            cursor = self._long_poll_session(keep_ts=False)
        for _ in range(LONG_POLL_ROUNDS):
            client = VkLongPollClient(cursor["lp_server"], **self.client_options)
            answer = client.check_updates(cursor["lp_key"], str(cursor["ts"]), wait)
            failed = answer.get("failed")
            if failed is None:
                created = sum(self._record_update(update) for update in answer["updates"])
                self.save_cursor(ts=str(answer["ts"]))
                return created
            if failed == 1:  # some events were lost: continue from the ts VK gives
                log.warning("vk %s: long poll history lost in part", self.source.name)
                cursor = self._save_ts(str(answer["ts"]))
            elif failed == 2:  # the key expired: a new key, the same ts
                cursor = self._long_poll_session(keep_ts=True)
            elif failed == 3:  # key and ts lost: start again; backfill catches up
                log.warning("vk %s: long poll state lost; run backfill", self.source.name)
                cursor = self._long_poll_session(keep_ts=False)
            else:
                raise ChannelError(f"ВКонтакте (Long Poll): неизвестный сбой {failed!r}")
        raise ChannelError("ВКонтакте (Long Poll): сервер раз за разом отвечает «failed»")

    def _save_ts(self, ts: str) -> dict[str, Any]:
        self.save_cursor(ts=ts)
        return self.source.cursor

    def _long_poll_session(self, keep_ts: bool) -> dict[str, Any]:
        server = self.client().get_long_poll_server(self.group_id)
        values = {"lp_server": server["server"], "lp_key": server["key"]}
        if not keep_ts or not self.source.cursor.get("ts"):
            values["ts"] = str(server["ts"])
        self.save_cursor(**values)
        return self.source.cursor

    def _record_update(self, update: dict[str, Any]) -> int:
        """The same event id as the Callback API's: switching paths never doubles."""
        kind = str(update.get("type", ""))
        key = update.get("event_id") or hashlib.sha256(repr(update).encode()).hexdigest()
        _, created = record_payload(self.source, str(key), update, event_type=kind)
        return int(created)

    def monitor(self) -> int:
        """Public posts mentioning the configured keywords (newsfeed.search), since last time."""
        words = [w for w in self.source.settings.get("monitor_keywords") or [] if w.strip()]
        key = next((k for k in ("service_token", "user_token", "token") if self.secrets.get(k)),
                   "token")  # fmt: skip
        client, now = self.client(key), int(time.time())
        since = int(self.source.cursor.get("monitor_since") or now - MONITOR_WINDOW)
        created = 0
        for word in words:
            start_from = ""
            while True:
                page = client.newsfeed_search(word, start_time=since, start_from=start_from)
                for post in page.get("items", []):
                    created += self._record_monitored(word, post)
                start_from = page.get("next_from") or ""
                if not start_from or not page.get("items"):
                    break
        self.save_cursor(monitor_since=now)
        return created

    def _record_monitored(self, word: str, post: dict[str, Any]) -> int:
        key = f"wall{post['owner_id']}_{post['id']}"
        body = {"type": "wall_post_new", "object": post, "monitor": True, "keyword": word}
        _, created = record_payload(self.source, f"monitor:{key}", body, event_type="monitor")
        return int(created)

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
        """A comment as the community under the post, photo, video or goods item, a post in
        a board topic, or a reply in a dialog."""
        guid = guid or hashlib.sha256(f"{thread_id}\0{reply_to}\0{text}".encode()).hexdigest()
        if match := DIALOG.match(thread_id):
            random_id = int(hashlib.sha256(guid.encode()).hexdigest()[:8], 16)
            message_id = self.client().messages_send(int(match[1]), text, random_id)
            return f"msg{match[1]}_{message_id}"
        if match := MEDIA.match(thread_id):
            return self._reply_under_media(match, text, reply_to, guid)
        if match := TOPIC.match(thread_id):
            owner, topic = int(match[1]), int(match[2])
            new_id = self.client().create_board_comment(-owner, topic, text, guid=guid)
            return f"board{owner}_{topic}_{new_id}"
        match = WALL.match(thread_id)
        if match is None:
            raise ChannelError(f"ВКонтакте: в ветку {thread_id!r} ответить нельзя")
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

    def _reply_under_media(self, match: re.Match[str], text: str, reply_to: str, guid: str) -> str:
        """A comment under a photo, a video or a goods item, below the resident's comment."""
        media, owner, item = match[1], int(match[2]), int(match[3])
        parent = MEDIA_COMMENT.match(reply_to) if reply_to else None
        new_id = self.client().create_media_comment(
            media,
            owner,
            item,
            text,
            reply_to_comment=int(parent[3]) if parent and parent[1] == media else None,
            guid=guid,
        )
        return media_comment_id(media, owner, new_id)

    def publish_post(self, text: str, guid: str = "", image: Picture | None = None) -> str:
        """wall.post as the community; an image is uploaded first (getWallUploadServer →
        the upload server → saveWallPhoto) and attached. `guid` keeps the post itself from
        doubling; a repeated upload only leaves a spare photo in the community's wall album."""
        if not self.secrets.get("user_token"):
            raise AuthError(
                "ВКонтакте: публикации поста (wall.post) нужен токен администратора (user_token)"
            )
        owner, client = -self.group_id, self.client("user_token")
        attachment = self._wall_photo(client, image) if image is not None else ""
        post = client.wall_post(owner, text, guid=guid, attachments=attachment)
        return f"wall{owner}_{post}"

    def _wall_photo(self, client: VkClient, image: Picture) -> str:
        upload_url = client.wall_upload_server(self.group_id)
        uploaded = VkUploadClient(**self.client_options).upload(upload_url, image)
        return client.save_wall_photo(self.group_id, uploaded)

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

    def read_post_metrics(self, external_id: str) -> dict[str, int | None] | None:
        """Views, likes, reposts and comments (wall.getById: a service or user token) and the
        reach (stats.getPostReach: only with an administrator's user_token; refused → None)."""
        match = WALL.match(external_id)
        if match is None:
            return None
        owner, post = int(match[1]), int(match[2])
        key = next((k for k in ("service_token", "user_token") if self.secrets.get(k)), "token")
        items = self.client(key).wall_get_by_id(f"{owner}_{post}")
        if not items or not isinstance(items[0], dict):
            raise ChannelError(f"ВКонтакте: пост {external_id} не найден (удалён или скрыт)")
        item = items[0]
        return {
            "views": _count(item, "views"),
            "likes": _count(item, "likes"),
            "reposts": _count(item, "reposts"),
            "comments": _count(item, "comments"),
            "reach": self._reach(owner, post),
        }

    def _reach(self, owner: int, post: int) -> int | None:
        if not self.secrets.get("user_token"):
            return None
        try:
            rows = self.client("user_token").post_reach(owner, [post])
        except VkApiError as exc:  # refused (7, 15, 30) or not given (older than 300 posts)
            level = logging.INFO if exc.code in REACH_REFUSED else logging.WARNING
            log.log(level, "vk %s: no reach for post %s (%s)", self.source.name, post, exc)
            return None
        row = next((r for r in rows if isinstance(r, dict) and r.get("post_id") == post), None)
        value = (row or {}).get("reach_total")
        return int(value) if isinstance(value, int) else None

    def subscribers(self) -> int | None:
        return self.client().members_count(self.group_id)

    def test_connection(self) -> str:
        group = self.client().groups_get_by_id(self.group_id)
        return f"сообщество ВКонтакте «{group.get('name', '')}» (id {group.get('id')}) отвечает"
