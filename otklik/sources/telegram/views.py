"""Telegram webhook endpoint: /hooks/telegram/<source name>/.

Telegram sends the secret set with setWebhook in X-Telegram-Bot-Api-Secret-Token. The update
is stored raw (deduplicated on `update_id`) and answered at once; the worker normalises it.
"""

from __future__ import annotations

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
from otklik.sources.telegram.adapter import update_type

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    source = get_object_or_404(Source, name=name, kind=Source.Kind.TELEGRAM, is_active=True)
    try:
        expected = source.credential.secrets.get("webhook_secret", "")
    except SourceCredential.DoesNotExist:
        expected = ""
    if not secret_matches(expected, request.headers.get("X-Telegram-Bot-Api-Secret-Token")):
        log.warning("telegram %s: bad or missing secret token", name)
        return HttpResponseForbidden("bad secret", content_type="text/plain")
    try:
        update = json.loads(request.body)
    except ValueError:
        log.warning("telegram %s: malformed JSON (%s bytes)", name, len(request.body))
        return HttpResponseBadRequest("malformed JSON", content_type="text/plain")
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        return HttpResponseBadRequest("not a Telegram update", content_type="text/plain")
    raw = request.body if len(request.body) > settings.MAX_PAYLOAD_BYTES else None
    record_payload(
        source, str(update["update_id"]), update, raw=raw, event_type=update_type(update)
    )
    return HttpResponse("ok", content_type="text/plain")
