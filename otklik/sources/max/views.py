"""MAX webhook endpoint: /hooks/max/<source name>/.

MAX sends the subscription's secret in X-Max-Bot-Api-Secret. The update is stored raw
(deduplicated on its message id, see parser.event_id) and answered at once.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from otklik.sources.hooks.receive import receive_json_webhook
from otklik.sources.max.parser import event_id
from otklik.sources.models import Source

SECRET_HEADER = "X-Max-Bot-Api-Secret"


def identify(update: dict[str, Any]) -> tuple[str, str] | None:
    if not isinstance(update.get("update_type"), str):
        return None
    return event_id(update), update["update_type"]


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    secret = request.headers.get(SECRET_HEADER)
    return receive_json_webhook(request, name, Source.Kind.MAX, secret, identify)
