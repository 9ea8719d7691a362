"""The signature on every webhook body, and the secret it is made with.

`X-Otklik-Signature: sha256=<hex>`: HMAC-SHA256 over the raw request body (the exact bytes sent)
with the subscription's secret. A receiver recomputes it over the bytes it read and compares with
`hmac.compare_digest`; `verify` below is that check, for our tests and for anyone copying it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX = "whsec_"
SCHEME = "sha256="


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, body: bytes) -> str:
    return SCHEME + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    return hmac.compare_digest(signature(secret, body), header or "")
