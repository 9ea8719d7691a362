"""The learnt politics head: its operating cut, its vote with the lexicon, and a round trip."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from otklik.triage.cli import main
from otklik.triage.document import Doc
from otklik.triage.pipeline import Pipeline
from otklik.triage.sensitive import PoliticsStep, politics_cut


@pytest.mark.parametrize(
    ("score", "y", "target", "cut"),
    [
        # the most recall at the precision; of equal recall, the higher cut
        ([5, 4, 3, 2, 1, 0, -1, -2], [1, 1, 1, 1, 1, 0, 0, 1], 0.75, -2),
        ([5, 4, 3, 2, 1, 0, -1, -2], [1, 1, 1, 1, 1, 0, 0, 1], 0.8, 1),
        # nothing reaches the precision: above every score, nothing fires
        ([3, 2, 1, 0, -1], [0, 0, 0, 0, 1], 0.7, 3 + 1e-6),
    ],
)
def test_cut_is_the_most_recall_at_the_precision(score, y, target, cut) -> None:
    assert politics_cut(np.array(score, float), np.array(y, bool), target) == pytest.approx(cut)


@pytest.mark.parametrize(
    ("p", "found", "expected"),
    [
        (0.9, [], ["politics"]),  # the head alone is sure
        (0.5, ["politics"], ["politics"]),  # the lexicon's vote carries an undecided head
        (0.5, [], []),  # undecided, no lexicon word
        (0.05, ["politics", "religion"], ["religion"]),  # the head overrules a lone word
        (0.05, ["crime"], ["crime"]),  # other topics stay the lexicon's
    ],
)
def test_step_decides_with_the_lexicon(p, found, expected) -> None:
    doc = Doc("текст")
    doc.results["sensitive"] = found
    doc.results["politics"] = [("1", p), ("0", round(1 - p, 4))]
    step = PoliticsStep(temperature=1.0, cut=0.5)  # margin + 1.0 · lexicon ≥ 0.5
    assert step(doc).results["sensitive"] == expected


POLITICS = [
    "Выборы в госдуму снова подтасованы, голосовать бесполезно",
    "Оппозиция вышла на митинг против реформы",
    "Президент подписал указ о санкциях против запада",
    "Депутаты приняли закон о партиях",
    "Кремль опять врёт про войну",
    "Правительство ведёт страну к развалу",
]
EVERYDAY = [
    "Яма на дороге у дома 7 уже месяц",
    "Не горит фонарь у подъезда",
    "Мусор не вывозят вторую неделю",
    "Спасибо за ремонт двора",
    "Когда включат горячую воду?",
    "Котики во дворе очень милые",
]


def test_trained_head_flags_politics_in_the_pipeline(tmp_path: Path, capsys) -> None:
    path = tmp_path / "politics.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "politics"])
        w.writerows([(t, "1") for t in POLITICS] * 3 + [(t, "0") for t in EVERYDAY] * 3)
    out = tmp_path / "model"
    assert main(["train", "--data", str(path), "--out", str(out), "--task", "politics"]) == 0
    card = json.loads((out / "card.json").read_text())
    assert card["heads"]["politics"]["classes"] == ["0", "1"]
    capsys.readouterr()
    pipe = Pipeline.load(out, dedupe=False)
    text = "Правительство снова ведёт страну к развалу"
    assert Pipeline.load(None, dedupe=False).process(text).sensitive == []  # no lexicon word
    assert "politics" in pipe.process(text).sensitive
    assert pipe.process("Не горит фонарь во дворе дома 5").sensitive == []


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def test_split_keeps_the_test_texts_out_of_training(tmp_path: Path) -> None:
    import runpy

    split = runpy.run_path(str(Path(__file__).resolve().parents[3] / "scripts/sensitive_split.py"))
    src = tmp_path / "src"
    src.mkdir()
    _write(
        src / "v1_crowdsource_only.csv",
        ["text", "politics"],
        [["Путин", "1.0"], ["тестовый текст", "0.8"], ["валидация", "0.0"], ["кошки", "0.19"]],
    )
    _write(src / "v1_val.csv", ["text", "politics"], [["валидация", "1"]])
    _write(src / "v1_test.csv", ["text", "politics"], [["тестовый текст", "1"]])
    _write(
        src / "appropriateness_v1_val.csv",
        ["text", "politics"],
        [["тестовый текст", "1"], ["санкции", "1"], ["кошки", "0"]],
    )
    _write(src / "appropriateness_v1_test.csv", ["text", "politics"], [["санкции", "1"]])
    split["main"](str(src), str(tmp_path / "out"))
    with (tmp_path / "out" / "train.csv").open(encoding="utf-8") as f:
        train = [tuple(r.values()) for r in csv.DictReader(f)]
    assert train == [
        ("Путин", "1", "1"),
        ("кошки", "0", "1"),
        ("валидация", "1", "1"),  # the val file's own label, not the crowd's copy
        ("санкции", "1", "0.5"),  # auxiliary: trains, does not choose the cut; once
    ]
