"""The demo's answers: templates per category group, a few past answers with residents' ratings,
drafts and answers waiting for approval — so the template and past-answer dropdowns, the ratings
page and the approval queue are not empty on a first look.

Idempotent like the rest of the seed: templates are found by title; answers are made only for
incidents that have none; ratings only once (when there are none).
"""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from otklik.accounts.models import User
from otklik.answers import actions as answer_actions
from otklik.answers.actions.resident import resident_bot
from otklik.answers.models import Answer, AnswerRating, AnswerTemplate, Publication
from otklik.cities.models import Category
from otklik.inbox.actions import dismiss_messages
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import Status
from otklik.sources.importer import import_stream
from otklik.sources.models import Source

GREETING = "{name}, здравствуйте!"
#: (category group code, title, body): one or two per group, with the placeholders filled from
#: the incident ({name} only where the platform shows the name publicly).
TEMPLATES: list[tuple[str, str, str]] = [
    ("zhkh", "ЖКХ: заявка передана в управляющую компанию",
     f"{GREETING} Заявку по адресу {{address}} передали в управляющую компанию, выполнение "
     "проверит {department}. Ответ по существу — до {deadline}; ответственный — мастер участка."),
    ("zhkh", "ЖКХ: отопление и горячая вода",
     f"{GREETING} По адресу {{address}} бригада теплосети проверит стояк и батареи. Результат "
     "сообщим до {deadline}; ответственный — диспетчер теплосети, тел. 8 (3823) 77-00-00."),
    ("roads", "Дороги: ремонт ямы",
     f"{GREETING} Участок по адресу {{address}} включён в график ямочного ремонта. О выполнении "
     "сообщим до {deadline}; ответственный — начальник дорожного участка."),
    ("blago", "Благоустройство: уборка и освещение",
     f"{GREETING} Заявку по адресу {{address}} передали подрядчику по содержанию территории. "
     "Работы выполнят до {deadline}; ответственное подразделение: {department}."),
    ("transport", "Транспорт: жалоба на маршрут",
     f"{GREETING} Обращение передали перевозчику. О принятых мерах сообщим до {{deadline}}; "
     "ответственный — специалист по пассажирским перевозкам."),
    ("edu", "Образование: вопрос о школе или садике",
     f"{GREETING} Вопрос передан специалистам, ответственное подразделение: {{department}}. "
     "Ответ по существу — до {deadline}."),
    ("health", "Здравоохранение: вопрос о поликлинике",
     f"{GREETING} Обращение передано руководству медицинского учреждения. Ответ по существу — "
     "до {deadline}; ответственный — заместитель главного врача."),
    ("social", "Социальная сфера: льготы и выплаты",
     f"{GREETING} Специалист проверит документы и ответит до {{deadline}}; ответственное "
     "подразделение: {department}. Личные данные, пожалуйста, напишите в личные сообщения."),
    ("eco", "Экология: свалка",
     f"{GREETING} Место по адресу {{address}} осмотрит специалист; вывоз отходов организуем "
     "до {deadline}. Ответственный — начальник отдела экологии."),
    ("safety", "Безопасность: опасный объект",
     f"{GREETING} Сообщение передано дежурному ЕДДС; место ({{address}}) огородят сегодня, "
     "опасность устранят до {deadline}. Ответственный — начальник смены ЕДДС."),
    ("culture", "Культура и спорт: вопрос о занятиях",
     f"{GREETING} Специалист ответит до {{deadline}}; ответственное подразделение: "
     "{department}. Расписание занятий — на сайте учреждения."),
    ("trade", "Торговля и услуги: жалоба на торговую точку",
     f"{GREETING} Специалисты проверят торговую точку по адресу {{address}} и сообщат результат "
     "до {deadline}; ответственное подразделение: {department}."),
    ("build", "Строительство: вопрос о разрешении",
     f"{GREETING} Проверим разрешительные документы по адресу {{address}} и ответим до "
     "{deadline}. Ответственный — главный специалист, подразделение: {department}."),
    ("comm", "Связь: нет сигнала или интернета",
     f"{GREETING} Обращение передали оператору связи; ответ проконтролируем до {{deadline}}. "
     "Ответственный — специалист по связи."),
    ("other", "Прочее: вопрос передан по принадлежности",
     f"{GREETING} Ответственное подразделение: {{department}}. Ответ по существу — до "
     "{deadline}; специалист свяжется с вами."),
    ("", "Промежуточный: взято в работу",
     f"{GREETING} Спасибо за сообщение, взяли в работу. Ответственное подразделение: "
     "{department}; ответ — до {deadline}."),
    ("", "Благодарность жителю",
     f"{GREETING} Спасибо за добрые слова, передадим их коллегам ({{department}})."),
]  # fmt: skip

PAST_ANSWERS = 14
RATED = 10
REPLIES = [
    ("Да, спасибо, всё сделали!", True, None),
    ("5", True, 5),
    ("Спасибо, решено", True, None),
    ("4", True, 4),
    ("3", None, 3),
    ("да, починили", True, None),
    ("5 из 5, быстро", True, 5),
    ("Оценка 4", True, 4),
    ("Благодарю, сделали", True, None),
    ("2", False, 2),
]
ON_APPROVAL = 3
DRAFTS = 5


def ensure_templates() -> int:
    groups = {c.code: c for c in Category.objects.filter(parent__isnull=True)}
    made = 0
    for group, title, body in TEMPLATES:
        if group and group not in groups:
            continue
        _, created = AnswerTemplate.objects.get_or_create(
            title=title, defaults={"body": body, "category": groups.get(group)}
        )
        made += created
    return made


def _text_for(incident: Incident) -> str:
    """The first template of the incident's category, filled in as an author would."""
    template = next(iter(answer_actions.templates_for(incident)), None)
    body = template.body.replace("по адресу {address}", "по указанному адресу") if template else ""
    text = answer_actions.fill_template(body, incident) if body else ""
    if text.startswith("{name}, здравствуйте!"):
        text = "Здравствуйте!" + text[len("{name}, здравствуйте!") :]
    for placeholder in answer_actions.unfilled(text):
        text = text.replace(placeholder, "—")
    return text or "Здравствуйте! Вопрос решён, спасибо за обращение."


def past_answers(press: User) -> int:
    """Published final answers for some of the closed incidents (resolved ones)."""
    if Answer.objects.filter(status=Answer.Status.PUBLISHED).exists():
        return 0
    closed = Incident.objects.filter(status=Status.CLOSED, answers__isnull=True).exclude(
        category__isnull=True
    )
    made = 0
    for incident in closed.order_by("closed_at", "id")[:PAST_ANSWERS]:
        moment = (incident.closed_at or timezone.now()) - timedelta(hours=2)
        answer = Answer.objects.create(
            incident=incident,
            kind=Answer.Kind.FINAL,
            text=_text_for(incident),
            author=press,
            status=Answer.Status.PUBLISHED,
            reviewed_by=press,
            reviewed_at=moment,
            created_at=moment - timedelta(hours=1),
            updated_at=moment,
        )
        for number, message in enumerate(answer_actions.reply_targets(incident)):
            sent_publication(answer, message, moment, number).save()
        made += 1
    return made


def sent_publication(
    answer: Answer, message: Message, moment: datetime, number: int = 0
) -> Publication:
    """The answer as sent into the message's thread at `moment` (not saved)."""
    return Publication(
        answer=answer,
        message=message,
        source_id=message.source_id,
        status=Publication.Status.SENT,
        attempts=1,
        external_id=f"demo-{answer.pk}-{number}",
        created_at=moment,
        sent_at=moment,
        next_attempt_at=moment,
    )


def drafts_and_queue(press: User) -> int:
    """A few incidents in work get a draft of their final answer (through the answers' actions,
    so the incident reads «Ответ подготовлен»); some of them wait for approval."""
    if Answer.objects.exclude(status=Answer.Status.PUBLISHED).exists():
        return 0
    in_work = Incident.objects.filter(status=Status.IN_WORK).exclude(
        answers__kind=Answer.Kind.FINAL
    )
    made = 0
    for index, incident in enumerate(in_work.order_by("-created_at", "-id")[:DRAFTS]):
        answer = answer_actions.draft_answer(press, incident, text=_text_for(incident))
        if index < ON_APPROVAL:
            answer_actions.submit_for_approval(press, answer)
        made += 1
    return made


def ratings(sources: dict[str, Source]) -> int:
    """Residents' replies to some past answers, read as ratings (as scan_replies would)."""
    if AnswerRating.objects.exists():
        return 0
    answered = (
        Answer.objects.filter(status=Answer.Status.PUBLISHED, kind=Answer.Kind.FINAL)
        .select_related("incident")
        .order_by("id")
    )
    rows: list[tuple[Answer, Message, dict[str, Any]]] = []
    for answer in answered:
        first = (
            answer.incident.messages.filter(author__isnull=False, source__in=sources.values())
            .exclude(source__kind=Source.Kind.FORM)
            .select_related("author", "thread", "source")
            .order_by("created_at", "id")
            .first()
        )
        if first is None or len(rows) >= RATED:
            continue
        text, _, _ = REPLIES[len(rows) % len(REPLIES)]
        # Five hours after the answer, but never in the future (the demo's answers are recent).
        moment = min((answer.reviewed_at or answer.updated_at) + timedelta(hours=5), timezone.now())
        row = resident_row(first, f"demo-rating-{answer.pk}", text, moment, "reply")
        rows.append((answer, first, row))
    made = 0
    for answer, first, row in rows:
        data = json.dumps(row, ensure_ascii=False).encode()
        import_stream(first.source, io.BufferedReader(io.BytesIO(data)), "jsonl")
        reply = Message.objects.filter(source=first.source, external_id=row["external_id"]).first()
        if reply is None:
            continue
        _, solved, score = REPLIES[made % len(REPLIES)]
        AnswerRating.objects.create(
            incident=answer.incident,
            department_id=answer.incident.department_id,
            solved=solved,
            score=score,
            message=reply,
            created_at=reply.created_at,
        )
        dismiss_messages(resident_bot(), [reply])  # a read verdict leaves the inbox, as in scan
        made += 1
    return made


def seed_answers(press: User, sources: dict[str, Source]) -> dict[str, int]:
    return {
        "templates_new": ensure_templates(),
        "past_answers_new": past_answers(press),
        "drafts_new": drafts_and_queue(press),
        "ratings_new": ratings(sources),
    }


def resident_row(
    message: Message, external_id: str, text: str, moment: datetime, kind: str
) -> dict[str, Any]:
    """An import row: the resident who wrote `message` writes `text` into its thread."""
    return {
        "external_id": external_id,
        "text": text,
        "author": message.author.display_name if message.author else "Житель",
        "author_id": message.author.external_id if message.author else "",
        "created_at": moment.isoformat(),
        "kind": kind,
        "thread": message.thread.external_id if message.thread_id and message.thread else "",
    }
