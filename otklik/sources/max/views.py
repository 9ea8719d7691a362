"""MAX webhook endpoint: /hooks/max/<source name>/.

MAX sends the subscription's secret in X-Max-Bot-Api-Secret. The update is stored raw
(deduplicated on its message id, see parser.event_id) and answered at once.
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
from otklik.sources.max.parser import event_id
from otklik.sources.models import Source, SourceCredential

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Max-Bot-Api-Secret"


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    source = get_object_or_404(Source, name=name, kind=Source.Kind.MAX, is_active=True)
    try:
        expected = source.credential.secrets.get("webhook_secret", "")
    except SourceCredential.DoesNotExist:
        expected = ""
    if not secret_matches(expected, request.headers.get(SECRET_HEADER)):
        log.warning("max %s: bad or missing secret", name)
        return HttpResponseForbidden("bad secret", content_type="text/plain")
    try:
        update = json.loads(request.body)
    except ValueError:
        log.warning("max %s: malformed JSON (%s bytes)", name, len(request.body))
        return HttpResponseBadRequest("malformed JSON", content_type="text/plain")
    if not isinstance(update, dict) or not isinstance(update.get("update_type"), str):
        return HttpResponseBadRequest("not a MAX update", content_type="text/plain")
    raw = request.body if len(request.body) > settings.MAX_PAYLOAD_BYTES else None
    kind = update["update_type"]
    record_payload(source, event_id(update), update, raw=raw, event_type=kind)
    return HttpResponse("ok", content_type="text/plain")
