"""Phone numbers and e-mail addresses inside a resident's text, hidden on public pages."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(
    r"(?<![\w+])(?:\+7|8)[\s\-]?\(?\d{3}\)?[\s\-]?\d{3}[\s\-]?\d{2}[\s\-]?\d{2}(?!\d)"  # +7 / 8
    r"|(?<![\w\-])\d{3}[\s\-]\d{2}[\s\-]\d{2}(?![\d\-])"  # a city number: 77-12-34 style
    r"|(?<![\w\-])\d{2}[\s\-]\d{2}[\s\-]\d{2}(?![\d\-])"
)
HIDDEN_EMAIL = "[e-mail скрыт]"
HIDDEN_PHONE = "[телефон скрыт]"


def mask_contacts(text: str) -> str:
    """«Звоните 8 (913) 123-45-67» → «Звоните [телефон скрыт]»; e-mails likewise."""
    return PHONE.sub(HIDDEN_PHONE, EMAIL.sub(HIDDEN_EMAIL, text))
