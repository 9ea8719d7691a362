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
from django.db.models import Count, Q, QuerySet
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
    """Sources with their credential and payload counts: a single SQL query."""
    return Source.objects.select_related("credential").annotate(
        pending_count=Count("payloads", filter=Q(payloads__status__in=WAITING)),
        failed_count=Count("payloads", filter=Q(payloads__status=InboundPayload.Status.FAILED)),
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


def rows(sources: QuerySet[Source]) -> list[Row]:
    now, result = timezone.now(), []
    for source in sources:
        try:
            expires, keys = source.credential.expires_at, source.credential.secrets
        except SourceCredential.DoesNotExist:
            expires, keys = None, {}
        lag = now - source.last_event_at if source.last_event_at else None
        soon = expires is not None and expires - now < EXPIRY_WARNING
        hook = webhook_path(source)
        result.append(
            Row(source, lag, expires, soon, source.kind in CHANNELS,
                sorted(k for k, v in keys.items() if v),  # names only, never the values
                django_settings.SITE_URL.rstrip("/") + hook if hook else "",
                rate_limited_until(source))
        )  # fmt: skip
    return result


def _secret(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=500, widget=forms.PasswordInput(render_value=False)
    )


class ChannelForm(forms.Form):
    """Add a channel, or change one: a secret left empty keeps its stored value."""

    kind = forms.ChoiceField(label="Платформа", choices=[])
    name = forms.SlugField(label="Короткое имя (в адресе вебхука)", max_length=64)
    title = forms.CharField(label="Название", required=False, max_length=200)
    is_mayor_page = forms.BooleanField(label="Личная страница Мэра", required=False)
    poll_interval = forms.IntegerField(
        label="Опрос, секунд (0 — только вебхук)", required=False, min_value=0, max_value=86400
    )
    group_id = forms.IntegerField(label="ID сообщества / группы (VK, OK)", required=False)
    channel_id = forms.CharField(label="Канал для постов (Telegram, MAX)", required=False)
    url = forms.URLField(label="Адрес ленты RSS/Atom", required=False, assume_scheme="https")
    keywords = forms.CharField(label="Слова для ленты, через запятую", required=False)
    application_key = forms.CharField(label="OK: публичный ключ приложения", required=False)
    imap_host = forms.CharField(label="Почта: сервер IMAP", required=False)
    username = forms.CharField(label="Почта: логин", required=False)
    smtp_host = forms.CharField(label="Почта: сервер SMTP (для ответов)", required=False)
    long_poll = forms.BooleanField(label="VK: получать через Bots Long Poll", required=False)
    monitor_keywords = forms.CharField(
        label="VK: МОНИТОРИНГ ПУБЛИЧНЫХ ПОСТОВ по словам (персональные данные, 152-ФЗ)",
        required=False,
        help_text="Собирает публичные посты любых людей, упоминающих эти слова. По умолчанию "
        "выключено; включайте только по решению администрации.",
    )
    secret = _secret("VK: секретный ключ Callback API")
    confirmation = _secret("VK: строка подтверждения")
    token = _secret("Токен (VK — сообщества, Telegram/MAX — бота, OK — access_token)")
    user_token = _secret("VK: токен администратора (нужен только для публикации постов)")
    service_token = _secret("VK: сервисный ключ приложения (для мониторинга)")
    webhook_secret = _secret("Telegram, MAX: секрет вебхука")
    secret_key = _secret("OK: секретный ключ приложения")
    bot_token = _secret("OK: токен бота (Graph API)")
    password = _secret("Почта: пароль")
    expires_on = forms.DateField(label="Токен действует до", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Source.Kind.choices)
        self.fields["kind"].choices = [(kind, labels.get(kind, kind)) for kind in CHANNELS]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, name = data.get("kind"), data.get("name")
        if not kind or not name:
            return data
        existing = Source.objects.filter(name=name).values_list("kind", flat=True).first()
        if existing is not None and existing != kind:
            raise forms.ValidationError(f"Источник «{name}» уже есть, его тип — {existing}.")
        missing = missing_options(kind, data, stored_options(name))
        for key in missing:
            self.add_error(key if key in self.fields else None, "Нужно для этой платформы.")
        return data


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


def _page(request: HttpRequest, form: ChannelForm, status: int = 200) -> HttpResponse:
    context = {"rows": rows(health_queryset()), "form": form, "secret_keys": SECRET_KEYS}
    return render(request, "sources/health.html", context, status=status)


@require(is_admin)
def health(request: HttpRequest) -> HttpResponse:
    return _page(request, ChannelForm(initial={"kind": "vk"}))


@require_POST
@require(is_admin)
def add_source(request: HttpRequest) -> HttpResponse:
    form = ChannelForm(request.POST)
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
