"""IMAP in, SMTP out, on the standard library's imaplib and smtplib.

Both connection factories are injectable (`imap_factory`, `smtp_factory`): the tests pass
small fake objects speaking imaplib's and smtplib's Python interfaces, not a socket server.
The password never reaches a log or an error text: imaplib's and smtplib's exceptions are
reduced to their class name and the server's answer.
"""

from __future__ import annotations

import imaplib
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from otklik.sources.http import AuthError, ChannelError

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
STATUS = re.compile(rb"(UIDVALIDITY|UIDNEXT|MESSAGES) (\d+)")


@dataclass
class MailSettings:
    imap_host: str
    username: str
    password: str
    imap_port: int = 993
    imap_ssl: bool = True
    mailbox: str = "INBOX"
    smtp_host: str = ""
    smtp_port: int = 465
    smtp_security: str = "ssl"  # ssl | starttls | none
    smtp_password: str = ""
    timeout: float = 30.0


def default_imap(settings: MailSettings) -> imaplib.IMAP4:
    if settings.imap_ssl:
        context = ssl.create_default_context()
        return imaplib.IMAP4_SSL(
            settings.imap_host, settings.imap_port, ssl_context=context, timeout=settings.timeout
        )
    return imaplib.IMAP4(settings.imap_host, settings.imap_port, timeout=settings.timeout)


def default_smtp(settings: MailSettings) -> smtplib.SMTP:
    if settings.smtp_security == "ssl":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, context=context, timeout=settings.timeout
        )
    return smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.timeout)


class Mailbox:
    """One IMAP session on one mailbox, read-only (messages are fetched with BODY.PEEK)."""

    def __init__(
        self, settings: MailSettings, factory: Callable[[MailSettings], Any] | None = None
    ) -> None:
        self.settings = settings
        self.factory = factory or default_imap
        self.conn: Any = None

    def __enter__(self) -> Mailbox:
        try:
            self.conn = self.factory(self.settings)
        except OSError as exc:
            reason = type(exc).__name__
            raise ChannelError(f"email: cannot reach the IMAP server ({reason})") from None
        try:
            self.conn.login(self.settings.username, self.settings.password)
        except imaplib.IMAP4.error as exc:
            self._close()
            raise AuthError(f"email: the IMAP server refused the login ({answer(exc)})") from None
        typ, _ = self.conn.select(self.settings.mailbox, readonly=True)
        if typ != "OK":
            self._close()
            raise ChannelError(f"email: no mailbox {self.settings.mailbox!r}")
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        try:
            self.conn.logout()
        except (imaplib.IMAP4.error, OSError):
            pass

    def status(self) -> dict[str, int]:
        typ, data = self.conn.status(self.settings.mailbox, "(MESSAGES UIDVALIDITY UIDNEXT)")
        if typ != "OK":
            raise ChannelError("email: STATUS failed")
        return {key.decode(): int(value) for key, value in STATUS.findall(b" ".join(data))}

    def uids_after(self, last: int) -> list[int]:
        """UIDs above `last`; "n:*" always matches the newest message, so it is filtered."""
        return [uid for uid in self._search(f"UID {last + 1}:*") if uid > last]

    def uids_since(self, since: datetime) -> list[int]:
        return self._search(f"SINCE {since.day:02d}-{MONTHS[since.month - 1]}-{since.year}")

    def _search(self, criteria: str) -> list[int]:
        typ, data = self.conn.uid("SEARCH", None, criteria)
        if typ != "OK":
            raise ChannelError(f"email: SEARCH {criteria} failed")
        return sorted(int(uid) for uid in b" ".join(d for d in data if d).split())

    def fetch(self, uid: int) -> bytes | None:
        typ, data = self.conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
        if typ != "OK":
            raise ChannelError(f"email: FETCH {uid} failed")
        for item in data:
            if isinstance(item, tuple) and len(item) == 2:
                return bytes(item[1])
        return None  # expunged meanwhile


def send(
    settings: MailSettings,
    message: EmailMessage,
    factory: Callable[[MailSettings], Any] | None = None,
) -> None:
    if not settings.smtp_host:
        raise ChannelError("email: set smtp_host in the source's settings to send replies")
    try:
        smtp = (factory or default_smtp)(settings)
    except OSError as exc:
        raise ChannelError(f"email: cannot reach the SMTP server ({type(exc).__name__})") from None
    try:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        smtp.login(settings.username, settings.smtp_password or settings.password)
        smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise AuthError(f"email: the SMTP server refused the login ({answer(exc)})") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise ChannelError(f"email: sending failed ({answer(exc)})") from None
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            pass


def answer(exc: Exception) -> str:
    """The server's words without our credentials: class name and the reply text only."""
    code = getattr(exc, "smtp_code", None)
    text = getattr(exc, "smtp_error", None)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if text is None and exc.args and isinstance(exc.args[0], (bytes, str)):
        text = exc.args[0] if isinstance(exc.args[0], str) else exc.args[0].decode(errors="replace")
    return f"{type(exc).__name__} {code or ''} {str(text or '')[:200]}".strip()
