"""Plain text for display: residents' texts often carry HTML (<p>, &nbsp;, inline styles)."""

from __future__ import annotations

import re

from otklik.sources.htmltext import html_to_text

VK_MENTION = re.compile(r"\[(?:id|club|public)\d+\|([^\]]{1,100})\]")


def plain_text(text: str) -> str:
    """Tags out, entities decoded, VK mentions as names; the result is still escaped on output."""
    return VK_MENTION.sub(r"\1", html_to_text(text))
