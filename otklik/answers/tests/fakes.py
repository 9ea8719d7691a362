"""A channel adapter for tests: records replies; fails while `failures` is above zero."""

from __future__ import annotations

from typing import ClassVar

from otklik.sources.channels import ChannelAdapter
from otklik.sources.http import ChannelError


class FakeAdapter(ChannelAdapter):
    kind: ClassVar[str] = "ok"
    sent: ClassVar[list[tuple[str, str, str]]] = []
    failures: ClassVar[int] = 0

    @classmethod
    def reset(cls, failures: int = 0) -> None:
        cls.sent = []
        cls.failures = failures

    def publish_reply(self, thread_id: str, text: str, reply_to: str = "", guid: str = "") -> str:
        if FakeAdapter.failures > 0:
            FakeAdapter.failures -= 1
            raise ChannelError("ok: 503 Service Unavailable")
        FakeAdapter.sent.append((thread_id, reply_to, text))
        return f"reply-{len(FakeAdapter.sent)}"
