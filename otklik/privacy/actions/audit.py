"""The export audit: every export that carries residents' personal data leaves a row here."""

from __future__ import annotations

import getpass
import os

from otklik.accounts.models import User
from otklik.privacy.models import AuditEntry


def os_user() -> str:
    """The operating-system account running a command (its name, else its number)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def record_export(
    *,
    what: str,
    fmt: str,
    rows: int,
    channel: str,
    who: str = "",
    user: User | None = None,
    destination: str = "",
) -> AuditEntry:
    """Record an export: `who` is the OS account or `--as` name on the command line, the
    staff user's name on the web."""
    return AuditEntry.objects.create(
        user=user,
        who=(who or (user.get_username() if user else os_user()))[:200],
        channel=channel,
        what=what[:100],
        format=fmt[:20],
        rows=rows,
        destination=destination[:500],
    )
