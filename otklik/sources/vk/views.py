"""VK Callback API endpoint: /hooks/vk/<source name>/.

Answers fast: checks the secret, stores the raw event (deduplicated on `event_id`) and says
`ok`; the worker normalises it later. VK retries an event that was not answered `ok`, and
pauses delivery to an endpoint that answers slowly, so the hot path makes no query but the
insert: the source and its secrets are cached per process (see `channels.cached_source`).
"""

from __future__ import annotations

import hashlib
import logging

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from otklik.sources.actions import record_webhook
from otklik.sources.channels import cached_source, secret_matches
from otklik.sources.hooks.receive import BadBody, read_json
from otklik.sources.models import Source

log = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def callback(request: HttpRequest, name: str) -> HttpResponse:
    found = cached_source(name, Source.Kind.VK)
    if found is None:
        raise Http404("no such VK source")
    source, secrets = found
    try:  # bounded before it is parsed: the secret travels inside the body
        body = read_json(request, "vk", name)
    except BadBody as bad:
        return bad.response
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        return HttpResponseBadRequest("not a VK callback event", content_type="text/plain")
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
    record_webhook(source, str(event_id), body, len(request.body), body["type"])
    return HttpResponse("ok", content_type="text/plain")
