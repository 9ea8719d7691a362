"""The demo's meetings of the Mayor with residents: five held, three coming.

Held meetings in Самусь, the north, the centre, Орловка and Чекист over the past two and a half
months, each with its protocol: questions sent in advance and asked in the hall, answers given on
the spot, and instructions (поручения) in every state: issued, in progress with progress reports,
done with a result, extended with the reason, cancelled with the reason, and three overdue. A few
are linked to the demo's incidents of the same territory; the one completed lately drafts the
resident's answer for approval, as completion does. Coming: an announced meeting (its post
drafted in the content plan by `announce`) with questions already sent, and two planned ones.

Everything goes through otklik.meetings.actions, as the press officer («press»), the
administrator and the housing department's executor («zhkh») would do it; the past is then
back-dated (meeting and question times, the instructions' dates, deadlines and history), the way
the incidents' seed back-dates incidents. Times are relative to now, so the demo looks current.

Idempotent: a meeting whose territory, place and agenda are already there is left alone, so a
second run creates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.cities.models import Department, Territory
from otklik.incidents.deadlines import city_calendar
from otklik.incidents.models import Incident
from otklik.incidents.states import OPEN_STATUSES
from otklik.meetings import actions
from otklik.meetings.deadlines import deadline_for, warn_moment
from otklik.meetings.models import Instruction, InstructionEvent, Meeting, Question

#: The department whose executor («zhkh») works on its instructions himself.
OWN_DEPARTMENT = "uzhkh"
START = time(18, 0)  # meetings start at 18:00, the city's time


@dataclass(frozen=True)
class Step:
    """What happened to an instruction `day` days after it was issued."""

    kind: str  # take | progress | extend | done | cancel
    day: float
    text: str = ""
    working_days: int = 0  # extend: the new term, counted from the day of the extension


@dataclass(frozen=True)
class Order:
    text: str
    department: str
    working_days: int
    steps: tuple[Step, ...] = ()
    expected_result: str = ""
    links: tuple[str, ...] = ()  # categories of the territory's incidents to link


@dataclass(frozen=True)
class Ask:
    text: str
    topic: str
    asker: str
    advance: bool = False
    answer: str = ""
    order: Order | None = None


@dataclass(frozen=True)
class Visit:
    territory: str
    days: int  # from today: negative in the past
    place: str
    agenda: str
    participants: str = ""
    asks: tuple[Ask, ...] = ()
    orders: tuple[Order, ...] = ()
    announce: bool = False
    by_admin: bool = False


def take(day: float) -> Step:
    return Step("take", day)


def progress(day: float, text: str) -> Step:
    return Step("progress", day, text)


def done(day: float, text: str) -> Step:
    return Step("done", day, text)


PARTICIPANTS = (
    "Мэр ЗАТО Северск; заместитель мэра по ЖКХ, транспорту и связи; начальник Управления ЖКХ; "
    "представители теплоснабжающей организации и подрядчика по содержанию дорог"
)

# fmt: off
SAMUS = Visit(
    "samus", -78, "Дом культуры посёлка Самусь, зрительный зал",
    "Освещение улиц посёлка; вывоз мусора и свалки; автобусное сообщение с городом",
    PARTICIPANTS + "; глава Администрации посёлка Самусь",
    asks=(
        Ask("От остановки до улицы Лесной фонари не горят с весны. Вечером идти страшно, "
            "особенно детям после секций. Когда восстановят освещение?",
            "Освещение улиц", "Житель ул. Лесной", advance=True,
            order=Order(
                "Восстановить уличное освещение на участке от остановки «Самусь» до ул. Лесной, "
                "заменить вышедшие из строя светильники", "adm-samus", 20, (
                    take(1),
                    progress(9, "Обследована линия: не работают 12 светильников и реле времени."),
                    done(24, "Заменены 12 светильников на светодиодные и реле времени; "
                         "освещение работает с 17:00 до 08:00."),
                ), "Освещение работает на всём участке")),
        Ask("Свалка в лесу по дороге на Самусь растёт: возят строительный мусор грузовиками. "
            "Кто это остановит и кто уберёт?",
            "Несанкционированные свалки", "Представитель совета посёлка", advance=True,
            order=Order(
                "Ликвидировать несанкционированную свалку в лесу по дороге на Самусь, перекрыть "
                "съезд с дороги", "adm-samus", 30, (
                    take(2),
                    progress(15, "Вывезено 40 кубометров мусора, съезд перекрыт блоками."),
                    Step("extend", 27, "Остаток свалки в низине недоступен технике до "
                         "промерзания грунта; вывоз перенесён на зиму.", 45),
                    progress(40, "Грунт промёрз, вывоз остатка запланирован на ближайшие недели."),
                ), "Свалка убрана, съезд перекрыт", links=("eco-dumps",))),
        Ask("В выходные автобус до города ходит раз в два часа. Нельзя ли добавить утренний "
            "рейс в субботу?",
            "Расписание и интервалы", "Пенсионерка, ул. Центральная",
            answer="Перевозчик добавит рейс в 7:10 по субботам с первого числа следующего "
            "месяца; новое расписание опубликуем в группе администрации."),
        Ask("В посёлке закрылась единственная аптека, за лекарствами приходится ездить в город.",
            "Лекарства и аптеки", "Жительница посёлка",
            order=Order(
                "Проработать с аптечными организациями открытие аптечного пункта в посёлке Самусь",
                "uer", 25, (
                    take(3),
                    Step("cancel", 12, "Аптечный пункт открыла аптечная сеть по собственному "
                         "решению; содействие администрации не понадобилось."),
                ))),
    ),
)

NORTH = Visit(
    "north", -63, "Актовый зал школы в Северной части",
    "Дворы и детские площадки; горячая вода; безопасность пешеходов", PARTICIPANTS,
    by_admin=True,
    asks=(
        Ask("Во дворе домов на Славского нет детской площадки, дети играют на парковке между "
            "машинами.",
            "Детские и спортивные площадки", "Мама двоих детей", advance=True,
            order=Order(
                "Включить двор домов по ул. Славского в программу благоустройства дворов, "
                "подготовить эскиз детской площадки и обсудить его с жителями",
                OWN_DEPARTMENT, 30, (
                    take(1),
                    progress(12, "Эскиз площадки подготовлен и показан совету дома."),
                    progress(30, "Смета на согласовании в финансовом управлении."),
                ), "Двор в программе благоустройства, эскиз согласован с жителями")),
        Ask("На Леонтичука горячую воду отключают каждую неделю без объявлений. Сколько можно?",
            "Горячая вода", "Старшая по дому", advance=True,
            order=Order(
                "Установить причину перебоев горячего водоснабжения домов по ул. Леонтичука и "
                "устранить её; предупреждать жителей об отключениях заранее", "teplo", 10, (
                    take(1),
                    progress(4, "Найдена течь на вводе в дом 23б, участок отключён для ремонта."),
                    done(8, "Заменён участок трубопровода 18 м на вводе; горячая вода подаётся "
                         "без перебоев, график работ публикуется за сутки."),
                ))),
        Ask("Светофор на перекрёстке Северной и Солнечной переключается так быстро, что "
            "пожилые не успевают перейти дорогу.",
            "Светофоры и знаки", "Житель ул. Солнечной",
            order=Order(
                "Увеличить время зелёного сигнала для пешеходов на перекрёстке ул. Северной и "
                "ул. Солнечной", OWN_DEPARTMENT, 15, (
                    take(1),
                    done(6, "Время зелёного сигнала для пешеходов увеличено с 15 до 25 секунд."),
                ))),
        Ask("Когда начнут чистить тротуары от снега до восьми утра, а не к обеду?",
            "Уборка снега и наледи", "Житель Северной части",
            answer="Подрядчик выходит на тротуары с 5:00; график уборки по улицам будет "
            "опубликован на сайте администрации до начала зимы."),
    ),
)

CENTER = Visit(
    "center", -48, "Большой зал Администрации ЗАТО Северск",
    "Отопление; ремонт дорог; запись в поликлинику",
    PARTICIPANTS + "; представитель СибФНКЦ ФМБА России",
    asks=(
        Ask("На Крупской батареи еле тёплые, управляющая компания говорит, что виновата "
            "теплосеть, теплосеть — что управляющая компания.",
            "Отопление", "Председатель совета дома", advance=True,
            order=Order(
                "Провести совместно с управляющими компаниями обследование систем отопления "
                "домов по ул. Крупской, отрегулировать и промыть системы", "teplo", 10, (
                    take(1),
                    progress(6, "Обследованы 4 дома из 9; в двух требуется промывка стояков."),
                ), "Температура в квартирах по нормативу", links=("zhkh-heating",))),
        Ask("На Ленина у дома 82 ямы такие, что машины объезжают по встречной.",
            "Ямы на дорогах", "Водитель, житель центра", advance=True,
            order=Order(
                "Выполнить ямочный ремонт ул. Ленина на участке у домов 78–86", "dorogi", 5,
                (take(1), done(4, "Выполнен ямочный ремонт литым асфальтом, 64 кв. м.")))),
        Ask("К терапевту в поликлинике запись только через две недели, по телефону не "
            "дозвониться.",
            "Поликлиники и запись", "Пенсионер, ул. Мира",
            order=Order(
                "Направить обращение в СибФНКЦ ФМБА России о сроках записи к терапевтам и "
                "доступности регистратуры по телефону", "adm", 15, (
                    take(1),
                    done(11, "Получен ответ СибФНКЦ: открыта дополнительная линия регистратуры, "
                         "запись через Госуслуги — на три недели вперёд."),
                ))),
        Ask("У подъездов на Свердлова наледь, управляющая компания не посыпает.",
            "Содержание придомовой территории", "Жительница ул. Свердлова",
            answer="Управляющей компании направлено требование посыпать подходы к подъездам "
            "ежедневно; исполнение проверит Управление ЖКХ."),
    ),
    orders=(
        Order("Подготовить план замены светильников уличного освещения в центральной части "
              "города на светодиодные на следующий год", OWN_DEPARTMENT, 45, (
                  take(2),
                  progress(14, "Собраны данные по 6 улицам: 214 светильников к замене."),
                  progress(35, "План передан на оценку стоимости в Управление капстроительства."),
              ), "План с перечнем улиц, сроками и сметой"),
    ),
)

ORLOVKA = Visit(
    "orlovka", -34, "Клуб посёлка Орловка", "Горячая вода; дорога до трассы; остановки",
    PARTICIPANTS + "; глава Администрации посёлка Орловка",
    asks=(
        Ask("Горячая вода на Центральной еле тёплая, сливаем по двадцать минут.",
            "Горячая вода", "Житель ул. Центральной", advance=True,
            order=Order(
                "Обеспечить нормативную температуру горячей воды в домах по ул. Центральной "
                "посёлка Орловка", "teplo", 20, (
                    take(1),
                    progress(8, "Причина — изношенный участок сети 120 м, нужна замена."),
                    Step("extend", 20, "Поставщик задержал трубы для замены участка сети; "
                         "работы перенесены.", 25),
                ), links=("zhkh-hot-water",))),
        Ask("Дорогу от посёлка до трассы не грейдировали с лета, после дождей не проехать.",
            "Ремонт дорог", "Житель посёлка",
            order=Order("Выполнить грейдирование дороги от посёлка Орловка до автодороги",
                        "dorogi", 10)),
        Ask("Остановку у школы не чистят от снега, дети стоят на проезжей части.",
            "Остановки", "Мама первоклассника",
            answer="Остановка включена в график уборки подрядчика; чистка — до 7:30 в учебные "
            "дни."),
    ),
)

CHEKIST = Visit(
    "chekist", -19, "Библиотека в микрорайоне Чекист",
    "Уборка дворов; аллея; автобусный маршрут", PARTICIPANTS,
    asks=(
        Ask("Во дворе на Чекистов снег не чистят, у подъезда каток, машины не выехать.",
            "Уборка снега и наледи", "Житель ул. Чекистов", advance=True,
            order=Order(
                "Организовать механизированную уборку снега во дворах микрорайона Чекист по "
                "графику и проверить его исполнение управляющими компаниями", "uk", 20,
                links=("zhkh-yard",))),
        Ask("На аллее нет ни одной урны, мусор лежит по обочинам.",
            "Парки и скверы", "Жительница микрорайона", advance=True,
            order=Order(
                "Установить урны вдоль аллеи микрорайона Чекист и включить аллею в график "
                "уборки", "uks", 25, (
                    take(1),
                    progress(6, "Закуплены 14 урн, установка после выравнивания основания."),
                    done(15, "Установлены 14 урн, аллея включена в ежедневный график уборки."),
                ), links=("blago-parks",))),
        Ask("Пустите автобус через Чекист: до ближайшей остановки идти двадцать минут.",
            "Маршрутная сеть", "Житель микрорайона",
            order=Order("Проработать изменение автобусного маршрута через микрорайон Чекист, "
                        "обследовать пассажиропоток", OWN_DEPARTMENT, 30)),
        Ask("У школы машины летят, нужен лежачий полицейский.",
            "Безопасность детей у школ", "Родитель ученика",
            order=Order(
                "Установить искусственную неровность у школы в микрорайоне Чекист",
                OWN_DEPARTMENT, 10,
                (Step("cancel", 3, "Искусственная неровность уже включена в проект ремонта "
                      "улицы на следующий год; отдельное поручение не требуется."),))),
    ),
)

COMING = (
    Visit(
        "samus", 9, "Дом культуры посёлка Самусь, зрительный зал",
        "Итоги поручений прошлой встречи; транспорт; аптечный пункт; зимнее содержание дорог",
        PARTICIPANTS + "; глава Администрации посёлка Самусь",
        announce=True,
        asks=(
            Ask("Когда уберут остаток свалки по дороге на Самусь? Обещали к зиме.",
                "Несанкционированные свалки", "Житель посёлка", advance=True),
            Ask("Дорогу до города после снегопада чистят только к обеду.",
                "Уборка снега и наледи", "Водитель, житель посёлка", advance=True),
            Ask("Утренний субботний рейс добавили, а вечером в воскресенье уехать нельзя.",
                "Расписание и интервалы", "Студентка", advance=True),
            Ask("Автобус в 18:40 не пришёл уже три раза за месяц.",
                "Расписание и интервалы", "Пенсионерка, ул. Центральная", advance=True),
        ),
    ),
    Visit(
        "center", 16, "Большой зал Администрации ЗАТО Северск",
        "Отопление; ремонт дворов; парковки у поликлиники", PARTICIPANTS,
        asks=(
            Ask("На Крупской батареи так и не нагрелись, хотя обследование провели.",
                "Отопление", "Председатель совета дома", advance=True),
        ),
    ),
    Visit(
        "semiozerki", 23, "Клуб деревни Семиозерки",
        "Холодная вода; уборка дворов; уличное освещение", PARTICIPANTS,
    ),
)
# fmt: on

VISITS = (SAMUS, NORTH, CENTER, ORLOVKA, CHEKIST, *COMING)


@dataclass(frozen=True)
class Cast:
    press: User
    admin: User
    zhkh: User


def _cast() -> Cast:
    users = {u.username: u for u in User.objects.filter(username__in=["press", "admin", "zhkh"])}
    return Cast(users["press"], users["admin"], users["zhkh"])


def meeting_start(days: int, today: date) -> datetime:
    """18:00 on a working day `days` from `today`: a day off moves back to the working day
    before (in the past) or on to the next one (ahead)."""
    calendar = city_calendar()
    day = today + timedelta(days=days)
    step = timedelta(days=-1 if days < 0 else 1)
    while not calendar.is_working_day(day):
        day += step
    return datetime.combine(day, START, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _past(moment: datetime, now: datetime) -> datetime:
    return min(moment, now - timedelta(hours=1))


def _last_event(instruction: Instruction) -> InstructionEvent:
    return instruction.events.order_by("-id")[0]


def _date_event(instruction: Instruction, moment: datetime) -> InstructionEvent:
    event = _last_event(instruction)
    InstructionEvent.objects.filter(pk=event.pk).update(created_at=moment)
    return event


def _worker(cast: Cast, department: Department) -> User:
    return cast.zhkh if department.code == OWN_DEPARTMENT else cast.press


def _link(cast: Cast, instruction: Instruction, order: Order, territory: Territory) -> None:
    if not order.links:
        return
    found = Incident.objects.filter(
        territory=territory, category__code__in=order.links, status__in=OPEN_STATUSES
    ).order_by("created_at", "id")[:2]
    for incident in found:
        actions.link_incident(cast.press, instruction, incident)


def _extend(cast: Cast, instruction: Instruction, step: Step, moment: datetime) -> None:
    """Extended `moment`: the new term counts from then (the action counts from now)."""
    old = instruction.deadline
    actions.extend(cast.press, instruction, step.text, working_days=step.working_days)
    new = deadline_for(moment, working_days=step.working_days)
    if new <= old or new <= timezone.now():
        new = instruction.deadline
    Instruction.objects.filter(pk=instruction.pk).update(deadline=new, warn_at=warn_moment(new))
    event = _date_event(instruction, moment)
    InstructionEvent.objects.filter(pk=event.pk).update(new_deadline=new)
    instruction.refresh_from_db()


def _run_step(cast: Cast, instruction: Instruction, step: Step, moment: datetime) -> None:
    worker = _worker(cast, instruction.department)
    if step.kind == "extend":
        _extend(cast, instruction, step, moment)
        return
    if step.kind == "take":
        actions.take_into_work(worker, instruction)
    elif step.kind == "progress":
        actions.report_progress(worker, instruction, step.text)
    elif step.kind == "cancel":
        actions.cancel(cast.press, instruction, step.text)
    elif step.kind == "done":
        actions.complete(worker, instruction, step.text)
        Instruction.objects.filter(pk=instruction.pk).update(done_at=moment)
    _date_event(instruction, moment)


def _issue(
    cast: Cast, meeting: Meeting, order: Order, question: Question | None, now: datetime
) -> Instruction:
    department = Department.objects.get(code=order.department)
    instruction = actions.issue_instruction(
        cast.press,
        text=order.text,
        department=department,
        working_days=order.working_days,
        meeting=meeting,
        question=question,
        responsible=cast.zhkh if department.code == OWN_DEPARTMENT else None,
        expected_result=order.expected_result,
    )
    issued = _past(meeting.starts_at + timedelta(hours=16), now)  # the next morning
    deadline = deadline_for(issued, working_days=order.working_days)
    Instruction.objects.filter(pk=instruction.pk).update(
        created_at=issued, deadline=deadline, warn_at=warn_moment(deadline)
    )
    event = _date_event(instruction, issued)
    InstructionEvent.objects.filter(pk=event.pk).update(new_deadline=deadline)
    instruction.refresh_from_db()
    _link(cast, instruction, order, meeting.territory)
    for link in instruction.events.filter(kind=InstructionEvent.Kind.LINKED):
        InstructionEvent.objects.filter(pk=link.pk).update(created_at=issued + timedelta(hours=1))
    for step in order.steps:
        _run_step(cast, instruction, step, _past(issued + timedelta(days=step.day), now))
        instruction.refresh_from_db()
    return instruction


def _question(cast: Cast, meeting: Meeting, ask: Ask, index: int, now: datetime) -> Question:
    asked = Question.Asked.ADVANCE if ask.advance else Question.Asked.AT_MEETING
    question = actions.add_question(
        cast.press, meeting, text=ask.text, asker_name=ask.asker, topic=ask.topic, asked=asked
    )
    if ask.advance:
        moment = meeting.starts_at - timedelta(days=12 - index, hours=3)
    else:
        moment = meeting.starts_at + timedelta(minutes=15 + 10 * index)
    Question.objects.filter(pk=question.pk).update(created_at=_past(moment, now))
    if ask.answer:
        actions.answer_on_spot(cast.press, question, ask.answer)
    return question


def _hold(cast: Cast, visit: Visit, meeting: Meeting, now: datetime) -> None:
    advance = [(i, a) for i, a in enumerate(visit.asks) if a.advance]
    at_meeting = [(i, a) for i, a in enumerate(visit.asks) if not a.advance]
    asked = [(a, _question(cast, meeting, a, i, now)) for i, a in advance]
    actions.mark_held(cast.press, meeting)
    Meeting.objects.filter(pk=meeting.pk).update(held_at=meeting.starts_at + timedelta(hours=2))
    asked += [(a, _question(cast, meeting, a, i, now)) for i, a in at_meeting]
    for ask, question in asked:
        if ask.order is not None:
            _issue(cast, meeting, ask.order, question, now)
    for order in visit.orders:
        _issue(cast, meeting, order, None, now)


def _seed_visit(cast: Cast, visit: Visit, today: date, now: datetime) -> Meeting | None:
    territory = Territory.objects.get(code=visit.territory)
    if Meeting.objects.filter(territory=territory, place=visit.place, agenda=visit.agenda).exists():
        return None
    starts_at = meeting_start(visit.days, today)
    meeting = actions.create_meeting(
        cast.admin if visit.by_admin else cast.press,
        territory=territory,
        starts_at=starts_at,
        place=visit.place,
        participants=visit.participants,
        agenda=visit.agenda,
    )
    created = _past(starts_at - timedelta(days=21), now)
    Meeting.objects.filter(pk=meeting.pk).update(created_at=created)
    meeting.refresh_from_db()
    if visit.days < 0:
        _hold(cast, visit, meeting, now)
        return meeting
    if visit.announce:
        actions.announce(cast.press, meeting)
    for index, ask in enumerate(visit.asks):
        question = _question(cast, meeting, ask, index, now)
        sent = now - timedelta(days=len(visit.asks) - index, hours=2)
        Question.objects.filter(pk=question.pk).update(created_at=sent)
    return meeting


@transaction.atomic
def seed_meetings() -> None:
    """Seed the demo's meetings (the city, its departments and the demo accounts must be
    there); a meeting already seeded is left alone."""
    cast = _cast()
    now = timezone.now()
    today = timezone.localtime(now).date()
    for visit in VISITS:
        _seed_visit(cast, visit, today, now)
