"""Shared set-up for the e-mail tests: a source, its password, the recorded letters."""

from __future__ import annotations

from pathlib import Path

from otklik.sources.models import Source, SourceCredential

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PASSWORD = "right"


def fixture(name: str) -> bytes:
    return (FIXTURES / f"{name}.eml").read_bytes()


def make_source(name: str = "mail", password: str = PASSWORD) -> Source:
    settings = {"imap_host": "imap.example.ru", "username": "press@seversknet.ru",
                "smtp_host": "smtp.example.ru", "address": "press@seversknet.ru"}  # fmt: skip
    source = Source.objects.create(name=name, kind=Source.Kind.EMAIL, settings=settings)
    SourceCredential.objects.create(source=source, secrets={"password": password})
    return source
