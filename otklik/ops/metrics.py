"""GET /metrics: Prometheus' text format (0.0.4), written by hand, for the city's monitoring.

Not public: answered only to the addresses in OTKLIK_METRICS_ALLOW (default: this machine) or to
`Authorization: Bearer <OTKLIK_METRICS_TOKEN>`. A request that came through a proxy which is not
in OTKLIK_TRUSTED_PROXIES (it carries X-Forwarded-For) is never let in by address, so nginx on the
same machine does not make the page public; nginx also closes /metrics (deploy/nginx).

What it says: queue depths (inbound payloads, publications of answers and of the content plan,
staff notifications), the age of the oldest pending payload, publications by state, the last
retention run, and request latencies from otklik.ops.latency (this process's memory only).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from otklik.accounts.addresses import client_address, is_trusted
from otklik.answers.models import Publication
from otklik.notify.models import Notification
from otklik.ops import latency
from otklik.plan.models import PostChannel
from otklik.privacy.models import RetentionAct
from otklik.sources.models import InboundPayload

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
Payload = InboundPayload.Status


def allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").strip(), token)
    remote = request.META.get("REMOTE_ADDR", "")
    if "HTTP_X_FORWARDED_FOR" in request.META and not (
        settings.TRUSTED_PROXIES and is_trusted(remote)
    ):
        return False  # forwarded by a proxy we were not told to believe: its client is unknown
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_NETWORKS)


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _metric(name: str, kind: str, help_text: str, samples: Iterable[str]) -> list[str]:
    return [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", *samples]


def _queues() -> list[str]:
    now = timezone.now()
    payloads = InboundPayload.objects.filter(status__in=[Payload.PENDING, Payload.PROCESSING])
    counts = payloads.aggregate(
        pending=Count("id", filter=Q(status=Payload.PENDING)),
        processing=Count("id", filter=Q(status=Payload.PROCESSING)),
        oldest=Min("received_at", filter=Q(status=Payload.PENDING)),
    )
    failed = InboundPayload.objects.filter(status=Payload.FAILED).count()
    publications = Publication.objects.filter(status=Publication.Status.PENDING).count()
    waiting_plan = [PostChannel.State.PENDING, PostChannel.State.IN_FLIGHT]
    plan = PostChannel.objects.filter(state__in=waiting_plan).count()
    notifications = Notification.objects.filter(
        status__in=[Notification.Status.PENDING, Notification.Status.SENDING]
    ).count()
    lag = (now - counts["oldest"]).total_seconds() if counts["oldest"] else 0.0
    depth = {
        "inbound_pending": counts["pending"],
        "inbound_processing": counts["processing"],
        "inbound_failed": failed,
        "answer_publications": publications,
        "plan_publications": plan,
        "notifications": notifications,
    }
    return [
        *_metric(
            "otklik_queue_depth",
            "gauge",
            "Строк в очереди, по очередям.",
            (f'otklik_queue_depth{{queue="{q}"}} {n}' for q, n in depth.items()),
        ),
        *_metric(
            "otklik_intake_lag_seconds",
            "gauge",
            "Возраст самого старого необработанного входящего пакета, с (0 — очередь пуста).",
            [f"otklik_intake_lag_seconds {lag:.3f}"],
        ),
    ]


def _publications() -> list[str]:
    answers = dict(
        Publication.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    plan = dict(
        PostChannel.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    samples = [
        f'otklik_publications{{kind="answer",state="{_label(s)}"}} {answers.get(s, 0)}'
        for s in Publication.Status.values
    ] + [
        f'otklik_publications{{kind="plan",state="{_label(s)}"}} {plan.get(s, 0)}'
        for s in PostChannel.State.values
    ]
    return _metric(
        "otklik_publications", "gauge", "Публикации по состояниям: ответы и контент-план.", samples
    )


def _retention() -> list[str]:
    last = RetentionAct.objects.order_by("-started_at", "-id").values_list("started_at").first()
    value = last[0].timestamp() if last else 0
    return _metric(
        "otklik_retention_last_run_timestamp_seconds",
        "gauge",
        "Начало последнего обезличивания персональных данных, Unix-время (0 — не было).",
        [f"otklik_retention_last_run_timestamp_seconds {value:.0f}"],
    )


def _latencies() -> list[str]:
    name = "otklik_request_duration_seconds"
    samples: list[str] = []
    for (method, status, view), h in sorted(latency.snapshot().items()):
        labels = f'method="{method}",status="{status}",view="{_label(view)}"'
        for bound, count in zip(latency.BUCKETS, h.counts, strict=True):
            samples.append(f'{name}_bucket{{{labels},le="{bound}"}} {count}')
        samples.append(f'{name}_bucket{{{labels},le="+Inf"}} {h.total}')
        samples.append(f"{name}_sum{{{labels}}} {h.seconds:.6f}")
        samples.append(f"{name}_count{{{labels}}} {h.total}")
    help_text = "Время ответа на запросы в этом процессе веб-сервера с его запуска, с."
    return _metric(name, "histogram", help_text, samples)


def render() -> str:
    lines = [*_queues(), *_publications(), *_retention(), *_latencies()]
    return "\n".join(lines) + "\n"


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not allowed(request):
        return HttpResponse("Доступ запрещён\n", status=403, content_type="text/plain")
    return HttpResponse(render(), content_type=CONTENT_TYPE)
