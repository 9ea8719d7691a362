"""A batch's features, hashed together, equal every message's own."""

from __future__ import annotations

import numpy as np
import pytest

from otklik.triage.batch_features import base_many, cache_key, prime
from otklik.triage.clean import Cleaner
from otklik.triage.document import Doc
from otklik.triage.features import Recipe, _base, hashed

TEXTS = [
    "Яма на Советской 22, возле 76-й школы",
    "",  # nothing at all
    "а",  # shorter than the shortest char n-gram
    "да",
    "Прошу убрать мусор",  # one message's last n-grams must not run into the next one's
    "мусор мусор мусор мусор",  # repeated features: sublinear counts
    "ОЧЕНЬ ГРОМКО!!! Нет воды третий день… https://vk.com/wall1",
    "слово " * 500,  # longer than max_chars
]
RECIPES = [
    Recipe(),
    Recipe(char_min=3, char_max=5),
    Recipe(bits=18, char_min=1, char_max=4, word_ngrams=3, max_chars=300),
    Recipe(word_ngrams=1, max_chars=20),
]


def _docs(lemmatizer, texts: list[str]) -> list[Doc]:
    return [lemmatizer(Cleaner()(Doc(t))) for t in texts]


@pytest.mark.parametrize("recipe", RECIPES)
def test_batch_equals_message_by_message(lemmatizer, recipe) -> None:
    docs = _docs(lemmatizer, TEXTS)
    for (idx, tf), doc in zip(base_many(docs, recipe), docs, strict=True):
        want_idx, want_tf = _base(doc, recipe)
        assert idx.dtype == want_idx.dtype
        np.testing.assert_array_equal(idx, want_idx)
        np.testing.assert_array_equal(tf, want_tf)


@pytest.mark.parametrize("texts", [TEXTS[:1], TEXTS[1:3], list(reversed(TEXTS))])
def test_any_batch_and_order(lemmatizer, texts) -> None:
    recipe = Recipe(char_min=3)
    docs = _docs(lemmatizer, texts)
    got = base_many(docs, recipe)
    assert [len(i) for i, _ in got] == [len(_base(d, recipe)[0]) for d in docs]


def test_prime_fills_the_cache_hashed_reads(lemmatizer) -> None:
    recipe = Recipe(char_min=3)
    docs = _docs(lemmatizer, TEXTS)
    prime(docs, recipe)
    for doc in docs:
        assert list(doc.cache) == [cache_key(recipe)]
        idx, tf = hashed(doc, recipe)
        assert list(doc.cache) == [cache_key(recipe)]  # found there, nothing computed anew
        np.testing.assert_array_equal(idx, _base(doc, recipe)[0])
