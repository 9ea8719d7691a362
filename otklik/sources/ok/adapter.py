"""The Odnoklassniki group adapter: discussions backfilled over REST, chats by Graph webhook.

Source.settings: {"group_id": the group's id, "application_key": the app's public key,
"base_url": optional, for both APIs}.
SourceCredential.secrets: access_token, secret_key (the application's secret key; both sign
REST calls), bot_token (Graph bot API), webhook_secret (?secret= in the subscribed URL).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, ClassVar

from otklik.sources.actions import record_payload
from otklik.sources.channels import ChannelAdapter
from otklik.sources.http import ChannelError
from otklik.sources.models import InboundPayload
from otklik.sources.ok.client import OkClient, OkGraphClient
from otklik.sources.ok.parser import ok_date, parse_payload
from otklik.sources.records import MessageRecord

CHAT = re.compile(r"^chat:[\w-]+$")


def normalise(payload: InboundPayload) -> list[MessageRecord]:
    """The worker's entry (NORMALISERS["ok"])."""
    if payload.body is None:
        raise ValueError(payload.error or "payload has no body")
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
            raise ChannelError("ok: set group_id in the source's settings")
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

    def backfill(self, since: datetime) -> int:
        """Group topics active since a moment, and their comments; idempotent."""
        client, group, created, anchor = self.client(), self.group_id, 0, None
        while True:
            page = client.discussions(group, anchor)
            for topic in page.get("discussions") or []:
                active = topic.get("last_activity_date") or topic["creation_date"]
                if ok_date(active) < since:
                    continue
                tid = str(topic["object_id"])
                if ok_date(topic["creation_date"]) >= since:
                    body = {"type": "topic", "group_id": group, "topic": topic}
                    created += self._record(f"topic{tid}", body)
                created += self._comments(
                    client, tid, topic.get("object_type", "GROUP_TOPIC"), since
                )
            anchor = page.get("anchor")
            if not page.get("has_more") or not anchor:
                return created

    def _comments(self, client: OkClient, tid: str, kind: str, since: datetime) -> int:
        created, anchor = 0, None
        while True:
            page = client.comments(tid, kind, anchor)
            for comment in page.get("comments") or []:
                if ok_date(comment["date"]) >= since:
                    body = {"type": "comment", "group_id": self.group_id, "topic_id": tid,
                            "comment": comment}  # fmt: skip
                    created += self._record(f"comment{comment['id']}", body)
            anchor = page.get("anchor")
            if not page.get("has_more") or not anchor:
                return created

    def _record(self, key: str, body: dict[str, Any]) -> int:
        _, created = record_payload(self.source, key, body, event_type=body["type"])
        return int(created)

    def publish_reply(self, thread_id: str, text: str, reply_to: str = "", guid: str = "") -> str:
        """Into a group chat through the Graph bot API; no idempotency key exists there."""
        if not CHAT.match(thread_id):
            raise ChannelError("ok: replies go to group chats only; answer topics on ok.ru")
        return "msg" + self.graph().send_message(thread_id, text)

    def publish_post(self, text: str, guid: str = "") -> str:
        topic = self.client().post_topic(self.group_id, text)
        return f"topic{topic}"

    def test_connection(self) -> str:
        group = self.client().group_info(self.group_id)
        return f"OK group «{group.get('name', '')}» (id {group.get('uid')}) answers"
