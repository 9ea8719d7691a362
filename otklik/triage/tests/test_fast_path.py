"""The fused scorer equals the per-head path; place keys; the lemma vocabulary; group ⊃ topic."""

import json

import numpy as np
import pytest

from otklik.triage.cli import main
from otklik.triage.document import Doc
from otklik.triage.pipeline import Pipeline, load_heads
from otklik.triage.places import PlaceKeys
from otklik.triage.tests.test_train import data  # noqa: F401  (the fixture)

NAMES = [
    "Администрация Льговского района",
    "Администрация города Железногорска",
    "Администрация Железнодорожного округа города Курска",
    "Администрация города Курска",
    "Администрация Сеймского округа города Курска",
    "Комитет дорожного хозяйства города Курска",
]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("В Льговском районе нет света", ["льговски"]),
        ("Железногорск, улица Ленина: яма", ["железног"]),
        ("На железнодорожном переезде яма", ["железнод"]),
        ("В Курске на Сеймском округе свалка", ["сеймский"]),
        ("Яма на дороге", []),
    ],
)
def test_place_keys_come_from_the_administrations_names(lemmatizer, text, keys) -> None:
    def lemmas(s: str) -> list[str]:
        return [t.lemma for t in lemmatizer.tokenize(s)]

    step = PlaceKeys.from_labels(NAMES, lemmas)
    assert "курск" in step.stop  # the city itself is in three names: not a district
    doc = lemmatizer(Doc(text, clean=text))
    assert step(doc).results["place"] == keys


@pytest.mark.parametrize("kernel", [True, False], ids=["scipy-kernel", "numpy-gather"])
def test_fused_heads_equal_the_per_head_path(
    data,  # noqa: F811
    tmp_path,
    capsys,
    monkeypatch,
    kernel,
) -> None:
    from otklik.triage import scorer

    if not kernel:  # the fallback for a scipy without the private CSR kernel
        monkeypatch.setattr(scorer, "_csr_matmat", None)
    out = tmp_path / "model"
    assert main(["train", "--data", str(data), "--out", str(out), "--folds", "3"]) == 0
    assert (out / "lemmas.json").exists() and (out / "places.json").exists()
    pipe = Pipeline.load(out, dedupe=False)
    heads = load_heads(out)
    for text in ["Не горит фонарь во дворе", "Мусор и ямы", "Спасибо", ""]:
        doc = pipe.run(text)
        for name, head in heads.items():
            ref, got = head.predict(doc), doc.results[name]
            if head.member_head:  # refined by another head's (the topics') probabilities
                child = heads[head.member_head]
                own = head.proba_from_scores(head.scores(head.features(doc)))
                of_child = child.proba_from_scores(child.scores(child.features(doc)))
                ref = head.top(head.combine(own[None], child, of_child[None])[0])
            assert [c for c, _ in ref] == [c for c, _ in got]
            assert np.allclose([p for _, p in ref], [p for _, p in got], atol=1e-3)


def test_training_prunes_small_weights(data, tmp_path, capsys) -> None:  # noqa: F811
    out = tmp_path / "model"
    assert main(["train", "--data", str(data), "--out", str(out), "--folds", "3"]) == 0
    coef = np.load(out / "category.npz")["coef"]
    small = (coef != 0) & (np.abs(coef) < 0.01 * np.abs(coef).max())
    assert (coef == 0).any() and not small.any()


def test_group_head_is_refined_by_its_topics(data, tmp_path, capsys) -> None:  # noqa: F811
    out = tmp_path / "model"
    assert main(["train", "--data", str(data), "--out", str(out), "--folds", "3"]) == 0
    meta = json.loads((out / "category_group.json").read_text())
    assert meta["member_head"] == "category" and meta["members"]["Дороги"] == "1"
    card = json.loads((out / "card.json").read_text())
    assert "cross_validation_alone" in card["heads"]["category_group"]
    result = Pipeline.load(out).process("На дороге глубокая яма")
    assert result.category[0][0] == "Дороги" and result.category_group[0][0] == "1"


def test_known_words_skip_the_analyser(lemmatizer) -> None:
    from otklik.triage.lemmas import Lemmatizer

    lem = Lemmatizer()
    lem.preload({"ямы": "яма-из-словаря"})
    assert [t.lemma for t in lem.tokenize("ямы ямы")] == ["яма-из-словаря"] * 2
    assert lem._cached.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ура!!! 😂😂", ["😂", "len2"]),
        ("😂😂", ["😂", "len0", "nocyr"]),
        ("Привет, смотри https://vk.com/wall1", ["len3", "link"]),
        ("ok thanks, спс", ["len3", "latin"]),
    ],
)
def test_shape_tokens(text, expected) -> None:
    from otklik.triage.clean import Cleaner
    from otklik.triage.shape import Shape

    assert Shape()(Cleaner()(Doc(text))).results["shape"] == expected


def test_a_batch_equals_one_message_at_a_time(data, tmp_path, capsys) -> None:  # noqa: F811
    out = tmp_path / "model"
    assert main(["train", "--data", str(data), "--out", str(out), "--folds", "3"]) == 0
    items = [
        ("Не горит фонарь во дворе, ул. Ленина 5", {"id": 1}),
        ("Мусор и ямы", {"id": 2}),
        ("Не горит фонарь во дворе, ул. Ленина 5", {"id": 3}),  # the same problem as #1
        ("Спасибо", {"id": 4}),
        ("", {"id": 5}),
    ]
    one = Pipeline.load(out)
    expected = [one.process(text, meta).as_dict() for text, meta in items]
    got = [r.as_dict() for r in Pipeline.load(out).process_batch(items, size=2)]
    assert got == expected
    assert got[2]["same_as"]["id"] == 1
