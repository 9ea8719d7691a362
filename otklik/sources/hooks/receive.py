"""The shared shape of a JSON webhook: find the source, check its secret, store the update raw.

Platform views only say where the secret travels and how an update is identified; the hot path
is the same for all of them (a cached source, one INSERT that ignores redeliveries).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)

from otklik.sources.actions import record_webhook
from otklik.sources.channels import cached_source, secret_matches

log = logging.getLogger(__name__)

#: update → (external id, event type), or None when it is not this platform's update.
Identify = Callable[[dict[str, Any]], tuple[str, str] | None]


def receive_json_webhook(
    request: HttpRequest, name: str, kind: str, given_secret: str | None, identify: Identify
) -> HttpResponse:
    found = cached_source(name, kind)
    if found is None:
        raise Http404(f"no such {kind} source")
    source, secrets = found
    if not secret_matches(secrets.get("webhook_secret", ""), given_secret):
        log.warning("%s %s: bad or missing webhook secret", kind, name)
        return HttpResponseForbidden("bad secret", content_type="text/plain")
    try:
        update = json.loads(request.body)
    except ValueError:
        log.warning("%s %s: malformed JSON (%s bytes)", kind, name, len(request.body))
        return HttpResponseBadRequest("malformed JSON", content_type="text/plain")
    identity = identify(update) if isinstance(update, dict) else None
    if identity is None:
        return HttpResponseBadRequest(f"not a {kind} update", content_type="text/plain")
    external_id, event_type = identity
    record_webhook(source, external_id, update, len(request.body), event_type, raw=request.body)
    return HttpResponse("ok", content_type="text/plain")
