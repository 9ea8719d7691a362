"""Fake imaplib / smtplib objects: the adapter's factories return these instead of sockets.

They speak the Python interfaces the client uses (login, select, status, uid SEARCH/FETCH,
logout; login, send_message, quit) with the answers real servers give, including
"UID n:*" matching the newest message even when n is above every UID.
"""

from __future__ import annotations

import imaplib
import smtplib
from email.message import EmailMessage
from typing import Any


class FakeImap:
    def __init__(self, password: str = "right", uidvalidity: int = 1700000001) -> None:
        self.password = password
        self.uidvalidity = uidvalidity
        self.messages: dict[int, bytes] = {}
        self.commands: list[tuple[str, ...]] = []
        self.logged_out = 0

    def __call__(self, settings: Any) -> FakeImap:  # the factory
        return self

    def add(self, raw: bytes) -> int:
        uid = max(self.messages, default=0) + 1
        self.messages[uid] = raw
        return uid

    def login(self, user: str, password: str) -> tuple[str, list[bytes]]:
        self.commands.append(("LOGIN", user))
        if password != self.password:
            raise imaplib.IMAP4.error(b"[AUTHENTICATIONFAILED] Invalid credentials (Failure)")
        return "OK", [b"LOGIN completed"]

    def select(self, mailbox: str, readonly: bool = False) -> tuple[str, list[bytes]]:
        self.commands.append(("EXAMINE" if readonly else "SELECT", mailbox))
        if mailbox != "INBOX":
            return "NO", [b"Mailbox doesn't exist"]
        return "OK", [str(len(self.messages)).encode()]

    def status(self, mailbox: str, names: str) -> tuple[str, list[bytes]]:
        nxt = max(self.messages, default=0) + 1
        count = len(self.messages)
        line = f"{mailbox} (MESSAGES {count} UIDVALIDITY {self.uidvalidity} UIDNEXT {nxt})"
        return "OK", [line.encode()]

    def uid(self, command: str, *args: Any) -> tuple[str, list[Any]]:
        self.commands.append(("UID", command, *[str(a) for a in args]))
        if command == "SEARCH":
            criteria = args[-1]
            if criteria.startswith("UID "):
                low = int(criteria[4:].split(":")[0])
                found = [u for u in self.messages if u >= low] or list(self.messages)[-1:]
            else:
                found = list(self.messages)
            return "OK", [" ".join(map(str, found)).encode()]
        if command == "FETCH":
            uid = int(args[0])
            if uid not in self.messages:
                return "OK", [None]
            raw = self.messages[uid]
            return "OK", [(f"1 (UID {uid} BODY[] {{{len(raw)}}}".encode(), raw), b")"]
        return "BAD", [b"unknown"]

    def logout(self) -> tuple[str, list[bytes]]:
        self.logged_out += 1
        return "BYE", [b"LOGOUT"]


class FakeSmtp:
    def __init__(self, password: str = "right") -> None:
        self.password = password
        self.sent: list[EmailMessage] = []
        self.calls: list[str] = []

    def __call__(self, settings: Any) -> FakeSmtp:
        return self

    def starttls(self, context: Any = None) -> None:
        self.calls.append("STARTTLS")

    def login(self, user: str, password: str) -> None:
        self.calls.append("LOGIN")
        if password != self.password:
            raise smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication failed")

    def send_message(self, message: EmailMessage) -> dict:
        self.sent.append(message)
        return {}

    def quit(self) -> None:
        self.calls.append("QUIT")
