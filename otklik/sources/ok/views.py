"""Odnoklassniki Graph bot API webhook: /hooks/ok/<source name>/?secret=<webhook_secret>.

OK expects an answer within 5 seconds and does not sign its calls, so the subscribed URL
carries a secret. The update is stored raw (deduplicated on the message id) and answered at once.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from otklik.sources.hooks.receive import receive_json_webhook
from otklik.sources.models import Source
from otklik.sources.ok.parser import event_id


def identify(update: dict[str, Any]) -> tuple[str, str] | None:
    if not update.get("webhookType"):
        return None
    return event_id(update), str(update["webhookType"])[:64]


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    return receive_json_webhook(request, name, Source.Kind.OK, request.GET.get("secret"), identify)
