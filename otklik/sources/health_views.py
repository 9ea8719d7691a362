"""The channel health page (administrators only): one row per source, one query for all;
a form to add a channel or change its settings, and a button to test it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings as django_settings
from django.contrib import messages as flash
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otklik.accounts.permissions import require
from otklik.sources.actions import record_error, set_poll_interval, set_token_expiry
from otklik.sources.channels import (
    CHANNELS,
    SECRET_KEYS,
    UNEXPECTED,
    adapter_for,
    channel_options,
    missing_options,
    rate_limited_until,
    save_channel_source,
    stored_options,
    unexpected_answer,
    webhook_path,
)
from otklik.sources.http import ChannelError
from otklik.sources.models import InboundPayload, Source, SourceCredential

log = logging.getLogger(__name__)

WAITING = (InboundPayload.Status.PENDING, InboundPayload.Status.PROCESSING)
EXPIRY_WARNING = timedelta(days=7)


def is_admin(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_admin", False))


def health_queryset() -> QuerySet[Source]:
    """Sources with their credential, payload counts and newest payload: a single SQL query."""
    return Source.objects.select_related("credential").annotate(
        pending_count=Count("payloads", filter=Q(payloads__status__in=WAITING)),
        failed_count=Count("payloads", filter=Q(payloads__status=InboundPayload.Status.FAILED)),
        newest_payload_at=Max("payloads__received_at"),
    )


@dataclass
class Row:
    source: Source
    lag: timedelta | None
    expires_at: object
    expires_soon: bool
    testable: bool
    secret_keys: list[str]
    webhook_url: str
    rate_limited_until: datetime | None
    last_event: datetime | None = None


def last_event(source: Source) -> datetime | None:
    """When the source last received something: its own mark, or (imports, the demo's data,
    sources older than the mark) the newest payload stored for it."""
    moments = [m for m in (source.last_event_at, getattr(source, "newest_payload_at", None)) if m]
    return max(moments) if moments else None


def rows(sources: QuerySet[Source]) -> list[Row]:
    now, result = timezone.now(), []
    for source in sources:
        try:
            expires, keys = source.credential.expires_at, source.credential.secrets
        except SourceCredential.DoesNotExist:
            expires, keys = None, {}
        last = last_event(source)
        lag = now - last if last else None
        soon = expires is not None and expires - now < EXPIRY_WARNING
        hook = webhook_path(source)
        result.append(
            Row(source, lag, expires, soon, source.kind in CHANNELS,
                sorted(k for k, v in keys.items() if v),  # names only, never the values
                django_settings.SITE_URL.rstrip("/") + hook if hook else "",
                rate_limited_until(source), last)
        )  # fmt: skip
    return result


def _secret(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=500, widget=forms.PasswordInput(render_value=False)
    )


#: The fields each platform needs, in the order the form shows them (after the common ones).
FIELDS: dict[str, tuple[str, ...]] = {
    "vk": ("group_id", "secret", "confirmation", "token", "user_token", "long_poll",
           "monitor_keywords", "service_token"),
    "telegram": ("token", "webhook_secret", "channel_id"),
    "max": ("token", "webhook_secret", "channel_id"),
    "ok": ("group_id", "application_key", "token", "secret_key", "bot_token", "webhook_secret"),
    "email": ("imap_host", "imap_port", "mailbox", "username", "password", "address",
              "smtp_host", "smtp_port", "smtp_security"),
    "feed": ("url", "keywords"),
}  # fmt: skip
COMMON = ("kind", "name", "title", "poll_interval", "expires_on")
#: Where a resident reads the Mayor's personal page: the social networks.
MAYOR_KINDS = ("vk", "telegram", "max", "ok")
#: A field's label on one platform, where it differs from the field's own.
LABELS: dict[tuple[str, str], str] = {
    ("vk", "group_id"): "ID сообщества",
    ("ok", "group_id"): "ID группы",
    ("vk", "token"): "Ключ доступа сообщества",
    ("telegram", "token"): "Токен бота",
    ("max", "token"): "Токен бота",
    ("ok", "token"): "Токен доступа (access_token)",
}


class ChannelForm(forms.Form):
    """Add a channel, or change one: a secret left empty keeps its stored value.

    Built for one platform (`kind`), it has only that platform's fields (the page asks for the
    platform first); without one, it has them all, as a POST with an unknown kind needs."""

    kind = forms.ChoiceField(label="Платформа", choices=[])
    name = forms.SlugField(label="Короткое имя (латиница, в адресе вебхука)", max_length=64)
    title = forms.CharField(label="Название", required=False, max_length=200)
    is_mayor_page = forms.BooleanField(label="Личная страница мэра", required=False)
    poll_interval = forms.IntegerField(
        label="Опрос, секунд (0 — только вебхук)", required=False, min_value=0, max_value=86400
    )
    group_id = forms.IntegerField(label="ID сообщества или группы", required=False)
    channel_id = forms.CharField(label="Канал для постов (@имя или ID)", required=False)
    url = forms.URLField(label="Адрес ленты RSS/Atom", required=False, assume_scheme="https")
    keywords = forms.CharField(
        label="Слова для отбора записей, через запятую (пусто — все)", required=False
    )
    application_key = forms.CharField(label="Публичный ключ приложения", required=False)
    imap_host = forms.CharField(label="Сервер IMAP", required=False)
    imap_port = forms.IntegerField(
        label="Порт IMAP (993)", required=False, min_value=1, max_value=65535
    )
    mailbox = forms.CharField(label="Папка (INBOX)", required=False, max_length=200)
    username = forms.CharField(label="Логин", required=False)
    address = forms.EmailField(label="Адрес отправителя (по умолчанию логин)", required=False)
    smtp_host = forms.CharField(label="Сервер SMTP (для ответов)", required=False)
    smtp_port = forms.IntegerField(
        label="Порт SMTP (465)", required=False, min_value=1, max_value=65535
    )
    smtp_security = forms.ChoiceField(
        label="Защита SMTP",
        required=False,
        choices=[("", "—"), ("ssl", "SSL"), ("starttls", "STARTTLS"), ("none", "без защиты")],
    )
    long_poll = forms.BooleanField(label="Получать через Bots Long Poll", required=False)
    monitor_keywords = forms.CharField(
        label="МОНИТОРИНГ ПУБЛИЧНЫХ ПОСТОВ по словам (персональные данные, 152-ФЗ)",
        required=False,
        help_text="Собирает публичные посты любых людей, упоминающих эти слова. По умолчанию "
        "выключено; включайте только по решению администрации.",
    )
    secret = _secret("Секретный ключ Callback API")
    confirmation = _secret("Строка подтверждения")
    token = _secret("Токен")
    user_token = _secret("Токен администратора (нужен только для публикации постов)")
    service_token = _secret("Сервисный ключ приложения (для мониторинга)")
    webhook_secret = _secret("Секрет вебхука")
    secret_key = _secret("Секретный ключ приложения")
    bot_token = _secret("Токен бота Graph API (чаты группы)")
    password = _secret("Пароль")
    expires_on = forms.DateField(
        label="Токен действует до (ГГГГ-ММ-ДД)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, kind: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Source.Kind.choices)
        self.fields["kind"].choices = [(k, labels.get(k, k)) for k in CHANNELS]
        self.platform = kind if kind in FIELDS else None
        if self.platform is None:
            return
        mayor = ("is_mayor_page",) if kind in MAYOR_KINDS else ()
        keep = [*COMMON[:-1], *mayor, *FIELDS[kind], COMMON[-1]]  # the token's expiry last
        self.fields = {name: self.fields[name] for name in keep}
        self.fields["kind"].widget = forms.HiddenInput()
        self.fields["kind"].initial = kind
        for name in FIELDS[kind]:
            if (kind, name) in LABELS:
                self.fields[name].label = LABELS[(kind, name)]

    @property
    def platform_label(self) -> str:
        return dict(Source.Kind.choices).get(self.platform or "", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, name = data.get("kind"), data.get("name")
        if not kind or not name:
            return data
        existing = Source.objects.filter(name=name).values_list("kind", flat=True).first()
        if existing is not None and existing != kind:
            label = dict(Source.Kind.choices).get(existing, existing)
            raise forms.ValidationError(f"Источник «{name}» уже есть, его тип — {label}.")
        missing = missing_options(kind, data, stored_options(name))
        for key in missing:
            self.add_error(key if key in self.fields else None, "Нужно для этой платформы.")
        return data


class PlatformForm(forms.Form):
    """The first step: which platform the channel is on."""

    kind = forms.ChoiceField(label="Платформа", choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Source.Kind.choices)
        self.fields["kind"].choices = [(k, labels.get(k, k)) for k in CHANNELS]


def _save(form: ChannelForm) -> Source:
    data = form.cleaned_data
    settings, secrets = channel_options(data["kind"], data)
    if data["kind"] == "vk":  # the form shows the box: unticked turns Long Poll off
        settings["long_poll"] = bool(data.get("long_poll"))
    source, _ = save_channel_source(
        data["name"], data["kind"], settings, secrets, data["title"], data["is_mayor_page"]
    )
    if data.get("poll_interval") is not None:
        set_poll_interval(source, data["poll_interval"])
    if data.get("expires_on"):
        moment = datetime.combine(data["expires_on"], time(23, 59))
        set_token_expiry(source, timezone.make_aware(moment))
    return source


def _page(request: HttpRequest, form: ChannelForm | None, status: int = 200) -> HttpResponse:
    context = {
        "rows": rows(health_queryset()),
        "form": form,
        "platforms": PlatformForm(),
        "secret_keys": SECRET_KEYS,
    }
    return render(request, "sources/health.html", context, status=status)


@require(is_admin)
def health(request: HttpRequest) -> HttpResponse:
    """The table, and the form: first the platform, then its fields (?kind=…; ?name=… edits)."""
    kind = request.GET.get("kind", "")
    if kind not in FIELDS:
        return _page(request, None)
    name = request.GET.get("name", "")[:64]
    existing = Source.objects.filter(name=name, kind=kind).first() if name else None
    initial: dict[str, Any] = {"kind": kind}
    if existing is not None:
        settings = {k: v for k, v in existing.settings.items() if k in FIELDS[kind]}
        if isinstance(settings.get("keywords"), list):
            settings["keywords"] = ", ".join(settings["keywords"])
        if isinstance(settings.get("monitor_keywords"), list):
            settings["monitor_keywords"] = ", ".join(settings["monitor_keywords"])
        initial.update(
            settings,
            name=existing.name,
            title=existing.title,
            is_mayor_page=existing.is_mayor_page,
            poll_interval=existing.poll_interval,
        )
    return _page(request, ChannelForm(initial=initial, kind=kind))


@require_POST
@require(is_admin)
def add_source(request: HttpRequest) -> HttpResponse:
    form = ChannelForm(request.POST, kind=request.POST.get("kind"))
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        source = _save(form)
    except ChannelError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, status=400)
    log.info("administrator %s saved channel %s", request.user.pk, source.name)
    hook = webhook_path(source)
    note = f" Адрес вебхука: {django_settings.SITE_URL.rstrip('/')}{hook}" if hook else ""
    flash.success(request, f"Канал {source.name} сохранён.{note}")
    return redirect("sources-health")


@require_POST
@require(is_admin)
def test_source(request: HttpRequest, name: str) -> HttpResponse:
    source = get_object_or_404(Source, name=name)
    try:
        answer = adapter_for(source).test_connection()
    except ChannelError as exc:
        record_error(source, exc)
        flash.error(request, f"{source.name}: {exc}")
    except UNEXPECTED as exc:
        error = unexpected_answer(source, exc)
        record_error(source, error)
        flash.error(request, f"{source.name}: {error}")
    else:
        flash.success(request, f"{source.name}: связь есть, {answer}")
    return redirect("sources-health")
