"""The demo's spike alert: a burst of reports that the real detector finds.

Sixteen residents of the northern part of the city write within the last five hours that there
is no hot water (comments under the channels' posts and private messages, VK and Telegram). The
messages come in through the same import as the demo's corpus (raw payload first, then the
messages), and the press officer («press») takes them into one incident «Горячая вода», as she
would: the category the detector reads. Then the hourly evaluation itself
(`detect_spikes(now)`) runs: it finds the burst against the series' seasonal baseline, records
the Spike, drafts the explanatory post («В связи с обращениями жителей …») and queues the notice
to the press service.

The demo's accounts have no notification channel, so the press officer is given an e-mail one
for spike notices only (unless she has one already): without it the notice has nowhere to go.

Idempotent: the messages have stable external ids, a message already in an incident is left
there, and once a spike holds the burst's messages nothing is evaluated again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.analytics.actions.spikes import detect_spikes
from otklik.analytics.models import Spike
from otklik.analytics.spike_series import hour_floor
from otklik.cities.models import Category
from otklik.inbox.models import Message
from otklik.incidents import actions as incident_actions
from otklik.notify.actions import channels_for, save_preferences
from otklik.notify.models import Channel, Notification

TERRITORY = "north"
CATEGORY = "zhkh-hot-water"
TITLE = "Нет горячей воды в Северной части"
PRESS = "press"
PRESS_EMAIL = "press@otklik.example"  # a reserved domain: demo mail never reaches anyone
PREFIX = "spike-hotwater-"

#: The posts the residents comment on (the corpus's own threads, as it names them).
VK_POST = ("vk-wall-1001", "Отопительный сезон: пишите адреса, где холодно", 1001)
TG_POST = ("tg-post-301", "Оперативная информация: отключения и аварии", 301)


@dataclass(frozen=True)
class Report:
    """One resident's message, `minutes` before the last full hour."""

    source: str  # vk | tg
    kind: str  # comment | direct
    minutes: int
    author: str
    author_id: str
    text: str
    address: str = ""


# fmt: off
BURST = (
    Report("vk", "comment", 298, "Ирина Белова", "402118735",
           "Курчатова 11, нет горячей воды. Никаких объявлений не было. Когда дадут?",
           "ул. Курчатова, 11"),
    Report("tg", "comment", 276, "Сергей Милованов", "177302954",
           "У нас на Славского 20 тоже нет горячей, сижу с намыленной головой 😡",
           "ул. Славского, 20"),
    Report("vk", "comment", 251, "Олеся Григорьева", "635920417",
           "Северная 8 — горячей воды нет уже несколько часов. Это авария или плановое отключение?",
           "ул. Северная, 8"),
    Report("vk", "direct", 229, "Андрей Кравец", "318804562",
           "Здравствуйте. Курчатова 14, нет горячей воды, ребёнка купать нечем. "
           "Подскажите сроки.", "ул. Курчатова, 14"),
    Report("tg", "comment", 207, "Людмила Ершова", "209457316",
           "Администрация, что с горячей водой в новых районах? Солнечная 5, из крана "
           "бежит только холодная.", "ул. Солнечная, 5"),
    Report("vk", "comment", 184, "Виктор Самойлов", "548019273",
           "Коммунистический 151 — горячую воду отключили без объявления, в УК трубку не берут",
           "пр. Коммунистический, 151"),
    Report("tg", "comment", 163, "Ксения Лаптева", "286640195",
           "И на Славского 18 нет. В теплосеть не дозвониться, всё время занято.",
           "ул. Славского, 18"),
    Report("vk", "comment", 141, "Геннадий Орлов", "731255908",
           "Горячей воды нет по всему кварталу на Курчатова, у соседей то же самое. "
           "Сколько ждать?"),
    Report("tg", "direct", 118, "Валентина Петренко", "154873620",
           "Северная 10а, у меня мама лежачая, а горячей воды нет. Помогите узнать, "
           "когда включат.", "ул. Северная, 10а"),
    Report("vk", "comment", 96, "Максим Ткаченко", "469302187",
           "опять без горячей воды на севере, хоть бы объявление в подъезде повесили"),
    Report("vk", "comment", 77, "Алина Шевчук", "592714036",
           "Солнечная 7: сначала из горячего крана шла еле тёплая, теперь вообще холодная",
           "ул. Солнечная, 7"),
    Report("tg", "comment", 58, "Денис Колесников", "243186579",
           "Когда включат горячую воду на Курчатова? В чате дома пишут, что где-то прорыв"),
    Report("vk", "comment", 41, "Татьяна Руденко", "815527340",
           "Славского 22, горячей воды нет уже который час. Напишите хоть что-нибудь официально!",
           "ул. Славского, 22"),
    Report("tg", "comment", 27, "Николай Зуев", "378091624",
           "Уважаемая администрация, Коммунистический 147, нет ГВС. Просим дать "
           "информацию о сроках.", "пр. Коммунистический, 147"),
    Report("vk", "comment", 15, "Евгения Маркова", "660438115",
           "присоединяюсь, Северная 12 тоже без горячей. в управляющей говорят, что не их участок",
           "ул. Северная, 12"),
    Report("tg", "comment", 6, "Роман Яковлев", "124960783",
           "Курчатова 9, горячей воды так и нет, детей помыть нечем. Сколько можно?",
           "ул. Курчатова, 9"),
)
# fmt: on


def external_id(index: int, report: Report) -> str:
    return f"{report.source}-{report.kind}-{PREFIX}{index + 1:02d}"


def burst_rows(end: datetime) -> list[dict[str, Any]]:
    """The burst as rows of the demo's corpus, timed back from `end` (the last full hour)."""
    return [_row(index, report, end) for index, report in enumerate(BURST)]


def _row(index: int, report: Report, end: datetime) -> dict[str, Any]:
    row: dict[str, Any] = {
        "external_id": external_id(index, report),
        "text": report.text,
        "author": report.author,
        "author_id": report.author_id,
        "created_at": (end - timedelta(minutes=report.minutes)).isoformat(),
        "kind": report.kind,
        "territory": TERRITORY,
        "address": report.address,
        "likes": (index * 7) % 5,
        "url": "",
        "thread": "",
    }
    if report.kind == "comment":
        thread, title, post = VK_POST if report.source == "vk" else TG_POST
        reply = 59100 + index
        row["url"] = (
            f"https://vk.com/wall-12345678_{post}?reply={reply}"
            if report.source == "vk"
            else f"https://t.me/seversk_adm/{post}?comment={reply}"
        )
        row |= {"thread": thread, "thread_title": title}
    return row


def import_burst(end: datetime) -> int:
    """Store the burst the way the demo's corpus is stored; returns how many are new."""
    from otklik.demo.seed import ensure_sources, import_corpus  # seed imports this module

    return import_corpus(burst_rows(end), ensure_sources())


def burst_messages() -> list[Message]:
    ids = [external_id(index, report) for index, report in enumerate(BURST)]
    return list(Message.objects.filter(external_id__in=ids).order_by("created_at", "id"))


def take_into_incident(press: User, messages: list[Message]) -> None:
    """The press officer makes one incident of the first report and attaches the others."""
    if not messages:
        return
    incident = next((m.incident for m in messages if m.incident_id), None)
    if incident is None:
        category = Category.objects.get(code=CATEGORY)
        first = messages[0]
        incident = incident_actions.create_incident(
            press, [first], title=TITLE, category=category, territory=first.territory
        )
        messages = messages[1:]
    loose = [m for m in messages if m.incident_id is None]
    if loose:
        incident_actions.attach_messages(press, incident, loose)


def ensure_notice_channel(press: User) -> None:
    """Spike notices by e-mail, unless the press officer already receives them somewhere."""
    if channels_for(press, Notification.Kind.SPIKE):
        return
    kinds = [Notification.Kind.SPIKE]
    save_preferences(
        press, {Channel.EMAIL: {"enabled": True, "address": PRESS_EMAIL, "kinds": kinds}}
    )


def already_found(messages: list[Message]) -> bool:
    return Spike.objects.filter(messages__in=messages).exists()


@transaction.atomic
def seed_spikes(now: datetime | None = None) -> None:
    """Seed the burst and let the detector find it (the city, the demo accounts and sources
    must be there); a second run adds nothing."""
    now = now or timezone.now()
    press = User.objects.get(username=PRESS)
    import_burst(hour_floor(now))
    messages = burst_messages()
    take_into_incident(press, messages)
    if already_found(messages):
        return
    ensure_notice_channel(press)
    detect_spikes(now)
