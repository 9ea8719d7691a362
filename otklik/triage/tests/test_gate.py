"""Literal gates never change what a rule regex finds."""

import re

import pytest

from otklik.triage.gate import Gated, Literals, anchors


@pytest.mark.parametrize(
    ("pattern", "lead"),
    [
        (r"(яма|ямы|ям на|провал\w* асфальт)", ("яма", "ямы", "ям на", "провал")),
        (r"(?<![а-я])(идиот|дур[ао]к)", ("идиот", "дурак", "дурок")),
        (r"(собак\w* напал|стая собак)", ("собак", "стая собак")),  # a shared first letter
        (r"(?:на|по)?х[уy][йя]", ("хуй", "хуя", "хyй", "хyя")),  # after an optional prefix
        (
            r"(?:я|мы) вас (?:найд|достан)",
            ("я вас найд", "я вас достан", "мы вас найд", "мы вас достан"),
        ),
        (r"(?:ноги|руки) (?:\w+)", ("ноги ", "руки ")),  # as far as it is literal
        (r"(?:а|б)\w+", None),  # too short to be worth a gate
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


@pytest.mark.parametrize(
    ("words", "text", "found"),
    [
        (["вой", "война", "войск"], "войска на войне", {"вой", "войск"}),
        (["вой", "война"], "война", {"вой", "война"}),  # a word and its prefix at one place
        (["ана", "нас"], "анас", {"ана", "нас"}),  # overlapping words
        (["руб.", "a+b"], "10 руб. a+b", {"руб.", "a+b"}),  # regex characters are literal
        (["яма"], "ЯМА", set()),
        ([], "яма", set()),
    ],
)
def test_literals_found_in_one_scan(words, text, found) -> None:
    literals = Literals()
    literals.add(tuple(words))
    assert literals.found(text) == found
    assert literals.found(text) == {w for w in words if w in text}  # remembered: the same


def test_gates_sharing_one_scan_answer_like_in_tests() -> None:
    from otklik.triage import actionable, sensitive, sentiment, toxicity, urgency

    gates = [
        *(g for _, g in toxicity._KINDS),
        *(g for _, _, g in urgency._DANGER),
        actionable._REQUEST,
        actionable._PROBLEM,
        actionable._ADS,
        sentiment._POS,
        *sensitive.SensitiveTopics().strong.values(),
        *sensitive.SensitiveTopics().weak["politics"],
    ]
    texts = [
        "запах газа в подъезде, война и войска, нет света",
        "спасибо! продаю скидки, путин, депутаты, урод",
        "ямы на дороге, прошу принять меры",
        "",
    ]
    for text in texts:
        for g in gates:
            assert g.open(text) == (g.lead is None or any(w in text for w in g.lead))
            assert bool(g.search(text)) == bool(g.rx.search(text))


def test_literals_keep_a_batch_and_forget_the_older_half() -> None:
    literals = Literals()
    literals.add(("яма",))
    texts = [f"яма {i}" for i in range(literals.keep)]
    for text in texts:
        literals.found(text)
    assert len(literals._seen) == literals.keep  # a whole batch step after step: all kept
    literals.found("ещё одна яма")
    assert len(literals._seen) == literals.keep // 2 + 1
    assert texts[0] not in literals._seen and texts[-1] in literals._seen


def test_every_rule_gate_lets_every_match_through(shared_data) -> None:
    """On real texts (appeals, toxic comments, sensitive topics) a gate never hides a match."""
    import csv
    import gc

    from otklik.triage import actionable, sensitive, sentiment, toxicity, urgency  # noqa: F401

    texts = []
    for path, column in [
        (shared_data / "kursk-appeals" / "train.csv", 1),
        (shared_data / "russe-detox" / "dev.tsv", 0),
        (shared_data / "sensitive-topics" / "v1_test.csv", None),
    ]:
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as f:
            rows = csv.reader(f, delimiter="\t" if path.suffix == ".tsv" else ",")
            texts += [" ".join(r) if column is None else r[column] for r in rows if r]
    texts = [t.lower().replace("ё", "е") for t in texts]
    # type(), not isinstance(): a leftover lazy object (a request's CSP nonce) would evaluate
    gates = [o for o in gc.get_objects() if issubclass(type(o), Gated)]
    assert len(texts) > 1000 and len(gates) > 50
    for gate in gates:
        for text in texts:
            if gate.rx.search(text):
                assert gate.open(text), (gate.rx.pattern[:60], text[:80])
