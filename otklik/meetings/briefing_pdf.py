"""The Mayor's briefing pack as a PDF: the same figures as the page (otklik.meetings.briefing),
drawn with fpdf2 the way the analytics reports are.

The font is DejaVu Sans from matplotlib's own package data (a Cyrillic TrueType font inside a
pip package; nothing is downloaded); fpdf2 embeds the used glyphs with a ToUnicode map, so the
text can be searched and copied. Each section is an outline entry, the title is the document's
metadata. Lines break only at ordinary spaces: the non-breaking ones typography.py puts after
short words and into numbers hold. The photos are embedded from their stored thumbnails.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import matplotlib
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from otklik.meetings.briefing import Briefing
from otklik.meetings.briefing_chart import topics_png
from otklik.meetings.files import read_stored
from otklik.typography import number, typo

FONT = "DejaVu"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
BODY, SMALL = 10.5, 8.5
LINE = 5.5  # mm
PHOTO_WIDTH = 110  # mm
DASH = "—"
HEAD = FontFace(emphasis="BOLD", fill_color=(230, 236, 244))
LINK_COLOUR = (31, 95, 191)
logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetting logs at INFO


class BriefingPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", SMALL)
        self.cell(0, 6, str(self.page_no()), align=Align.C)


def title(b: Briefing) -> str:
    return f"Справка для мэра: {b.meeting.territory.name}"


def filename(b: Briefing) -> str:
    return f"briefing-{b.meeting.pk}-{_date(b.meeting.starts_at).replace('.', '-')}.pdf"


def render(b: Briefing) -> bytes:
    pdf = BriefingPDF(format="A4")
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / name))
    pdf.set_title(title(b))
    pdf.set_subject(f"Встреча мэра с жителями {_date(b.meeting.starts_at)}")
    pdf.set_author("Пресс-служба администрации")
    pdf.set_lang("ru")
    pdf.set_margins(20, 18, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    for draw in (_head, _incidents, _topics, _questions, _instructions, _year, _media):
        draw(pdf, b)
    return bytes(pdf.output())


def _date(moment: datetime | None, fmt: str = "%d.%m.%Y") -> str:
    return timezone.localtime(moment).strftime(fmt) if moment else DASH


def _heading(pdf: FPDF, text: str, size: float = 13) -> None:
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(4)
    pdf.start_section(text, level=0)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, 7, typo(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _para(pdf: FPDF, text: str, style: str = "", size: float = BODY) -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, LINE, typo(text), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _table(pdf: FPDF, header: Sequence[str], rows: list[Sequence[str]], widths: tuple) -> None:
    pdf.set_font(FONT, "", SMALL)
    with pdf.table(
        col_widths=widths, line_height=4.6, headings_style=HEAD, first_row_as_headings=True
    ) as table:
        for row in (header, *rows):
            cells = table.row()
            for text in row:
                cells.cell(typo(text))
    pdf.ln(2)


def _head(pdf: FPDF, b: Briefing) -> None:
    meeting = b.meeting
    pdf.start_section(title(b), level=0)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, typo(title(b)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    where = f", {meeting.place}" if meeting.place else ""
    when = _date(meeting.starts_at, "%d.%m.%Y в %H:%M")
    _para(pdf, f"Встреча с жителями {when}{where}", "B", 11)
    state = meeting.get_state_display().lower()  # type: ignore[attr-defined]
    _para(pdf, f"{state} · данные на {_date(b.at, '%d.%m.%Y %H:%M')}", "I", SMALL)
    if meeting.agenda:
        _para(pdf, f"Повестка: {meeting.agenda}")


def _incidents(pdf: FPDF, b: Briefing) -> None:
    _heading(pdf, "Обращения жителей территории")
    _para(pdf, f"Открытых: {number(b.open_incidents)}; с просроченным ответом: "
               f"{number(b.overdue_incidents)}.")  # fmt: skip
    if not b.incidents:
        _para(pdf, "Открытых обращений нет.", "I")
        return
    rows = []
    for i in b.incidents:
        due = _date(i.final_answer_due) + (" · просрочен" if i.is_overdue else "")
        category = i.category.name if i.category_id else DASH
        department = i.department.name if i.department_id else DASH
        status = i.get_status_display()  # type: ignore[attr-defined]
        rows.append([f"#{i.pk}", category, _cut(i.title, 120), department, status, due])
    header = ["№", "Тема", "Суть", "Подразделение", "Статус", "Срок ответа"]
    _table(pdf, header, rows, (12, 26, 52, 30, 22, 28))
    if b.open_incidents > len(b.incidents):
        _para(pdf, f"Показаны {len(b.incidents)} с ближайшим сроком из {b.open_incidents}.",
              "I", SMALL)  # fmt: skip


def _topics(pdf: FPDF, b: Briefing) -> None:
    _heading(pdf, "О чём пишут: темы за 90 дней и 90 дней до них")
    if not b.topics:
        _para(pdf, "За полгода обращений с этой территории не было.", "I")
        return
    pdf.image(io.BytesIO(topics_png(b.topics)), w=pdf.epw)
    rows = [[t.name, number(t.recent), number(t.before), t.shift] for t in b.topics]
    _table(pdf, ["Тема", "90 дней", "Прежние 90", "Динамика"], rows, (80, 25, 25, 40))


def _questions(pdf: FPDF, b: Briefing) -> None:
    _heading(pdf, "Вопросы, присланные заранее")
    if not b.question_groups:
        _para(pdf, "Заранее вопросов не присылали.", "I")
    for group in b.question_groups:
        _para(pdf, f"{group.topic} ({len(group.questions)})", "B")
        for q in group.questions:
            state = "" if q.state == "open" else f" · {q.get_state_display().lower()}"  # type: ignore[attr-defined]
            who = f"{q.asker_name or 'житель'}, {_date(q.created_at)}{state}"
            _para(pdf, f"• {q.text} — {who}")


def _instructions(pdf: FPDF, b: Briefing) -> None:
    _heading(pdf, "Поручения прошлых встреч на территории")
    if not b.instructions:
        _para(pdf, "На прошлых встречах здесь поручений не давали.", "I")
        return
    states = [f"{label}: {n}" for label, n in b.instruction_states if n]
    if b.overdue_instructions:
        states.append(f"Просрочено: {b.overdue_instructions}")
    _para(pdf, "; ".join(states) + ".")
    rows = []
    for i in b.instructions:
        text = _cut(i.text, 200) + (f"\nРезультат: {_cut(i.result, 200)}" if i.result else "")
        deadline = _date(i.deadline) + (" · просрочено" if i.is_overdue else "")
        state = i.get_state_display() + (f", {_date(i.done_at)}" if i.done_at else "")  # type: ignore[attr-defined]
        if getattr(i, "extensions", 0):
            state += "; срок продлевался"
        rows.append([i.number, _date(i.meeting.starts_at), text, i.department.name, deadline,
                     state])  # fmt: skip
    header = ["Номер", "Встреча", "Поручение", "Подразделение", "Срок", "Состояние"]
    _table(pdf, header, rows, (18, 20, 60, 27, 22, 28))


def _year(pdf: FPDF, b: Briefing) -> None:
    y = b.year
    _heading(pdf, f"Итоги {y.year} года на территории")
    rows = [
        ["Обращений поступило", number(y.incidents_received)],
        ["Решено обращений", number(y.incidents_resolved)],
        ["Встреч проведено", number(y.meetings_held)],
        ["Поручений дано", number(y.instructions_issued)],
        ["Поручений выполнено", number(y.instructions_done)],
    ]
    _table(pdf, ["Показатель", "Значение"], rows, (120, 50))


def _media(pdf: FPDF, b: Briefing) -> None:
    _heading(pdf, "Фильм и фото встречи")
    if b.film_url:
        pdf.set_font(FONT, "", BODY)
        pdf.write(LINE, "Фильм о встрече: ")
        pdf.set_text_color(*LINK_COLOUR)
        pdf.write(LINE, b.film_url, link=b.film_url)
        pdf.set_text_color(0, 0, 0)
        pdf.ln(LINE + 2)
    for photo in b.photos:
        data = read_stored(photo.thumb.name)
        if data is None:
            continue
        pdf.image(io.BytesIO(data), w=min(PHOTO_WIDTH, pdf.epw))
        if photo.caption:
            _para(pdf, photo.caption, "I", SMALL)
        pdf.ln(2)
    if not b.film_url and not b.photos:
        _para(pdf, "Фильма и фото пока нет.", "I")


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
