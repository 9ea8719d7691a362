"""E-mail (RFC 5322 bytes) → message records, with the standard library's email package
(policy=default). Pure functions: no database, no network.

Text: text/plain preferred, else the HTML part stripped to text. A part whose charset is
unknown or wrong is decoded as UTF-8, else windows-1251, never raised on.
Attachments: metadata only (file name, type, size), at most MAX_ATTACHMENTS; the bytes stay
in the raw payload, or are dropped from it when the message is too large to store.
Identifiers: external id = Message-ID (without <>); thread = the first References id, else
In-Reply-To, else the message's own id.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from otklik.sources.htmltext import html_to_text
from otklik.sources.records import MessageRecord

MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_BYTES = 10_000_000
MSGID = re.compile(r"<([^<>\s]+)>")


@dataclass
class ParsedEmail:
    record: MessageRecord
    message_id: str
    references: list[str] = field(default_factory=list)
    reply_address: str = ""
    subject: str = ""


def load(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[return-value]


def message_ids(value: object) -> list[str]:
    return MSGID.findall(str(value or ""))


def short_id(value: str) -> str:
    return value if len(value) <= 200 else "sha256:" + hashlib.sha256(value.encode()).hexdigest()


def own_id(message: EmailMessage, raw: bytes) -> str:
    found = message_ids(safe_header(message, "Message-ID"))
    return short_id(found[0]) if found else "sha256:" + hashlib.sha256(raw).hexdigest()


def safe_header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name) or "")
    except (ValueError, LookupError, UnicodeError):  # a header the parser could not decode
        return ""


def part_text(part: EmailMessage) -> str:
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError, AssertionError):
        data = part.get_payload(decode=True) or b""
        if not isinstance(data, bytes):
            return ""
        for charset in ("utf-8", "windows-1251"):
            try:
                return data.decode(charset)
            except UnicodeDecodeError:
                continue
        return data.decode("utf-8", "replace")


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part_text(part)  # type: ignore[arg-type]
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return text.replace("\r\n", "\n").strip()


def attachments(message: EmailMessage) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for part in message.iter_attachments():
        if len(kept) >= MAX_ATTACHMENTS:
            kept.append({"type": "omitted", "reason": f"more than {MAX_ATTACHMENTS} attachments"})
            break
        data = part.get_payload(decode=True)
        size = len(data) if isinstance(data, bytes) else 0
        entry: dict[str, Any] = {
            "type": "file",
            "filename": (part.get_filename() or "")[:255],
            "content_type": part.get_content_type(),
            "size": size,
        }
        if size > MAX_ATTACHMENT_BYTES:
            entry["too_large"] = True
        kept.append(entry)
    return kept


def sender(message: EmailMessage, name: str) -> tuple[str, str]:
    try:
        addresses = message[name].addresses if message.get(name) else ()
    except (AttributeError, ValueError, LookupError, IndexError):
        addresses = ()
    if not addresses:
        return "", ""
    return addresses[0].addr_spec.lower(), addresses[0].display_name


def sent_at(message: EmailMessage, fallback: datetime) -> datetime:
    try:
        when = message["Date"].datetime if message.get("Date") else None
    except (AttributeError, ValueError, TypeError):
        when = None
    if when is None or when.tzinfo is None:
        return fallback
    return when


def parse_email(raw: bytes, received: datetime) -> ParsedEmail:
    """Never raises on a merely broken message; `ValueError` only for bytes with no headers."""
    message = load(raw)
    if not message.keys():
        raise ValueError("не письмо: нет заголовков")
    mid = own_id(message, raw)
    refs = message_ids(safe_header(message, "References"))
    in_reply_to = next(iter(message_ids(safe_header(message, "In-Reply-To"))), "")
    root = refs[0] if refs else in_reply_to or mid
    address, name = sender(message, "From")
    reply_address = sender(message, "Reply-To")[0] or address
    subject = safe_header(message, "Subject").strip()
    record = MessageRecord(
        external_id=mid,
        text=body_text(message) or subject,
        created_at=sent_at(message, received),
        kind="email",
        author_id=address,
        author_name=name,
        thread_id=short_id(root),
        thread_title=subject[:200],
        parent_id=short_id(in_reply_to) if in_reply_to else "",
        attachments=attachments(message),
        contact=reply_address,
    )
    return ParsedEmail(record, mid, refs or ([in_reply_to] if in_reply_to else []),
                       reply_address, subject)  # fmt: skip


def without_attachment_bodies(raw: bytes) -> bytes:
    """The same message with every attachment's bytes dropped: for storing huge messages."""
    message = load(raw)
    for part in message.iter_attachments():
        part.set_payload("")
        part["X-Otklik-Dropped"] = "attachment body not stored (size limit)"
    return message.as_bytes()
