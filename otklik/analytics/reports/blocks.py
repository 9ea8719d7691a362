"""The pieces a report is made of: the writers (PDF, DOCX) draw each kind."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TitlePage:
    city: str
    title: str  # «Отчёт о работе пресс-службы»
    period: str  # «за 2026 год»
    organisation: str  # «Пресс-служба администрации»


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: a section, 2: a subsection


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric_from: int = 1  # columns from this one are numbers, right-aligned


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str


Block = TitlePage | Heading | Paragraph | Table | Chart
