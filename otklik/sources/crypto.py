"""Channel secrets encrypted at rest, with a key derived from the secret key.

`SourceCredential.secrets` is stored as {"fernet": "<token>"}: Fernet (AES-128-CBC with an
HMAC-SHA256 tag) over the JSON of the secrets, with a key derived from OTKLIK_SECRET_KEY by
HKDF-SHA256 for this use only. Reading decrypts transparently, so the adapters see a plain
dict. Keys in SECRET_KEY_FALLBACKS still decrypt (a key rotation re-encrypts on the next save).

A database copied without its secret key, or a changed key, reads as `UnreadableSecrets`: an
empty dict that says so in Russian, so a page shows the reason instead of failing, and a save
that does not set new secrets keeps the stored ciphertext as it was.
"""

from __future__ import annotations

import base64
import json
import logging
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

log = logging.getLogger(__name__)

MARK = "fernet"
_INFO = b"otklik: channel secrets at rest, v1"
UNREADABLE = (
    "секреты канала не расшифровываются: ключ OTKLIK_SECRET_KEY не тот, которым они "
    "зашифрованы (ключ сменили или базу перенесли без него). Верните прежний ключ "
    "(или добавьте его в запасные) либо введите секреты канала заново."
)


class UnreadableSecrets(dict[str, Any]):
    """Secrets that the current key cannot decrypt: empty, with the reason and the ciphertext."""

    error = UNREADABLE

    def __init__(self, sealed: dict[str, Any]) -> None:
        super().__init__()
        self.sealed = sealed


def _fernet(secret_key: str) -> Fernet:
    raw = HKDF(algorithm=SHA256(), length=32, salt=b"otklik", info=_INFO).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(raw))


@lru_cache(maxsize=8)
def _cipher(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet(key) for key in keys])


def cipher() -> MultiFernet:
    """The current key first (it encrypts), then the fallbacks (they still decrypt)."""
    fallbacks = tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ()) or ())
    return _cipher((settings.SECRET_KEY, *fallbacks))


def is_sealed(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {MARK} and isinstance(value[MARK], str)


def seal(secrets: dict[str, Any]) -> dict[str, str]:
    if isinstance(secrets, UnreadableSecrets):
        return secrets.sealed  # nothing was read, so nothing changes
    if is_sealed(secrets):
        return secrets
    token = cipher().encrypt(json.dumps(secrets, ensure_ascii=False).encode())
    return {MARK: token.decode("ascii")}


def unseal(stored: Any) -> dict[str, Any]:
    """The plain secrets; a row written before encryption (a plain dict) reads as it is."""
    if not is_sealed(stored):
        return stored if isinstance(stored, dict) else {}
    try:
        return json.loads(cipher().decrypt(stored[MARK].encode("ascii")))
    except (InvalidToken, ValueError):
        log.warning("channel secrets cannot be decrypted with the current OTKLIK_SECRET_KEY")
        return UnreadableSecrets(stored)


class EncryptedSecretsField(models.JSONField):
    """A JSON dict of secrets, encrypted in the database and plain in Python."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return unseal(super().from_db_value(value, expression, connection))

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            value = seal(value)
        return super().get_prep_value(value)
