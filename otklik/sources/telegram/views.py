"""Telegram webhook endpoint: /hooks/telegram/<source name>/.

Telegram sends the secret set with setWebhook in X-Telegram-Bot-Api-Secret-Token. The update
is stored raw (deduplicated on `update_id`) and answered at once; the worker normalises it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from otklik.sources.hooks.receive import receive_json_webhook
from otklik.sources.models import Source
from otklik.sources.telegram.adapter import update_type


def identify(update: dict[str, Any]) -> tuple[str, str] | None:
    if not isinstance(update.get("update_id"), int):
        return None
    return str(update["update_id"]), update_type(update)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, name: str) -> HttpResponse:
    secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
    return receive_json_webhook(request, name, Source.Kind.TELEGRAM, secret, identify)
