"""Where a published reply can be seen: the link shown beside «Опубликовано».

Built from the platform's id of the reply (what the channel adapter returned) and the thread:

- VK: `comment<owner>_<id>` under `wall<owner>_<post>` → https://vk.com/wall<owner>_<post>?reply=<id>;
  `msg<peer>_<id>` in a dialog → the community's dialog https://vk.com/gim<group>?sel=<peer>;
- Telegram: `tg<chat>_<id>` in a group or channel (-100…) → https://t.me/c/<chat>/<id>; a private
  chat has no link;
- OK: a comment in `topic<id>` → the discussion, https://ok.ru/group/<group>/topic/<id>;
- otherwise the thread's or the message's own address, when it has one.

A source's `web_url` setting replaces the platform's site (https://vk.com, https://t.me): a
mirror, or the demo's stand-in platform. Only http(s) addresses are returned.
"""

from __future__ import annotations

import re
from typing import Any

VK_COMMENT = re.compile(r"^comment(-?\d+)_(\d+)$")
VK_MESSAGE = re.compile(r"^msg(-?\d+)_\d+$")
VK_WALL = re.compile(r"^wall(-?\d+)_(\d+)$")
TG_MESSAGE = re.compile(r"^tg-100(\d+)_(\d+)$")
OK_TOPIC = re.compile(r"^topic(\d+)$")
SITES = {"vk": "https://vk.com", "telegram": "https://t.me", "ok": "https://ok.ru"}


def reply_link(
    kind: str,
    settings: dict[str, Any],
    external_id: str,
    thread_id: str = "",
    fallback: str = "",
) -> str:
    """The address of a published reply, or "" when the platform gives none."""
    site = str(settings.get("web_url") or SITES.get(kind, "")).rstrip("/")
    link = ""
    if kind == "vk":
        comment, wall = VK_COMMENT.match(external_id), VK_WALL.match(thread_id)
        if comment and wall and comment[1] == wall[1]:
            link = f"{site}/{thread_id}?reply={comment[2]}"
        elif (message := VK_MESSAGE.match(external_id)) and settings.get("group_id"):
            link = f"{site}/gim{abs(int(settings['group_id']))}?sel={message[1]}"
    elif kind == "telegram" and (message := TG_MESSAGE.match(external_id)):
        link = f"{site}/c/{message[1]}/{message[2]}"
    elif kind == "ok" and (topic := OK_TOPIC.match(thread_id)) and settings.get("group_id"):
        link = f"{site}/group/{settings['group_id']}/topic/{topic[1]}"
    return link if safe_url(link) else (fallback if safe_url(fallback) else "")


def safe_url(url: str) -> bool:
    return url.startswith(("https://", "http://")) and len(url) <= 1000 and " " not in url
