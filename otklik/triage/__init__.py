"""Triage: a small, framework-free Russian NLP library (no Django imports).

One :class:`~otklik.triage.document.Doc` flows through small injected steps
(clean → lemmas → territory → heads → urgency → toxicity → dedupe); models load once.
Entry point: ``from otklik.triage.pipeline import Pipeline``.
"""

from otklik.triage.document import Doc, Span, Token

__all__ = ["Doc", "Span", "Token"]
