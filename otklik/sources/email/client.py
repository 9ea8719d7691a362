"""IMAP in, SMTP out, on the standard library's imaplib and smtplib.

Both connection factories are injectable (`imap_factory`, `smtp_factory`): the tests pass
small fake objects speaking imaplib's and smtplib's Python interfaces, not a socket server.
The password never reaches a log or an error text: imaplib's and smtplib's exceptions are
reduced to their class name and the server's answer.

IDLE (RFC 2177) is built here on imaplib's socket, since imaplib has no IDLE before Python
3.14: `Mailbox.idle` sends `TAG IDLE`, waits for the `+` continuation, reads untagged
responses until `* N EXISTS` or the timeout (at most 29 minutes, as the RFC asks), then sends
`DONE` and reads the tagged OK. It reads the raw socket with its own line buffer, so a
timeout never leaves imaplib's buffered file half-read.
"""

from __future__ import annotations

import imaplib
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from otklik.sources.http import AuthError, ChannelError

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
STATUS = re.compile(rb"(UIDVALIDITY|UIDNEXT|MESSAGES) (\d+)")
NEW_MAIL = re.compile(rb"^\* \d+ EXISTS\b", re.IGNORECASE)
#: RFC 2177: servers may drop an IDLE after 30 minutes; re-issue it before that.
IDLE_MAX = 29 * 60.0
#: How long the server may take to answer IDLE and DONE.
IDLE_ANSWER = 30.0


class IdleUnsupported(ChannelError):
    """The server does not announce the IDLE capability: poll instead."""


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
            raise ChannelError(f"Почта: сервер IMAP недоступен ({reason})") from None
        try:
            self.conn.login(self.settings.username, self.settings.password)
        except imaplib.IMAP4.error as exc:
            self._close()
            raise AuthError(f"Почта: сервер IMAP отклонил вход ({answer(exc)})") from None
        typ, _ = self.conn.select(self.settings.mailbox, readonly=True)
        if typ != "OK":
            self._close()
            raise ChannelError(f"Почта: нет папки {self.settings.mailbox!r}")
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        try:
            self.conn.logout()
        except (imaplib.IMAP4.error, OSError):
            pass

    def supports_idle(self) -> bool:
        """IDLE among the capabilities; asked again after login, where servers may add it."""
        if "IDLE" in getattr(self.conn, "capabilities", ()):
            return True
        typ, data = self.conn.capability()
        words = b" ".join(d for d in data if isinstance(d, bytes)).upper().split()
        return typ == "OK" and b"IDLE" in words

    def idle(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds (≤ IDLE_MAX) in IDLE; True when new mail arrived."""
        if not self.supports_idle():
            raise IdleUnsupported("Почта: сервер IMAP не поддерживает IDLE")
        conn = self.conn
        tag: bytes = conn._new_tag()  # imaplib's own tag sequence, so later tags stay unique
        lines = _Lines(conn.sock)
        try:
            conn.send(tag + b" IDLE\r\n")
            first = lines.read(time.monotonic() + IDLE_ANSWER)
            if first is None or not first.startswith(b"+"):
                raise ChannelError(f"Почта: сервер IMAP отказал в IDLE ({_clip(first)})")
            arrived = False
            deadline = time.monotonic() + min(timeout, IDLE_MAX)
            while not arrived:
                line = lines.read(deadline)
                if line is None:
                    break
                if line.upper().startswith(b"* BYE"):
                    raise ChannelError(f"Почта: сервер IMAP прервал IDLE ({_clip(line)})")
                arrived = bool(NEW_MAIL.match(line))
            conn.send(b"DONE\r\n")
            while True:
                line = lines.read(time.monotonic() + IDLE_ANSWER)
                if line is None:
                    raise ChannelError("Почта: сервер IMAP не ответил на DONE")
                if line.startswith(tag + b" "):
                    if not line[len(tag) + 1 :].upper().startswith(b"OK"):
                        raise ChannelError(f"Почта: IDLE закончился ответом {_clip(line)}")
                    return arrived
                arrived = arrived or bool(NEW_MAIL.match(line))
        except OSError as exc:
            raise ChannelError(f"Почта: сбой IDLE ({type(exc).__name__})") from None
        finally:
            lines.restore()
            conn.tagged_commands.pop(tag, None)

    def status(self) -> dict[str, int]:
        typ, data = self.conn.status(self.settings.mailbox, "(MESSAGES UIDVALIDITY UIDNEXT)")
        if typ != "OK":
            raise ChannelError("Почта: команда STATUS не выполнена")
        return {key.decode(): int(value) for key, value in STATUS.findall(b" ".join(data))}

    def uids_after(self, last: int) -> list[int]:
        """UIDs above `last`; "n:*" always matches the newest message, so it is filtered."""
        return [uid for uid in self._search(f"UID {last + 1}:*") if uid > last]

    def uids_since(self, since: datetime) -> list[int]:
        return self._search(f"SINCE {since.day:02d}-{MONTHS[since.month - 1]}-{since.year}")

    def _search(self, criteria: str) -> list[int]:
        typ, data = self.conn.uid("SEARCH", None, criteria)
        if typ != "OK":
            raise ChannelError(f"Почта: поиск SEARCH {criteria} не выполнен")
        return sorted(int(uid) for uid in b" ".join(d for d in data if d).split())

    def fetch(self, uid: int) -> bytes | None:
        typ, data = self.conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
        if typ != "OK":
            raise ChannelError(f"Почта: письмо {uid} не получено (FETCH)")
        for item in data:
            if isinstance(item, tuple) and len(item) == 2:
                return bytes(item[1])
        return None  # expunged meanwhile


class _Lines:
    """CRLF-terminated lines from a socket, each read with a deadline (None: none came)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock, self.buffer, self.timeout = sock, b"", sock.gettimeout()

    def read(self, deadline: float) -> bytes | None:
        while b"\r\n" not in self.buffer:
            wait = deadline - time.monotonic()
            if wait <= 0:
                return None
            self.sock.settimeout(wait)
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError:
                return None
            if not chunk:
                raise ChannelError("Почта: сервер IMAP закрыл соединение")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\r\n")
        return line

    def restore(self) -> None:
        self.sock.settimeout(self.timeout)


def _clip(line: bytes | None) -> str:
    return (line or b"no answer").decode("utf-8", "replace")[:200]


def send(
    settings: MailSettings,
    message: EmailMessage,
    factory: Callable[[MailSettings], Any] | None = None,
) -> None:
    if not settings.smtp_host:
        raise ChannelError("Почта: чтобы отправлять ответы, задайте сервер SMTP (smtp_host)")
    try:
        smtp = (factory or default_smtp)(settings)
    except OSError as exc:
        raise ChannelError(f"Почта: сервер SMTP недоступен ({type(exc).__name__})") from None
    try:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        smtp.login(settings.username, settings.smtp_password or settings.password)
        smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise AuthError(f"Почта: сервер SMTP отклонил вход ({answer(exc)})") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise ChannelError(f"Почта: письмо не отправлено ({answer(exc)})") from None
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
