"""/api/webhooks/: the administrators' page of subscriptions and their deliveries' log.

Views validate and call otklik.api.webhooks.actions; the secret is shown once, on the page the
creation redirects to (it is kept in the session only until that page takes it out).
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import require
from otklik.api.webhooks import actions
from otklik.api.webhooks.delivery import MAX_ATTEMPTS
from otklik.api.webhooks.forms import SubscriptionForm
from otklik.api.webhooks.models import WebhookDelivery, WebhookSubscription

SESSION_KEY = "webhook_secret"
PAGE = 50


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_admin


@require(is_admin)
def subscriptions(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = actions.create_subscription(
                request.user, form.cleaned_data["url"], form.cleaned_data["events"]
            )
        except ValidationError as exc:
            form.add_error("url", exc)
        else:
            request.session[SESSION_KEY] = {"id": subscription.pk, "secret": secret}
            return redirect("webhook-created", subscription.pk)
    failed = Count("deliveries", filter=Q(deliveries__state=WebhookDelivery.State.FAILED))
    rows = WebhookSubscription.objects.select_related("created_by").annotate(failed=failed)
    return render(request, "api/webhooks.html", {"form": form, "subscriptions": rows})


@require(is_admin)
def created(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    kept = request.session.get(SESSION_KEY) or {}
    secret = ""
    if kept.get("id") == subscription.pk:
        secret = kept.get("secret", "")
        del request.session[SESSION_KEY]
    context = {"subscription": subscription, "secret": secret}
    return render(request, "api/webhooks_created.html", context)


@require(is_admin)
def deliveries(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    rows = subscription.deliveries.prefetch_related("attempt_log").order_by("-created_at", "-id")
    state = request.GET.get("state", "")
    if state in WebhookDelivery.State.values:
        rows = rows.filter(state=state)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    context = {
        "subscription": subscription,
        "page": page,
        "state": state,
        "states": WebhookDelivery.State.choices,
        "max_attempts": MAX_ATTEMPTS,
    }
    return render(request, "api/webhooks_deliveries.html", context)


@require_POST
@require(is_admin)
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    if actions.deactivate(request.user, subscription):
        flash.success(request, f"Подписка на {subscription.url} отключена")
    return redirect("webhooks")


@require_POST
@require(is_admin)
def send_test(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(WebhookSubscription, pk=pk)
    try:
        actions.send_test(request.user, subscription)
    except ValidationError as exc:
        flash.error(request, "; ".join(exc.messages))
    else:
        flash.success(
            request,
            "Тестовое событие поставлено в очередь: обработчик отправит его в течение минуты",
        )
    return redirect("webhook-deliveries", subscription.pk)


@require_POST
@require(is_admin)
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(WebhookDelivery.objects.select_related("subscription"), pk=pk)
    try:
        actions.retry_delivery(request.user, delivery)
    except ValidationError as exc:
        flash.error(request, "; ".join(exc.messages))
    else:
        flash.success(request, f"Доставка #{delivery.pk} поставлена в очередь заново")
    return redirect("webhook-deliveries", delivery.subscription_id)
