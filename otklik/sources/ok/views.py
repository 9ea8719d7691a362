"""Odnoklassniki Graph bot API webhook: /hooks/ok/<source name>/?secret=<webhook_secret>.

OK expects an answer within 5 seconds and does not sign its calls, so the subscribed URL
carries a secret. The update is stored raw (deduplicated on the message id) and answered at once.
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
from otklik.sources.ok.parser import event_id

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    source = get_object_or_404(Source, name=name, kind=Source.Kind.OK, is_active=True)
    try:
        expected = source.credential.secrets.get("webhook_secret", "")
    except SourceCredential.DoesNotExist:
        expected = ""
    if not secret_matches(expected, request.GET.get("secret")):
        log.warning("ok %s: bad or missing webhook secret", name)
        return HttpResponseForbidden("bad secret", content_type="text/plain")
    try:
        update = json.loads(request.body)
    except ValueError:
        log.warning("ok %s: malformed JSON (%s bytes)", name, len(request.body))
        return HttpResponseBadRequest("malformed JSON", content_type="text/plain")
    if not isinstance(update, dict) or not update.get("webhookType"):
        return HttpResponseBadRequest("not an OK webhook", content_type="text/plain")
    raw = request.body if len(request.body) > settings.MAX_PAYLOAD_BYTES else None
    kind = str(update["webhookType"])[:64]
    record_payload(source, event_id(update), update, raw=raw, event_type=kind)
    return HttpResponse("ok", content_type="text/plain")
