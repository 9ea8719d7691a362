"""What a report says, as blocks: the annual report follows the press service's own annual
report (a title page, numbered sections with tables and charts, the narrative around them); a
monthly report has fewer sections and charts, a weekly one fewer still."""

from __future__ import annotations

from collections.abc import Callable

from otklik.analytics.report_figures import SECTIONS, ReportFigures
from otklik.analytics.report_period import MONTH, WEEK, YEAR
from otklik.analytics.reports import charts
from otklik.analytics.reports.blocks import Block, Chart, Heading, Paragraph, Table, TitlePage
from otklik.typography import hours, number, percent, signed, typo

ORGANISATION = "Пресс-служба администрации"
TITLE = "Отчёт о работе пресс-службы"
EMPTY = "Раздел пока не заполнен: его текст пишет пресс-служба на странице отчёта."

Section = Callable[[ReportFigures, bool], list[Block]]


def title_of(figures: ReportFigures) -> str:
    return f"{TITLE} {figures.period.for_label}"


def report_blocks(figures: ReportFigures) -> list[Block]:
    """The whole report: the title page, then the sections of its period's kind, numbered."""
    kind = figures.period.kind
    blocks: list[Block] = [TitlePage(figures.city, TITLE, figures.period.for_label, ORGANISATION)]
    charted = kind != WEEK
    for number_, (heading, section) in enumerate(OUTLINE[kind], start=1):
        blocks.append(Heading(f"{number_}. {heading}"))
        blocks.extend(section(figures, charted))
    return blocks


def _narrative(section: str) -> Section:
    def build(figures: ReportFigures, charted: bool) -> list[Block]:
        text = figures.narrative.get(section, "").strip()
        if not text:
            return [Paragraph(EMPTY)]
        return [Paragraph(typo(part)) for part in text.split("\n") if part.strip()]

    return build


def pages(figures: ReportFigures, charted: bool) -> list[Block]:
    if not figures.pages:
        return [Paragraph("За период нет ни данных о подписчиках, ни публикаций на страницах.")]
    first, last = figures.subscribers_first, figures.subscribers_last
    summary = (
        f"Официальных страниц: {number(len(figures.pages))}. Подписчиков на начало периода "
        f"{number(first)}, на конец {number(last)} ({signed(last - first)})."
    )
    rows = tuple(
        (
            p.name,
            p.platform,
            number(p.first),
            number(p.last),
            signed(p.growth),
            percent(p.growth_share),
            number(p.posts),
            number(p.norm),
        )
        for p in figures.pages
    )
    header = ("Страница", "Площадка", "В начале", "В конце", "Прирост", "%", "Постов", "Норма")
    blocks: list[Block] = [Paragraph(typo(summary)), Table(header, rows, numeric_from=2)]
    counted = [p for p in figures.pages if p.first is not None]
    if charted and counted:
        png = charts.growth(
            [p.name for p in counted],
            [p.first or 0 for p in counted],
            [p.last or 0 for p in counted],
            "Подписчики официальных страниц",
        )
        blocks.append(Chart(png, "Подписчики в начале и в конце периода"))
    return blocks


def campaigns(figures: ReportFigures, charted: bool) -> list[Block]:
    if not figures.campaigns:
        return [Paragraph("За период публикаций не было.")]
    rows = tuple(
        (
            c.title,
            c.kind or "—",
            number(c.figures.posts),
            number(c.figures.publications),
            number(c.figures.views),
            number(c.figures.reach),
            percent(c.figures.engagement, 2),
        )
        for c in figures.campaigns
    )
    header = ("Кампания", "Вид", "Постов", "Публикаций", "Просмотры", "Охват", "Вовлечённость")
    text = (
        f"Опубликовано постов: {number(figures.posts)}. Вовлечённость — отметки «нравится», "
        "репосты и комментарии к просмотрам (где площадка не даёт просмотров — к охвату)."
    )
    blocks: list[Block] = [Paragraph(typo(text)), Table(header, rows, numeric_from=2)]
    if charted:
        top = figures.campaigns[:10]
        png = charts.bars([c.title for c in top], [c.figures.reach for c in top], "Охват")
        blocks.append(Chart(png, "Охват публикаций по кампаниям"))
    return blocks


def handling(figures: ReportFigures, charted: bool) -> list[Block]:
    h = figures.handling
    text = (
        f"Получено сообщений: {number(h.messages)}; зарегистрировано инцидентов: "
        f"{number(h.incidents)}; решено (закрыто с ответом): {number(h.resolved)}."
    )
    blocks: list[Block] = [Paragraph(typo(text)), Heading("Сообщения по каналам", 2)]
    blocks.append(Table(("Канал", "Сообщений"), tuple((n, number(c)) for n, c in h.by_channel)))
    if charted and h.by_channel:
        png = charts.bars([n for n, _ in h.by_channel], [c for _, c in h.by_channel], "Сообщения")
        blocks.append(Chart(png, "Сообщения жителей по каналам"))
    if charted and h.by_month:
        blocks.append(Chart(charts.months(h.by_month, "Сообщения"), "Сообщения по месяцам"))
    blocks.append(Heading("Основные темы", 2))
    blocks.append(Table(("Категория", "Инцидентов"), tuple((n, number(c)) for n, c in h.topics)))
    if charted and h.topics:
        png = charts.bars([n for n, _ in h.topics], [c for _, c in h.topics], "Инциденты")
        blocks.append(Chart(png, "Инциденты по категориям"))
    return [*blocks, *timing(figures, charted)]


def timing(figures: ReportFigures, charted: bool) -> list[Block]:
    h = figures.handling
    header = ("Ответ", "Ответов", "Медиана", "Среднее", "В срок")
    rows = (
        (
            "Первый ответ",
            number(h.first_reply.count),
            hours(h.first_reply.median),
            hours(h.first_reply.mean),
            percent(h.first_on_time.share),
        ),
        (
            "Окончательный ответ",
            number(h.final_answer.count),
            hours(h.final_answer.median),
            hours(h.final_answer.mean),
            percent(h.final_on_time.share),
        ),
    )
    r = h.ratings
    rated = (
        f"Оценок жителей: {number(r.count)}; проблема решена — {number(r.solved)}, не решена — "
        f"{number(r.not_solved)}; средняя оценка {number(r.mean_score, 1)}."
    )
    note = (
        "Время — в рабочих часах по производственному календарю города, от регистрации: первый "
        "ответ — по инцидентам, зарегистрированным за период, окончательный — по решённым за "
        "период. Оценки — по инцидентам, закрытым за период."
    )
    return [
        Heading("Сроки ответов", 2),
        Paragraph(typo(note)),
        Table(header, rows),
        Heading("Оценки жителей", 2),
        Paragraph(typo(rated)),
    ]


def meetings(figures: ReportFigures, charted: bool) -> list[Block]:
    m = figures.meetings
    rows = (
        ("Встреч проведено", number(m.held)),
        ("Встреч запланировано, ещё не проведено", number(m.planned)),
        ("Вопросов на встречах", number(m.questions)),
        ("из них ответ дан на месте", number(m.answered)),
        ("из них дано поручение", number(m.instructed)),
        ("Поручений дано", number(m.given)),
        ("из них выполнено", number(m.done)),
        ("выполнено в срок", number(m.done_on_time)),
        ("просрочено", number(m.overdue)),
        ("отменено", number(m.cancelled)),
    )
    return [Table(("Показатель", "Значение"), rows)]


def polls(figures: ReportFigures, charted: bool) -> list[Block]:
    if not figures.polls.closed:
        return [Paragraph("Завершённых опросов за период нет.")]
    blocks: list[Block] = [
        Paragraph(typo(f"Завершено опросов: {number(len(figures.polls.closed))}."))
    ]
    for poll in figures.polls.closed:
        blocks.append(Heading(typo(poll.question), 2))
        rows = tuple(
            (text, number(n), percent(n / poll.total if poll.total else None))
            for text, n in poll.options
        )
        blocks.append(Table(("Вариант", "Голосов", "Доля"), rows))
    return blocks


OUTLINE: dict[str, list[tuple[str, Section]]] = {
    YEAR: [
        ("Итоги года", _narrative(SECTIONS.RESULTS)),
        ("Официальные страницы администрации", pages),
        ("Информационная работа по национальным проектам и программам", campaigns),
        ("Работа с обращениями жителей", handling),
        ("Встречи мэра с жителями и поручения", meetings),
        ("Опросы жителей", polls),
        ("Факторы, повлиявшие на результаты", _narrative(SECTIONS.FACTORS)),
        ("Задачи на следующий период", _narrative(SECTIONS.TASKS)),
    ],
    MONTH: [
        ("Итоги месяца", _narrative(SECTIONS.RESULTS)),
        ("Работа с обращениями жителей", handling),
        ("Официальные страницы", pages),
        ("Публикации по кампаниям", campaigns),
        ("Встречи мэра и поручения", meetings),
        ("Задачи на следующий период", _narrative(SECTIONS.TASKS)),
    ],
    WEEK: [
        ("Итоги недели", _narrative(SECTIONS.RESULTS)),
        ("Работа с обращениями жителей", handling),
        ("Официальные страницы", pages),
        ("Задачи на следующую неделю", _narrative(SECTIONS.TASKS)),
    ],
}
