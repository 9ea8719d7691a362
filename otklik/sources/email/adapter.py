"""The e-mail adapter: an IMAP mailbox polled with a UID cursor, replies by SMTP in the thread.

Source.settings: {"imap_host", "imap_port" (993), "imap_ssl" (true), "mailbox" ("INBOX"),
"username", "address" (our From), "smtp_host", "smtp_port" (465), "smtp_security"
("ssl" | "starttls" | "none")}.
SourceCredential.secrets: password, smtp_password (optional; defaults to password).
Source.cursor: {"uidvalidity": V, "uid": the last UID stored}. A new UIDVALIDITY (the
mailbox was recreated) restarts from UID 0; the Message-ID dedupes what was already stored.
New mail is noticed at once by `otklik mailwatch NAME` (idle.watch: IMAP IDLE, then one
poll); without it, or where the server lacks IDLE, the worker polls every poll_interval.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any, ClassVar

from django.conf import settings as django_settings
from django.utils import timezone

from otklik.sources.actions import record_payload
from otklik.sources.channels import ChannelAdapter
from otklik.sources.email.client import IDLE_MAX, Mailbox, MailSettings, send
from otklik.sources.email.parser import (
    attachments,
    load,
    own_id,
    parse_email,
    without_attachment_bodies,
)
from otklik.sources.http import ChannelError
from otklik.sources.models import InboundPayload
from otklik.sources.records import MessageRecord

log = logging.getLogger(__name__)

BATCH = 200


def normalise(payload: InboundPayload) -> list[MessageRecord]:
    """The worker's entry (NORMALISERS["email"])."""
    if payload.raw is None:
        raise ValueError(payload.error or "в пакете нет байтов письма")
    record = parse_email(bytes(payload.raw), payload.received_at).record
    if isinstance(payload.body, dict) and "attachments" in payload.body:
        record.attachments = payload.body["attachments"]  # measured before the bytes were dropped
    return [record]


class EmailAdapter(ChannelAdapter):
    kind: ClassVar[str] = "email"
    secret_keys: ClassVar[tuple[str, ...]] = ("password", "smtp_password")
    normalise = staticmethod(normalise)

    def __init__(
        self,
        source: Any,
        base_url: str | None = None,
        imap_factory: Callable[[MailSettings], Any] | None = None,
        smtp_factory: Callable[[MailSettings], Any] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(source, base_url, **options)
        self.imap_factory = imap_factory
        self.smtp_factory = smtp_factory

    def mail_settings(self) -> MailSettings:
        conf = self.source.settings
        if not conf.get("imap_host") or not conf.get("username"):
            raise ChannelError("Почта: задайте сервер IMAP (imap_host) и логин (username)")
        return MailSettings(
            imap_host=conf["imap_host"],
            username=conf["username"],
            password=self.secrets.get("password", ""),
            imap_port=int(conf.get("imap_port") or 993),
            imap_ssl=bool(conf.get("imap_ssl", True)),
            mailbox=conf.get("mailbox") or "INBOX",
            smtp_host=conf.get("smtp_host") or "",
            smtp_port=int(conf.get("smtp_port") or 465),
            smtp_security=conf.get("smtp_security") or "ssl",
            smtp_password=self.secrets.get("smtp_password", ""),
        )

    # Receiving.
    def poll(self) -> int:
        created = 0
        with Mailbox(self.mail_settings(), self.imap_factory) as box:
            status = box.status()
            validity = status.get("UIDVALIDITY", 0)
            last = int(self.source.cursor.get("uid", 0))
            if self.source.cursor.get("uidvalidity") != validity:
                last = 0
            uids = box.uids_after(last)
            for uid in uids[:BATCH]:
                created += self._store(box, uid, validity)
                self.save_cursor(uidvalidity=validity, uid=uid)  # after storing: nothing lost
            # Every UID below UIDNEXT is now stored or expunged: skip past the expunged ones,
            # so idle() does not take them for new mail.
            done = len(uids) <= BATCH
            newest = max(last, status.get("UIDNEXT", 1) - 1 if done else 0)
            cursor = self.source.cursor
            if cursor.get("uidvalidity") != validity or int(cursor.get("uid", 0)) < newest:
                self.save_cursor(uidvalidity=validity, uid=newest)
        return created

    def idle(self, timeout: float = IDLE_MAX) -> bool:
        """Wait in IMAP IDLE until new mail (True) or `timeout` seconds pass (False).

        Mail that came after the last poll counts at once, so nothing waits for the timeout.
        Raises client.IdleUnsupported where the server has no IDLE.
        """
        with Mailbox(self.mail_settings(), self.imap_factory) as box:
            status = box.status()
            cursor = self.source.cursor
            if cursor.get("uidvalidity") != status.get("UIDVALIDITY"):
                return True
            if status.get("UIDNEXT", 0) > int(cursor.get("uid", 0)) + 1:
                return True
            return box.idle(timeout)

    def backfill(self, since: datetime) -> int:
        created = 0
        with Mailbox(self.mail_settings(), self.imap_factory) as box:
            validity = box.status().get("UIDVALIDITY", 0)
            for uid in box.uids_since(since):
                created += self._store(box, uid, validity)
        return created

    def _store(self, box: Mailbox, uid: int, validity: int) -> int:
        raw = box.fetch(uid)
        if raw is None:
            return 0
        message = load(raw)
        body: dict[str, Any] = {
            "uid": uid,
            "uidvalidity": validity,
            "mailbox": box.settings.mailbox,
        }
        if len(raw) > django_settings.MAX_PAYLOAD_BYTES:
            body["attachments"] = attachments(message)
            body["size"] = len(raw)
            raw = without_attachment_bodies(raw)
            message = load(raw)
            log.info("email %s: uid %s stored without attachment bodies", self.source.name, uid)
        _, created = record_payload(self.source, own_id(message, raw), body, raw=raw,
                                    event_type="email")  # fmt: skip
        return int(created)

    # Publishing.
    def publish_reply(self, thread_id: str, text: str, reply_to: str = "", guid: str = "") -> str:
        """Answer `reply_to` (else the thread's first stored letter) in the same thread."""
        original = self._original(thread_id, reply_to)
        parsed = parse_email(bytes(original.raw), original.received_at)  # type: ignore[arg-type]
        if not parsed.reply_address:
            raise ChannelError("Почта: в письме нет адреса для ответа")
        conf = self.mail_settings()
        address = self.source.settings.get("address") or conf.username
        message = EmailMessage()
        message["From"] = address
        message["To"] = parsed.reply_address
        subject = parsed.subject or ""
        message["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
        message["Date"] = format_datetime(timezone.now())
        new_id = make_msgid(domain=address.rpartition("@")[2] or None)
        message["Message-ID"] = new_id
        message["In-Reply-To"] = f"<{parsed.message_id}>"
        chain = [*parsed.references, parsed.message_id]
        message["References"] = " ".join(f"<{ref}>" for ref in dict.fromkeys(chain))
        message.set_content(text)
        send(conf, message, self.smtp_factory)
        return new_id.strip("<>")

    def _original(self, thread_id: str, reply_to: str) -> InboundPayload:
        """The stored letter to answer: its raw payload (the inbox's messages point to it)."""
        letters = InboundPayload.objects.filter(source=self.source, raw__isnull=False)
        if reply_to:
            letters = letters.filter(messages__external_id=reply_to)
        else:
            letters = letters.filter(messages__thread__external_id=thread_id).order_by(
                "messages__created_at"
            )
        original = letters.first()
        if original is None:
            raise ChannelError(f"Почта: в ветке {thread_id!r} нет сохранённого письма для ответа")
        return original

    def test_connection(self) -> str:
        with Mailbox(self.mail_settings(), self.imap_factory) as box:
            status = box.status()
        return (
            f"IMAP {box.settings.mailbox}: писем {status.get('MESSAGES', 0)} "
            f"(UIDVALIDITY {status.get('UIDVALIDITY')})"
        )
