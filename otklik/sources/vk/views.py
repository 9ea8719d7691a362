"""VK Callback API endpoint: /hooks/vk/<source name>/.

Answers fast: checks the secret, stores the raw event (deduplicated on `event_id`) and says
`ok`; the worker normalises it later. VK retries an event that was not answered `ok`.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from otklik.sources.actions import record_payload
from otklik.sources.channels import secret_matches
from otklik.sources.models import Source, SourceCredential

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def callback(request: HttpRequest, name: str) -> HttpResponse:
    source = get_object_or_404(Source, name=name, kind=Source.Kind.VK, is_active=True)
    try:
        body = json.loads(request.body)
    except ValueError:
        log.warning("vk %s: malformed JSON (%s bytes)", name, len(request.body))
        return HttpResponseBadRequest("malformed JSON", content_type="text/plain")
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        return HttpResponseBadRequest("not a VK callback event", content_type="text/plain")
    secrets = _secrets(source)
    group_id = source.settings.get("group_id")
    if group_id is not None and str(body.get("group_id")) != str(group_id):
        log.warning("vk %s: event for another group %s", name, body.get("group_id"))
        return HttpResponseForbidden("wrong group", content_type="text/plain")
    if body["type"] == "confirmation":
        if "secret" in body and not secret_matches(secrets.get("secret", ""), body["secret"]):
            return HttpResponseForbidden("bad secret", content_type="text/plain")
        return HttpResponse(secrets.get("confirmation", ""), content_type="text/plain")
    if not secret_matches(secrets.get("secret", ""), body.pop("secret", None)):
        log.warning("vk %s: bad or missing secret on a %s event", name, body["type"])
        return HttpResponseForbidden("bad secret", content_type="text/plain")
    event_id = body.get("event_id") or hashlib.sha256(request.body).hexdigest()
    raw = None
    if len(request.body) > settings.MAX_PAYLOAD_BYTES:  # kept, truncated, as failed for review
        raw = json.dumps(body, ensure_ascii=False).encode()
    record_payload(source, str(event_id), body, raw=raw, event_type=body["type"])
    return HttpResponse("ok", content_type="text/plain")


def _secrets(source: Source) -> dict[str, str]:
    try:
        return source.credential.secrets
    except SourceCredential.DoesNotExist:
        return {}
