"""Shared for the upload tests: a small clean picture, and a platform's upload address moved
onto the local server (the recorded answers name the platform's own upload hosts)."""

from __future__ import annotations

import io
import urllib.parse

from PIL import Image

from otklik.photos import Picture, clean
from otklik.sources.localserver import LocalServer


def picture(size: tuple[int, int] = (40, 30)) -> Picture:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, "PNG")
    return clean(out.getvalue(), name="post")


def on_local(url: str, server: LocalServer) -> str:
    """The same path and query on the local server."""
    parts = urllib.parse.urlsplit(url)
    local = urllib.parse.urlsplit(server.url)
    return urllib.parse.urlunsplit((local.scheme, local.netloc, parts.path, parts.query, ""))
