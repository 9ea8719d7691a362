"""Urgency: danger-to-life lexicon plus resonance (likes, reposts, replies, repeats) → priority.

Resonance raises the priority of a complaint or request only: a popular advertisement, thanks or
chatter stays where its words put it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from otklik.triage.actionable import ACTIONABLE
from otklik.triage.document import Doc
from otklik.triage.gate import Gated

PRIORITIES = ("low", "normal", "high", "critical")

# (level, reason, pattern over the clean lower-cased text); stems keep the list short.
DANGER: list[tuple[str, str, str]] = [
    (
        "critical",
        "запах газа",
        r"(запах\w* газ|пахн\w* газ|газом (пахн|воня)|утечк\w* газ|газ (пахн|трав))",
    ),
    (
        "critical",
        "оборванные провода",
        r"(оборва\w* провод|провод\w* (упал|лежит|лежат|висит|висят|оборва|искр|на земле)|оголен\w* провод|искрит)",  # noqa: E501
    ),
    ("critical", "пожар", r"(пожар|горит|горят|загорел|задымлен|дым из|огонь)"),
    ("critical", "обрушение", r"(обрушил|обрушени|рухнул|обвал|падают? кирпич|угроза обрушени)"),
    (
        "critical",
        "угроза детям",
        r"(дет\w*|ребен\w*|школьник\w*)[^.!?]{0,60}(провалил|упал|упала|травм|опасн|угроз|покусал|напал|лазят|лазают|перебегают)"
        r"|(лазят|лазают|перебегают)[^.!?]{0,30}(дет|ребен|школьник|подрост)",
    ),
    (
        "critical",
        "угроза жизни",
        r"(угроз\w* жизни|опасно для жизни|может погибнуть|кто-то погибнет|пострадал|скорая не может|чуть не убил|может убить|не случилась беда)",  # noqa: E501
    ),
    (
        "high",
        "нет отопления в мороз",
        r"(нет отоплени|батаре\w* (холодн|ледян|(чуть |еле |едва )?т[её]пл)|не топят"
        r"|отключ\w* отоплени|холодно в квартир|в квартир\w* холодно|замерза)",
    ),
    (
        "high",
        "затопление",
        r"(затопил|затоплен|подтопил|подтоплен|потоп|прорыв\w* (труб|канализ)|прорвал\w* труб|кипят\w* (хлещ|бьет|течет)|фонтан\w* вод)",  # noqa: E501
    ),
    (
        "high",
        "открытый люк",
        r"(открыт\w* люк|нет люка|без люка|отсутств\w* люк|провалил\w* в люк|люк\w* (открыт|отсутств))",  # noqa: E501
    ),
    (
        "high",
        "аварийное дерево",
        r"(дерево (упал|падает|наклонил|вот-вот)|аварийн\w* дерев|упавш\w* дерев)",
    ),
    ("high", "сосульки и наледь", r"(сосульк|наледь на крыш|снег с крыш|глыб)"),
    (
        "high",
        "нападение собак",
        r"(собак\w*[^.!?]{0,40}(напал|покусал|кусают|бросают|кидают)|стая собак)",
    ),
    ("high", "нет света", r"(нет света|без света|отключ\w* (свет|электр)|обесточ)"),
    (
        "high",
        "нет воды",
        r"(нет (горяч\w* |холодн\w* )?воды|без (горяч\w* |холодн\w* )?воды"
        r"|отключ\w* (горяч\w* )?вод|вода не ид[её]т)",
    ),
    (
        "high",
        "гололёд",
        r"(гол[оё]л[её]д|скользк\w*[^.!?]{0,40}(пада|упал|посыпа|травм)|не посыпа\w*)",
    ),
    ("normal", "яма на дороге", r"(яма|ямы|ям на|провал\w* асфальт)"),
    (
        "normal",
        "не работает освещение",
        r"(не (горит|горят|работает|работают|светит|светят)[^.!?]{0,30}(фонар|освещени|свет|ламп)"
        r"|(фонар|освещени|ламп|светильник|свет)\w*[^.!?]{0,30}"
        r"не (горит|горят|работа|светит|светят))",
    ),
]

# «горит» is a fire only where it is not about a light: «не горит фонарь», «фонари горят днём»
LIGHTS = re.compile(r"(фонар|свет|ламп|освещени|светильник|светофор|подсветк|табло|гирлянд|фары)")
NOT = re.compile(r"\bне\s+$")


_DANGER = [(lvl, why, Gated(rx)) for lvl, why, rx in DANGER]
_LEVEL = {why: PRIORITIES.index(lvl) for lvl, why, _ in DANGER}  # a reason → the level it sets


def _a_light(text: str, match: re.Match[str]) -> bool:
    """Whether a «горит/горят» match speaks of a light (or of one that does not burn)."""
    if not match.group(0).startswith("гор"):
        return False
    start = max(text.rfind(".", 0, match.start()), text.rfind("!", 0, match.start()),
                text.rfind("?", 0, match.start())) + 1  # fmt: skip
    ends = [i for i in (text.find(c, match.end()) for c in ".!?") if i >= 0]
    sentence = text[start : min(ends) if ends else len(text)]
    return bool(NOT.search(text[start : match.start()]) or LIGHTS.search(sentence))


@dataclass
class Urgency:
    priority: str = "normal"
    reasons: list[str] = field(default_factory=list)
    danger: bool = False
    resonance: float = 0.0


def resonance(meta: dict) -> float:
    """A log-scale score of public attention: likes, reposts, replies and repeated reports."""

    def n(key: str) -> float:
        try:
            return max(0.0, float(meta.get(key) or 0))
        except (TypeError, ValueError):
            return 0.0

    return (
        math.log1p(n("likes"))
        + 2 * math.log1p(n("reposts"))
        + 1.5 * math.log1p(n("replies") or n("comments"))
        + 2 * math.log1p(n("repeats"))
    )


@dataclass
class UrgencyStep:
    """The urgency step: doc.results['urgency'] = Urgency(priority, reasons, danger, resonance)."""

    high_resonance: float = 8.0
    name: str = "urgency"

    def assess(self, text: str, meta: dict, actionable: bool = True) -> Urgency:
        level = 0 if len(text) < 3 else 1
        reasons = []
        for lvl, why, rx in _DANGER:
            if any(not _a_light(text, m) for m in rx.finditer(text)):  # the gate skips most
                reasons.append(why)
                level = max(level, PRIORITIES.index(lvl))
        danger = level == PRIORITIES.index("critical")
        score = resonance(meta)
        if actionable and score >= self.high_resonance and level < 3:  # not for ads and chatter
            level += 1
            reasons.append("резонанс")
        return Urgency(PRIORITIES[level], self._decisive_first(reasons), danger, round(score, 2))

    @staticmethod
    def _decisive_first(reasons: list[str]) -> list[str]:
        """The reasons that set the priority first («пожар» before «яма на дороге»)."""
        return sorted(reasons, key=lambda why: -_LEVEL.get(why, 0))

    def __call__(self, doc: Doc) -> Doc:
        found = doc.results.get("actionable")
        actionable = found is None or found["probability"] >= ACTIONABLE
        doc.results["urgency"] = self.assess(doc.clean.lower(), doc.meta, actionable)
        return doc
