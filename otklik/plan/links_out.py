"""Where a published post can be seen: the link stored on its channel and shown on the card.

Built from what the channel adapter returned when it published:

- VK `wall<owner>_<post>` → https://vk.com/wall<owner>_<post>;
- Telegram `tg<chat>_<message>`: a public channel (`channel_id` "@name") → https://t.me/<name>/<m>;
  a channel by its numeric id -100<n> → https://t.me/c/<n>/<m> (seen by its subscribers);
- OK `topic<id>` → https://ok.ru/group/<group>/topic/<id>;
- MAX gives no public address for a channel post: "".

A source's `web_url` setting replaces the platform's site (a mirror, or the demo's stand-in), as
for the answers' links. Only http(s) addresses are returned.
"""

from __future__ import annotations

import re
from typing import Any

SITES = {"vk": "https://vk.com", "telegram": "https://t.me", "ok": "https://ok.ru"}
VK_WALL = re.compile(r"^wall-?\d+_\d+$")
TG_MESSAGE = re.compile(r"^tg(-?\d+)_(\d+)$")
OK_TOPIC = re.compile(r"^topic(\d+)$")


def post_link(kind: str, settings: dict[str, Any], external_id: str) -> str:
    """The address of a published post, or "" when the platform gives none we can build."""
    site = str(settings.get("web_url") or SITES.get(kind, "")).rstrip("/")
    link = ""
    if kind == "vk" and VK_WALL.match(external_id):
        link = f"{site}/{external_id}"
    elif kind == "telegram" and (message := TG_MESSAGE.match(external_id)):
        link = _telegram(site, str(settings.get("channel_id") or ""), *message.groups())
    elif kind == "ok" and (topic := OK_TOPIC.match(external_id)) and settings.get("group_id"):
        link = f"{site}/group/{settings['group_id']}/topic/{topic[1]}"
    return link if _safe(link) else ""


def _telegram(site: str, channel: str, chat: str, message: str) -> str:
    if channel.startswith("@") and len(channel) > 1:
        return f"{site}/{channel[1:]}/{message}"
    if chat.startswith("-100"):
        return f"{site}/c/{chat[4:]}/{message}"
    return ""


def _safe(url: str) -> bool:
    return url.startswith(("https://", "http://")) and len(url) <= 1000 and " " not in url
