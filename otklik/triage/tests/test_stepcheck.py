"""`otklik triage steps`: the rule steps scored on a labelled file."""

import json

import pytest

from otklik.triage.cli import main
from otklik.triage.stepcheck import binary, flag
from otklik.triage.trainer import read_rows

CITY = {
    "territories": [
        {"code": "seversk", "name": "Северск", "kind": "city"},
        {"code": "samus", "name": "посёлок Самусь", "kind": "settlement", "aliases": ["Самусь"]},
    ],
    "streets": [{"name": "Строителей", "type": "улица", "territory": None}],
}
LABELS = ("is_actionable", "urgent", "toxic", "territory", "same_as")
ROWS = [
    {"external_id": i, "text": text, "created_at": f"2026-11-01T1{n}:00:00+07:00",
     **dict(zip(LABELS, labels, strict=True))}
    for n, (i, text, labels) in enumerate([
        ("a", "В подъезде пахнет газом, Строителей 5", (True, True, False, "seversk", "")),
        ("b", "В подъезде пахнет газом, Строителей 5!", (True, True, False, "seversk", "a")),
        ("c", "Спасибо за новый парк", (False, False, False, "", "")),
        ("d", "Вы идиоты и дебилы", (False, False, True, "", "")),
        ("e", "В Самуси не ходит автобус, помогите", (True, False, False, "samus", "")),
    ])
]  # fmt: skip


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(True, True), (True, False), (False, True), (False, False)],
         {"precision": 0.5, "recall": 0.5, "false_positive_rate": 0.5, "f1": 0.5}),
        ([(False, False)] * 3 + [(True, False)], {"fired_rate": 0.25, "false_positive_rate": 0.25}),
        ([(True, True)] * 2, {"precision": 1.0, "recall": 1.0}),
    ],
)  # fmt: skip
def test_binary(pairs, expected) -> None:
    got = binary(pairs)
    assert {k: got[k] for k in expected} == expected
    assert "precision" not in binary([(False, True)])  # nothing fired: no precision to speak of


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("1.0", True),
        ("0.22", False),
        ("True", True),
        ("да", True),
        ("0", False),
        ("", False),
        (0.7, True),
    ],
)
def test_flag(value, expected) -> None:
    assert flag(value) is expected


def test_steps_command_scores_each_labelled_step(tmp_path, capsys) -> None:
    data = tmp_path / "labelled.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    city = tmp_path / "city.json"
    city.write_text(json.dumps(CITY, ensure_ascii=False), encoding="utf-8")
    assert main(["steps", "--data", str(data), "--gazetteer", str(city)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["toxic"] == {**report["toxic"], "positives": 1, "recall": 1.0, "precision": 1.0}
    assert report["urgent"]["recall"] == 1.0 and report["urgent"]["precision"] == 1.0
    assert report["is_actionable"]["recall"] == 1.0
    assert report["territory"]["accuracy"] == 1.0
    assert report["same_as"] == {**report["same_as"], "labelled_repeats": 1, "recall": 1.0}


def test_expect_labels_every_row_and_tsv_is_read(tmp_path, capsys) -> None:
    data = tmp_path / "detox.tsv"
    data.write_text("toxic_comment\tneutral\nты дебил\tты неправ\nидиот\tне согласен\n", "utf-8")
    rows = read_rows(data, delimiter="\t")
    assert rows[0] == {"toxic_comment": "ты дебил", "neutral": "ты неправ"}
    args = ["steps", "--data", str(data), "--delimiter", "\t", "--text-col", "toxic_comment"]
    assert main([*args, "--expect", "toxic=1"]) == 0
    assert json.loads(capsys.readouterr().out)["toxic"]["recall"] == 1.0
    assert main([*args[:-1], "neutral", "--expect", "toxic=0"]) == 0
    assert json.loads(capsys.readouterr().out)["toxic"]["false_positive_rate"] == 0.0


def test_missing_or_broken_file_is_a_clear_error(tmp_path, capsys) -> None:
    assert main(["steps", "--data", str(tmp_path / "absent.csv")]) == 2
    assert "не удалось открыть файл" in capsys.readouterr().err
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\xff\xfe\x00text\n")
    assert main(["evaluate", "--data", str(broken), "--model", str(tmp_path)]) == 2
    assert "не удалось" in capsys.readouterr().err
