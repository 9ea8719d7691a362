"""Plain text for display: residents' texts often carry HTML (<p>, &nbsp;, inline styles)."""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags

BLOCK_TAGS = re.compile(r"</?(p|br|div|li)\b[^>]*>", re.IGNORECASE)
VK_MENTION = re.compile(r"\[(?:id|club|public)\d+\|([^\]]{1,100})\]")
SPACES = re.compile(r"[ \t\u00a0]+")


def plain_text(text: str) -> str:
    """Tags out, entities decoded, VK mentions as names; the result is still escaped on output."""
    text = BLOCK_TAGS.sub("\n", text)
    text = html.unescape(strip_tags(text))
    text = VK_MENTION.sub(r"\1", text)
    text = SPACES.sub(" ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()
