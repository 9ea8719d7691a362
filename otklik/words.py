"""Russian number agreement and the case forms of the models' names, for the admin's counters
and titles.

Django builds «Выберите %s для изменения», «Добавить %s» and «6 %s» from a model's
`verbose_name` and `verbose_name_plural`, which are nominative, and its plural rule is English
(one/other): «Выберите сотрудник», «6 сотрудники». `plural()` is the Russian rule; `NOUNS` holds
the forms the nominative names cannot give (keyed by "app_label.model_name": names only, so this
helper imports no app). A model missing here falls back to its own verbose names.
"""

from __future__ import annotations

from dataclasses import dataclass


def plural(n: int, one: str, few: str, many: str) -> str:
    """The form that agrees with n: 1 сотрудник, 2 сотрудника, 5 сотрудников, 21 сотрудник."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


@dataclass(frozen=True)
class Noun:
    one: str  # 1 сотрудник (the verbose_name)
    few: str  # 2 сотрудника
    many: str  # 5 сотрудников
    plural: str  # сотрудники (the verbose_name_plural)
    accusative: str  # выберите сотрудника, добавить сотрудника
    accusative_plural: str  # выбранных сотрудников / выбранные инциденты

    def count(self, n: int) -> str:
        return f"{n} {plural(n, self.one, self.few, self.many)}"


def _animate(one: str, few: str, many: str, plural_form: str) -> Noun:
    """A masculine animate noun: accusative as genitive (сотрудника, сотрудников)."""
    return Noun(one, few, many, plural_form, few, many)


def _inanimate(one: str, few: str, many: str, plural_form: str, accusative: str = "") -> Noun:
    """An inanimate noun: its accusative plural is its nominative plural."""
    return Noun(one, few, many, plural_form, accusative or one, plural_form)


NOUNS: dict[str, Noun] = {
    "accounts.user": _animate("сотрудник", "сотрудника", "сотрудников", "сотрудники"),
    "auth.group": _inanimate("группа", "группы", "групп", "группы", "группу"),
    "admin.logentry": _inanimate(
        "запись в журнале",
        "записи в журнале",
        "записей в журнале",
        "записи в журнале",
        "запись в журнале",
    ),
    "cities.territory": _inanimate(
        "территория", "территории", "территорий", "территории", "территорию"
    ),
    "cities.department": _inanimate(
        "подразделение", "подразделения", "подразделений", "подразделения"
    ),
    "cities.category": _inanimate("категория", "категории", "категорий", "категории", "категорию"),
    "cities.street": _inanimate("улица", "улицы", "улиц", "улицы", "улицу"),
    "cities.landmark": _inanimate("ориентир", "ориентира", "ориентиров", "ориентиры"),
    "sources.source": _inanimate("источник", "источника", "источников", "источники"),
    "sources.sourcecredential": _inanimate(
        "учётные данные источника",
        "учётных данных источника",
        "учётных данных источника",
        "учётные данные источников",
    ),
    "sources.inboundpayload": _inanimate(
        "входящий пакет", "входящих пакета", "входящих пакетов", "входящие пакеты"
    ),
    "inbox.author": _animate("автор", "автора", "авторов", "авторы"),
    "inbox.thread": _inanimate("ветка", "ветки", "веток", "ветки", "ветку"),
    "inbox.message": _inanimate("сообщение", "сообщения", "сообщений", "сообщения"),
    "incidents.incident": _inanimate("инцидент", "инцидента", "инцидентов", "инциденты"),
    "incidents.deadlinepreset": _inanimate(
        "норматив сроков", "норматива сроков", "нормативов сроков", "нормативы сроков"
    ),
    "incidents.event": _inanimate("событие", "события", "событий", "события"),
    "notify.notificationpreference": _inanimate(
        "канал уведомлений", "канала уведомлений", "каналов уведомлений", "каналы уведомлений"
    ),
    "notify.notification": _inanimate("уведомление", "уведомления", "уведомлений", "уведомления"),
    "notify.escalation": _inanimate(
        "эскалация", "эскалации", "эскалаций", "эскалации", "эскалацию"
    ),
    "plan.campaign": _inanimate("кампания", "кампании", "кампаний", "кампании", "кампанию"),
    "plan.post": _inanimate("пост", "поста", "постов", "посты"),
    "meetings.meeting": _inanimate(
        "встреча мэра", "встречи мэра", "встреч мэра", "встречи мэра", "встречу мэра"
    ),
    "meetings.question": _inanimate(
        "вопрос жителя", "вопроса жителя", "вопросов жителей", "вопросы жителей"
    ),
    "meetings.instruction": _inanimate("поручение", "поручения", "поручений", "поручения"),
    "meetings.instructionevent": _inanimate(
        "событие поручения", "события поручения", "событий поручений", "события поручений"
    ),
    "api.apitoken": _inanimate("токен API", "токена API", "токенов API", "токены API"),
    "answers.answertemplate": _inanimate(
        "шаблон ответа", "шаблона ответа", "шаблонов ответа", "шаблоны ответов"
    ),
    "answers.answer": _inanimate("ответ", "ответа", "ответов", "ответы"),
    "answers.publication": _inanimate(
        "публикация ответа",
        "публикации ответа",
        "публикаций ответа",
        "публикации ответов",
        "публикацию ответа",
    ),
    "answers.answerrating": _inanimate(
        "оценка ответа", "оценки ответа", "оценок ответа", "оценки ответов", "оценку ответа"
    ),
    "answers.formticket": _inanimate(
        "ссылка на статус обращения",
        "ссылки на статус обращения",
        "ссылок на статус обращения",
        "ссылки на статус обращений",
        "ссылку на статус обращения",
    ),
    "suggestions.modelversion": _inanimate(
        "версия модели", "версии модели", "версий модели", "версии моделей", "версию модели"
    ),
    "suggestions.triagesettings": _inanimate(
        "настройки разбора", "настройки разбора", "настроек разбора", "настройки разбора"
    ),
    "suggestions.suggestion": _inanimate(
        "подсказка", "подсказки", "подсказок", "подсказки", "подсказку"
    ),
    "suggestions.correction": _inanimate(
        "исправление модератора",
        "исправления модератора",
        "исправлений модератора",
        "исправления модераторов",
    ),
}


def noun(label: str, verbose_name: str = "", verbose_name_plural: str = "") -> Noun:
    """The forms of a model's name; a model not in NOUNS gets its verbose names everywhere."""
    if label in NOUNS:
        return NOUNS[label]
    plural_name = verbose_name_plural or verbose_name
    return Noun(verbose_name, plural_name, plural_name, plural_name, verbose_name, plural_name)
