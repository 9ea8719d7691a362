"""Load the demo: staff accounts, sources, a realistic corpus of messages and worked incidents.

Idempotent: a second run finds everything in place and changes nothing.
"""

from __future__ import annotations

import io
import json
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from otklik.accounts.actions import create_user
from otklik.accounts.models import Role, User
from otklik.cities.models import Category, Department
from otklik.demo import handling, platform, timeline
from otklik.demo.meetings_seed import seed_meetings
from otklik.demo.plan_seed import seed_plan
from otklik.demo.polls_seed import seed_polls
from otklik.demo.spikes_seed import seed_spikes
from otklik.inbox.models import Message, Thread
from otklik.incidents import actions as incident_actions
from otklik.incidents.deadlines import city_calendar
from otklik.incidents.models import Incident
from otklik.incidents.states import Priority, Resolution, Status
from otklik.sources.actions import save_source_settings
from otklik.sources.importer import import_stream
from otklik.sources.models import Source

CORPUS = Path(__file__).resolve().parent / "data" / "messages.jsonl"
#: The draw of the incidents' timelines (otklik.demo.timeline): the same every time.
SEED = 20261126

SOURCES = {
    "vk": ("vk-seversk", "ВКонтакте: Администрация ЗАТО Северск", Source.Kind.VK),
    "telegram": ("tg-seversk", "Telegram: канал администрации", Source.Kind.TELEGRAM),
    "ok": ("ok-seversk", "Одноклассники: группа администрации", Source.Kind.OK),
    "form": ("web-form", "Веб-форма «Сообщить о проблеме»", Source.Kind.FORM),
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    name: str
    department: str = ""


ACCOUNTS = [
    DemoAccount("admin", "otklik-admin", Role.ADMIN, "Администратор Системы"),
    DemoAccount("press", "otklik-press", Role.MODERATOR, "Соколова Анна"),
    DemoAccount("zhkh", "otklik-zhkh", Role.EXECUTOR, "Петров Игорь", "uzhkh"),
    DemoAccount("analyst", "otklik-analyst", Role.ANALYST, "Кузнецова Ольга"),
]


def corpus_rows(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _source_for(row: dict[str, Any]) -> str:
    if row.get("kind") == "form":
        return "form"
    prefix = str(row.get("external_id", "")).split("-", 1)[0]
    if prefix in {"vk", "ok"}:
        return prefix
    if prefix == "tg":
        return "telegram"
    url = str(row.get("url", ""))
    if "t.me" in url:
        return "telegram"
    if "ok.ru" in url:
        return "ok"
    return "vk"


def shift_to_now(rows: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Move the corpus in time so that its newest message is an hour old."""
    moments = [datetime.fromisoformat(r["created_at"]) for r in rows]
    delta = (now - timedelta(hours=1)) - max(moments)
    delta = timedelta(days=delta.days)
    return [
        {**r, "created_at": (m + delta).isoformat()} for r, m in zip(rows, moments, strict=True)
    ]


def ensure_accounts() -> list[DemoAccount]:
    departments = {d.code: d for d in Department.objects.all()}
    for account in ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        department = departments.get(account.department) if account.department else None
        if account.role == Role.EXECUTOR and department is None:
            department = Department.objects.order_by("id").first()
        create_user(
            account.username,
            account.password,
            role=account.role,
            department=department,
            full_name=account.name,
            validate=False,
        )
    return ACCOUNTS


#: Until the demo's stand-in platform starts (`connect_sources`), the channels point at a
#: loopback port where nothing listens: demo data never reaches a real platform.
NOWHERE = "http://127.0.0.1:9/"


def channel_settings(url: str = NOWHERE) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Per demo channel: (settings, secrets) as the adapters read them, aimed at `url`."""
    return {
        "vk": (
            {"group_id": platform.VK_GROUP_ID, "base_url": url + "method/", "web_url": url + "vk"},
            {
                "token": platform.VK_TOKEN,
                "user_token": platform.VK_USER_TOKEN,  # an administrator's: the plan's wall.post
                "secret": platform.VK_SECRET,
                "confirmation": platform.VK_CONFIRMATION,
            },
        ),
        "telegram": (
            {"channel_id": platform.TG_CHANNEL_ID, "base_url": url, "web_url": url + "tg"},
            {"token": platform.TG_TOKEN},
        ),
        "ok": (
            {
                "group_id": platform.OK_GROUP_ID,
                "application_key": "DEMOKEY",
                "base_url": url,
                "web_url": url + "ok",
            },
            {
                "access_token": platform.OK_TOKEN,
                "secret_key": "demo-ok-secret",
                "bot_token": platform.OK_BOT_TOKEN,
            },
        ),
    }


def ensure_sources() -> dict[str, Source]:
    found: dict[str, Source] = {}
    configured = channel_settings()
    for key, (name, title, kind) in SOURCES.items():
        found[key], created = Source.objects.get_or_create(
            name=name, defaults={"title": title, "kind": kind}
        )
        if key in configured and (created or not found[key].settings.get("base_url")):
            settings, secrets = configured[key]
            found[key], _ = save_source_settings(name, kind, settings, secrets, title)
    return found


def connect_sources(url: str) -> None:
    """Point the demo's channels at the stand-in platform listening at `url`."""
    for key, (settings, secrets) in channel_settings(url).items():
        name, title, kind = SOURCES[key]
        save_source_settings(name, kind, settings, secrets, title)


def demo_threads(kind: str) -> list[tuple[str, str]]:
    """(external id, title) of the demo channel's threads, for the stand-in platform."""
    key = {"vk": "vk", "telegram": "telegram", "ok": "ok"}[kind]
    return list(
        Thread.objects.filter(source__name=SOURCES[key][0]).values_list("external_id", "title")
    )


VK_WALL = re.compile(r"vk\.com/(wall-?\d+_\d+)")
TG_POST = re.compile(r"t\.me/(\w+)/(\d+)")
OK_TOPIC = re.compile(r"ok\.ru/group/\d+/topic/(\d+)")
#: The corpus's own thread names → the ids the channel adapters give (and publish into).
OLD_THREAD = (
    (re.compile(r"^vk-wall-(\d+)$"), rf"wall-{platform.VK_GROUP_ID}_\1"),
    (re.compile(r"^tg-post-(\d+)$"), rf"post{platform.TG_CHANNEL_ID}_\1"),
    (re.compile(r"^ok-topic-(\d+)$"), r"topic\1"),
)


def platform_row(row: dict[str, Any]) -> dict[str, Any]:
    """A corpus row with its thread named as the platform's adapter names it, so that a reply
    into it can be published: wall-<group>_<post> (VK), post<channel>_<post> (Telegram),
    topic<id> (OK), and a dialog or a private chat for a direct message."""
    row = dict(row)
    source, url, thread = _source_for(row), str(row.get("url") or ""), str(row.get("thread") or "")
    author = re.sub(r"\D", "", str(row.get("author_id") or "")) or "1"
    if source == "vk" and (m := VK_WALL.search(url)):
        row["thread"], row["thread_url"] = m[1], f"https://vk.com/{m[1]}"
    elif source == "telegram" and (m := TG_POST.search(url)):
        row["thread"] = f"post{platform.TG_CHANNEL_ID}_{m[2]}"
        row["thread_url"] = f"https://t.me/{m[1]}/{m[2]}"
    elif source == "ok" and thread and (m := OK_TOPIC.search(url)):
        row["thread"], row["thread_url"] = f"topic{m[1]}", url
    elif row.get("kind") == "direct":
        row["thread"] = {"vk": f"dialog{author}", "telegram": f"chat{author}",
                         "ok": f"chat:demo{author}"}.get(source, "")  # fmt: skip
    else:
        row["thread"] = _renamed(thread)
    return row


def _renamed(thread: str) -> str:
    for pattern, replacement in OLD_THREAD:
        if pattern.match(thread):
            return pattern.sub(replacement, thread)
    return thread


def rename_old_threads(sources: dict[str, Source]) -> int:
    """A demo database made before the threads had the platforms' ids gets them in place."""
    renamed = 0
    for thread in Thread.objects.filter(source__in=sources.values()):
        new = _renamed(thread.external_id)
        if (
            new != thread.external_id
            and not Thread.objects.filter(source_id=thread.source_id, external_id=new).exists()
        ):
            renamed += Thread.objects.filter(pk=thread.pk).update(external_id=new)
    return renamed


def import_corpus(rows: list[dict[str, Any]], sources: dict[str, Source]) -> int:
    by_source: dict[str, list[dict[str, Any]]] = {}
    # A demo database made before direct messages went to their own platform keeps them where
    # they are rather than getting them twice.
    stored = set(
        Message.objects.filter(source__in=sources.values()).values_list("external_id", flat=True)
    )
    for row in rows:
        if row["external_id"] in stored:
            continue
        by_source.setdefault(_source_for(row), []).append(platform_row(row))
    new = 0
    for key, group in by_source.items():
        data = "\n".join(json.dumps(r, ensure_ascii=False) for r in group).encode()
        new += import_stream(sources[key], io.BufferedReader(io.BytesIO(data)), "jsonl").new
    return new


def _incident_plan(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Actionable messages grouped by the problem they report (same_as chains)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if not row.get("is_actionable"):
            continue
        root = row.get("same_as") or row["external_id"]
        groups.setdefault(root, []).append(row)
    return list(groups.values())


def _status_for(index: int, newest: datetime, now: datetime) -> str:
    age = now - newest
    if age < timedelta(days=2):
        return Status.NEW if index % 3 == 0 else Status.ASSIGNED
    if age < timedelta(days=10):
        return [Status.ASSIGNED, Status.IN_WORK, Status.ANSWER_DRAFTED][index % 3]
    return Status.CLOSED if index % 4 else Status.IN_WORK


def create_incidents(rows: list[dict[str, Any]], moderator: User) -> int:
    """Work about two thirds of the actionable messages into incidents, as a press service would,
    with their replies and answers at the moments the press service gave them."""
    if Incident.objects.exists():
        return 0
    categories = {c.code: c for c in Category.objects.select_related("parent")}
    departments = {d.code: d for d in Department.objects.all()}
    messages = {
        (m.source_id, m.external_id): m for m in Message.objects.select_related("territory")
    }
    by_external = {ext: m for (_, ext), m in messages.items()}
    now = timezone.now()
    calendar, rng = city_calendar(), random.Random(SEED)
    plans: list[timeline.Plan] = []
    for index, group in enumerate(_incident_plan(rows)):
        if index % 3 == 2:
            continue  # left in the inbox for the moderator
        found = [by_external[r["external_id"]] for r in group if r["external_id"] in by_external]
        if not found:
            continue
        head = group[0]
        newest = max(m.created_at for m in found)
        status = _status_for(index, newest, now)
        incident = incident_actions.create_incident(
            moderator,
            found,
            category=categories.get(head.get("category", "")),
            department=departments.get(head.get("department", ""))
            if status != Status.NEW
            else None,
            priority=Priority.CRITICAL if head.get("urgent") else Priority.NORMAL,
        )
        if incident.status != Status.NEW:
            _advance(incident, status, moderator)
        report = min(m.created_at for m in found)
        plans.append(timeline.draw(incident, report, status == Status.CLOSED, now, calendar, rng))
    handling.write(plans, moderator, fresh=False)
    handling.ratings(plans, now, rng)
    return len(plans)


def _advance(incident: Incident, status: str, actor: User) -> None:
    path = {
        Status.IN_WORK: [Status.IN_WORK],
        Status.ANSWER_DRAFTED: [Status.IN_WORK, Status.ANSWER_DRAFTED],
        Status.CLOSED: [Status.IN_WORK, Status.CLOSED],
    }.get(status, [])
    for step in path:
        if step == Status.CLOSED:
            incident_actions.change_status(
                actor, incident, step, "Работы выполнены, житель уведомлён.", Resolution.RESOLVED
            )
        else:
            incident_actions.change_status(actor, incident, step, "")


@transaction.atomic
def seed(corpus: Path = CORPUS) -> dict[str, int]:
    accounts = ensure_accounts()
    sources = ensure_sources()
    rename_old_threads(sources)
    rows = shift_to_now(corpus_rows(corpus), timezone.now())
    new = import_corpus(rows, sources)
    moderator = User.objects.get(username=accounts[1].username)
    incidents = create_incidents(rows, moderator)
    from otklik.demo.library import seed_answers

    counts = {
        "messages_new": new,
        "incidents_new": incidents,
        **seed_answers(moderator, sources),
        **seed_plan(moderator, sources),
    }
    seed_meetings()  # after the accounts, the channels (announcements) and the incidents (links)
    seed_polls()
    seed_spikes()  # after the accounts, the channels and the corpus: the detector needs them
    return counts
