"""Channel adapters: an explicit registry of dotted paths, one folder per platform.

Adding a platform means copying a sibling folder (client.py, parser.py, adapter.py, views.py,
fixtures/, tests/) and adding one line here and one in `normalisers.NORMALISERS`.

Receiving is raw first: webhooks and pollers only call `record_payload` (idempotent on the
platform's own event id); the worker (`actions.process_pending`) later calls the kind's
normaliser, so a crash between receipt and processing loses nothing.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any, ClassVar

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string

from otklik.photos import Picture
from otklik.sources.actions import save_cursor, save_source_settings
from otklik.sources.http import ChannelError
from otklik.sources.models import InboundPayload, Source, SourceCredential
from otklik.sources.records import MessageRecord
from otklik.sources.store import message_store

log = logging.getLogger(__name__)

CHANNELS: dict[str, str] = {
    "vk": "otklik.sources.vk.adapter.VkAdapter",
    "telegram": "otklik.sources.telegram.adapter.TelegramAdapter",
    "max": "otklik.sources.max.adapter.MaxAdapter",
    "feed": "otklik.sources.feeds.adapter.FeedAdapter",
    "ok": "otklik.sources.ok.adapter.OkAdapter",
    "email": "otklik.sources.email.adapter.EmailAdapter",
}


class ChannelAdapter:
    """One source of one platform, both ways.

    Receive: a webhook view (views.py) and/or `poll()` with a cursor stored in `Source.cursor`;
    `backfill(since)` catches up after downtime. Both only record raw payloads.
    Publish: `publish_reply`, `publish_post` return the platform's id of what was published;
    a post's `image` (an otklik.photos.Picture, already re-encoded) goes through the platform's
    own upload flow and is attached to the post.
    """

    kind: ClassVar[str] = ""
    #: Secrets this kind keeps in SourceCredential, for the CLI and the UI.
    secret_keys: ClassVar[tuple[str, ...]] = ()

    def __init__(self, source: Source, base_url: str | None = None, **client_options: Any) -> None:
        self.source = source
        self.base_url = base_url or source.settings.get("base_url") or None
        self.client_options = client_options

    @property
    def secrets(self) -> dict[str, Any]:
        try:
            return self.source.credential.secrets
        except SourceCredential.DoesNotExist:
            return {}

    @property
    def title(self) -> str:
        """The platform's name in messages a person reads."""
        return dict(Source.Kind.choices).get(self.kind, self.kind)

    # Receiving.
    def poll(self) -> int:
        """Fetch what is new since the stored cursor; returns how many payloads were new."""
        raise ChannelError(f"{self.title}: опрос не поддерживается, события приходят вебхуком")

    def backfill(self, since: datetime) -> int:
        raise ChannelError(f"{self.title}: площадка не отдаёт прошлые сообщения")

    @staticmethod
    def normalise(payload: InboundPayload) -> list[MessageRecord]:
        raise NotImplementedError

    # Publishing.
    def publish_reply(self, thread_id: str, text: str, reply_to: str = "", guid: str = "") -> str:
        raise ChannelError(f"{self.title}: ответы сюда не публикуются")

    def publish_post(self, text: str, guid: str = "", image: Picture | None = None) -> str:
        raise ChannelError(f"{self.title}: публикация постов не поддерживается")

    def read_metrics(self, thread_id: str) -> dict[str, int]:
        return {}

    # Statistics (plan.actions.metrics reads them; keys: views, reach, likes, reposts,
    # comments, each an int or None where the platform gave none).
    #: What the press service reads when the platform gives no statistics of a post.
    no_metrics: ClassVar[str] = ""

    def read_post_metrics(self, external_id: str) -> dict[str, int | None] | None:
        """A published post's statistics by the id `publish_post` returned; None: the platform
        gives none (`no_metrics` says why)."""
        return None

    def subscribers(self) -> int | None:
        """The number of subscribers of the page we publish to; None: unknown here."""
        return None

    def test_connection(self) -> str:
        """A one-line description of what answered; raises ChannelError otherwise."""
        raise NotImplementedError

    # Helpers for subclasses.
    def save_cursor(self, **values: Any) -> None:
        save_cursor(self.source, **values)


#: What a platform's answer of an unexpected shape raises deep in a client or an adapter.
UNEXPECTED = (KeyError, TypeError, ValueError, IndexError, AttributeError)


def unexpected_answer(source: Source, exc: BaseException) -> ChannelError:
    """A ChannelError in words for an answer the code did not expect (`KeyError: 'groups'`)."""
    detail = f"{type(exc).__name__}: {str(exc)[:200]}"
    return ChannelError(
        f"{dict(Source.Kind.choices).get(source.kind, source.kind)}: неожиданный ответ площадки "
        f"({detail}); проверьте адрес API (--base-url) и права токена"
    )


def adapter_for(source: Source, **options: Any) -> ChannelAdapter:
    try:
        path = CHANNELS[source.kind]
    except KeyError:
        raise ChannelError(f"нет адаптера канала для типа {source.kind!r}") from None
    return import_string(path)(source, **options)


#: How long a webhook process trusts its cached copy of a source and its secrets. A change
#: made in this process clears the cache at once; one made elsewhere (the CLI, another
#: worker) is seen within this many seconds.
SOURCE_CACHE_SECONDS = 5.0
_source_cache: dict[tuple[str, str], tuple[float, Source | None, dict[str, Any]]] = {}
_source_cache_lock = threading.Lock()


def cached_source(name: str, kind: str) -> tuple[Source, dict[str, Any]] | None:
    """The active source of this kind and name with its secrets, or None; cached briefly."""
    key, now = (name, kind), time.monotonic()
    hit = _source_cache.get(key)
    if hit is None or hit[0] < now:
        source = (
            Source.objects.select_related("credential")
            .filter(name=name, kind=kind, is_active=True)
            .first()
        )
        secrets: dict[str, Any] = {}
        if source is not None:
            try:
                secrets = source.credential.secrets
            except SourceCredential.DoesNotExist:
                pass
        hit = (now + SOURCE_CACHE_SECONDS, source, secrets)
        with _source_cache_lock:
            _source_cache[key] = hit
    return None if hit[1] is None else (hit[1], hit[2])


@receiver(post_save, sender=Source)
@receiver(post_delete, sender=Source)
@receiver(post_save, sender=SourceCredential)
@receiver(post_delete, sender=SourceCredential)
def forget_cached_sources(**kwargs: Any) -> None:
    with _source_cache_lock:
        _source_cache.clear()


def secret_matches(expected: str, given: str | None) -> bool:
    """Constant-time comparison; an unset expected secret never matches."""
    if not expected or given is None:
        return False
    return hmac.compare_digest(expected.encode(), str(given).encode())


def rate_limited_until(source: Source) -> datetime | None:
    """When the platform lets us call again, if it is still in the future."""
    value = (source.cursor or {}).get("rate_limited_until")
    try:
        until = datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
    return until if until is not None and until > timezone.now() else None


def apply_edits(source: Source, records: Iterable[MessageRecord]) -> int:
    """An edited message replaces the stored text (the original stays in its raw payload)."""
    return message_store().edit(source, records)


def mark_deleted(source: Source, external_ids: Iterable[str]) -> int:
    """The author or a moderator deleted these on the platform: keep them, flagged."""
    return message_store().mark_deleted(source, external_ids)


#: What each kind needs before it can work, and which options live where.
REQUIRED: dict[str, tuple[str, ...]] = {
    "vk": ("group_id", "secret", "confirmation"),
    "telegram": ("token",),
    "max": ("token",),
    "feed": ("url",),
    "ok": ("group_id", "application_key", "token", "secret_key"),
    "email": ("imap_host", "username", "password"),
}
WEBHOOK_KINDS = ("vk", "telegram", "max", "ok")
SETTING_KEYS = ("group_id", "channel_id", "base_url", "url", "application_key", "imap_host",
                "imap_port", "mailbox", "username", "address", "smtp_host", "smtp_port",
                "smtp_security")  # fmt: skip
SECRET_KEYS = ("secret", "confirmation", "token", "user_token", "webhook_secret", "secret_key",
               "bot_token", "password", "service_token")  # fmt: skip
MONITORING_NOTICE = (
    "мониторинг по словам собирает ПУБЛИЧНЫЕ посты любых людей во ВКонтакте, упоминающих эти "
    "слова, а не только сообщения администрации: это персональные данные (152-ФЗ). Не "
    "включайте его без решения администрации; выключается параметром --monitor-keywords ''."
)


def split_words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


def channel_options(kind: str, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """CLI or form values → (Source.settings, secrets), in the shape each adapter reads."""
    settings = {k: values[k] for k in SETTING_KEYS if values.get(k) not in (None, "")}
    if kind == "feed" and values.get("keywords") is not None:
        settings["keywords"] = split_words(values["keywords"])
    if kind == "vk" and values.get("long_poll"):
        settings["long_poll"] = True
    if kind == "vk" and values.get("monitor_keywords") is not None:
        settings["monitor_keywords"] = split_words(values["monitor_keywords"])
    secrets = {key: values.get(key) or "" for key in SECRET_KEYS}
    if kind == "ok":  # OK calls the user's token access_token; group ids exceed JSON-safe ints
        secrets["access_token"] = secrets.pop("token")
        if "group_id" in settings:
            settings["group_id"] = str(settings["group_id"])
    return settings, secrets


def missing_options(kind: str, values: dict[str, Any], stored: dict[str, Any]) -> list[str]:
    """Required options neither given now nor stored already (settings or secrets)."""
    alias = {"token": "access_token"} if kind == "ok" else {}
    return [
        key
        for key in REQUIRED.get(kind, ())
        if values.get(key) in (None, "") and not stored.get(alias.get(key, key))
    ]


def stored_options(name: str) -> dict[str, Any]:
    """A source's settings and secrets together (to see what is set), or {}."""
    source = Source.objects.filter(name=name).select_related("credential").first()
    if source is None:
        return {}
    try:
        secrets = source.credential.secrets
    except SourceCredential.DoesNotExist:
        secrets = {}
    return {**source.settings, **{k: v for k, v in secrets.items() if v}}


def webhook_path(source: Source) -> str:
    return f"/hooks/{source.kind}/{source.name}/" if source.kind in WEBHOOK_KINDS else ""


def save_channel_source(
    name: str,
    kind: str,
    settings: dict[str, Any],
    secrets: dict[str, str],
    title: str = "",
    is_mayor_page: bool = False,
) -> tuple[Source, bool]:
    """Create a channel source, or update its settings and secrets; (source, created).

    Secrets are merged: a key not given keeps its stored value (rotate one token at a time).
    """
    if kind not in CHANNELS:
        raise ChannelError(f"неизвестный тип канала {kind!r}; известны: {', '.join(CHANNELS)}")
    return save_source_settings(name, kind, settings, secrets, title, is_mayor_page)
