"""Literal gates never change what a rule regex finds."""

import re

import pytest

from otklik.triage.gate import Gated, anchors


@pytest.mark.parametrize(
    ("pattern", "lead"),
    [
        (r"(яма|ямы|ям на|провал\w* асфальт)", ("яма", "ямы", "ям на", "провал")),
        (r"(?<![а-я])(идиот|дур[ао]к)", ("идиот", "дурак", "дурок")),
        (r"(собак\w* напал|стая собак)", None),  # a shared one-letter prefix: no gate
        (r"(?i)(яма)", None),
        (r"руб\.", ("руб.",)),
        (r"\d+ дом", None),
    ],
)
def test_anchors(pattern, lead) -> None:
    assert anchors(pattern) == lead


@pytest.mark.parametrize(
    "text", ["", "яма на дороге", "ЯМА", "провалился асфальт", "дурак", "придурок", "ям нет"]
)
def test_gated_matches_like_the_regex(text) -> None:
    for pattern in [r"(яма|ямы|ям на|провал\w* асфальт)", r"(?<![а-я])(идиот|дур[ао]к)"]:
        rx, gated = re.compile(pattern), Gated(pattern)
        assert bool(rx.search(text)) == bool(gated.search(text))
        assert rx.findall(text) == gated.findall(text)
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in gated.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "lead"),
    [
        (r"х[уy][йя]", ("хуй", "хуя", "хyй", "хyя")),  # a small letter class: each letter
        (r"(?<![а-я])(сук[аи](?![а-я])|мраз)", ("сука", "суки", "мраз")),
        (r"(дет\w*|школ\w*)[^.]{0,9}(упал)", ("дет", "школ")),
        (r"[^а]б", None),
        (r"(ху|хер)", None),  # two letters occur everywhere: not worth a gate
    ],
)
def test_anchors_expand_small_classes_and_leading_groups(pattern, lead) -> None:
    assert anchors(pattern) == lead
