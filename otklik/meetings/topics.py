"""Questions grouped by topic for the Mayor.

A question's topic is, in this order: what the press service wrote in it; the category of the
incident its message belongs to (a person chose it); the category the triage model suggested
for its message (suggestions, read-only); a rule: the active category whose name or keywords
(the city file's) the text mentions most; else «Другие вопросы».
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet

from otklik.cities.models import Category
from otklik.meetings.models import Question

OTHER = "Другие вопросы"
_WORD = re.compile(r"[а-яa-z0-9]+")


@dataclass
class Rule:
    topic: str
    stems: tuple[str, ...]


@dataclass
class TopicGroup:
    topic: str
    questions: list[Question] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.questions)


def _norm(text: str) -> str:
    return text.lower().replace("ё", "е")


def stem(word: str) -> str:
    """A crude Russian stem, enough for a keyword's cases: «отоплени», «асфал», «ям»."""
    if len(word) >= 6:
        return word[:-2]
    return word[:-1] if len(word) >= 3 else word


def rules(categories: Iterable[Category]) -> list[Rule]:
    found = []
    for category in categories:
        words = [category.name, *map(str, category.keywords or [])]
        stems = {stem(w) for phrase in words for w in _WORD.findall(_norm(phrase)) if len(w) >= 3}
        if stems:
            found.append(Rule(category.name, tuple(sorted(stems))))
    return found


def rule_topic(text: str, table: Sequence[Rule]) -> str:
    words = _WORD.findall(_norm(text))
    best, score = OTHER, 0
    for rule in table:
        hits = sum(1 for w in words if any(w.startswith(s) for s in rule.stems))
        if hits > score:
            best, score = rule.topic, hits
    return best


def topic_of(question: Question, table: Sequence[Rule]) -> str:
    if question.topic:
        return question.topic
    message = question.message
    if message is not None:
        incident = message.incident
        if incident is not None and incident.category is not None:
            return incident.category.name
        suggestion = getattr(message, "suggestion", None)
        if suggestion is not None and suggestion.category is not None:
            return suggestion.category.name
    return rule_topic(question.text, table)


def with_topics(questions: QuerySet[Question]) -> QuerySet[Question]:
    """The reads `topic_of` needs, in the same query."""
    return questions.select_related("message__incident__category", "message__suggestion__category")


def group_by_topic(questions: Iterable[Question]) -> list[TopicGroup]:
    """Largest topic first, «Другие вопросы» last; questions keep their order in a topic."""
    table = rules(Category.objects.filter(is_active=True).order_by("pk"))
    groups: dict[str, TopicGroup] = {}
    for question in questions:
        name = topic_of(question, table)
        groups.setdefault(name, TopicGroup(name)).questions.append(question)
    return sorted(groups.values(), key=lambda g: (g.topic == OTHER, -g.count, g.topic))
