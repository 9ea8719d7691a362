"""Russian texts of a spike: the press service's notice and the explanatory post's draft."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from otklik.analytics.models import Spike
from otklik.inbox.models import Message

NOTICE_MESSAGES = 10  # links in a notice; the spike's page lists them all


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def spike_url(spike: Spike) -> str:
    return absolute(reverse("spike-detail", args=[spike.pk]))


def local(moment: object) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")  # type: ignore[arg-type]


def number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def ratio(spike: Spike) -> str:
    """«в 3,2 раза больше»; «обычно таких почти нет» when under one message was expected."""
    if spike.expected < 0.5 or spike.ratio == float("inf"):
        return "обычно таких почти нет"
    return f"в {number(spike.ratio)} раза больше"


def notice(spike: Spike, messages: Sequence[Message]) -> tuple[str, str]:
    """(subject, text) of the notice to the press service."""
    subject = f"Всплеск обращений: {spike.series_label}"
    lines = [
        f"{subject}.",
        f"С {local(spike.window_start)} по {local(spike.window_end)}: {spike.observed} "
        f"сообщений при ожидаемых {number(spike.expected)} ({ratio(spike)}).",
        f"Открыть: {spike_url(spike)}",
    ]
    if messages:
        lines.append("Сообщения:")
        lines += [f"— {_message_line(m)}" for m in messages[:NOTICE_MESSAGES]]
    if len(messages) > NOTICE_MESSAGES:
        lines.append(f"…и ещё {len(messages) - NOTICE_MESSAGES} на странице всплеска.")
    if spike.post_id:
        lines.append(f"Черновик разъяснения: {absolute(f'/plan/{spike.post_id}/')}")
    return subject, "\n".join(lines)


def _message_line(message: Message) -> str:
    text = " ".join(message.text.split())
    short = text if len(text) <= 80 else text[:79] + "…"
    return f"«{short}» {absolute(reverse('message-detail', args=[message.pk]))}"


def post_texts(spike: Spike) -> tuple[str, str]:
    """(title, text) of the explanatory post's draft: the press service finishes it."""
    about = f"«{spike.topic}»" if spike.topic else f"«{spike.category.name}»"  # type: ignore[union-attr]
    where = f" ({spike.territory.name})" if spike.territory_id else ""  # type: ignore[union-attr]
    text = (
        f"В связи с обращениями жителей по теме {about}{where} сообщаем: администрация знает "
        "о ситуации, профильные службы проверяют информацию и принимают меры. "
        "[Уточните: что случилось, что делается и когда ждать результата.] "
        "Мы сообщим о ходе работ дополнительно."
    )
    return f"Разъяснение: {spike.series_label}"[:200], text
