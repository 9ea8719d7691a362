"""The tuning/validation split: the same seed gives the same files; stratified by topic."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from otklik.triage.cli import main
from otklik.triage.split import split_indices

# (id, text, topic): three topics of 10 rows each and two rare ones with 2 and 1 rows
ROWS = (
    [(str(i), f"Яма на дороге №{i}", "Дороги") for i in range(10)]
    + [(str(10 + i), f"Не горит фонарь №{i}", "Освещение") for i in range(10)]
    + [(str(20 + i), f"Мусор не вывозят №{i}", "Мусор") for i in range(10)]
    + [("30", "Собаки во дворе", "Собаки"), ("31", "Стая собак", "Собаки")]
    + [("32", "Шумят соседи", "Шум")]
)


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "rows.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(ROWS)
    return path


def split(data: Path, out: Path, capsys, *extra: str) -> dict:
    argv = ["split", "--data", str(data), "--no-header", "--columns", "id,text,topic"]
    assert main([*argv, "--out", str(out), *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_same_seed_same_files(data: Path, tmp_path: Path, capsys) -> None:
    a = split(data, tmp_path / "a", capsys, "--seed", "7")
    b = split(data, tmp_path / "b", capsys, "--seed", "7")
    for part in ("tuning", "validation"):
        assert a[part]["sha256"] == b[part]["sha256"]
        assert (tmp_path / "a" / f"{part}.csv").read_bytes() == (
            tmp_path / "b" / f"{part}.csv"
        ).read_bytes()


def test_another_seed_another_split() -> None:
    labels = [r[2] for r in ROWS]
    assert split_indices(labels, seed=7) == split_indices(labels, seed=7)
    assert split_indices(labels, seed=7)[1] != split_indices(labels, seed=8)[1]


def test_parts_cover_the_file_once_stratified(data: Path, tmp_path: Path, capsys) -> None:
    report = split(data, tmp_path / "s", capsys)
    assert report["seed"] == 20261129
    parts = {}
    for part in ("tuning", "validation"):
        with (tmp_path / "s" / f"{part}.csv").open(encoding="utf-8", newline="") as f:
            parts[part] = [tuple(r) for r in csv.reader(f)]
        assert report[part]["rows"] == len(parts[part])
    assert sorted(parts["tuning"] + parts["validation"]) == sorted(ROWS)
    held = [r[2] for r in parts["validation"]]
    # 2 of each 10-row topic; the three rare rows form one stratum, of which round(0.6) = 1
    assert [held.count(t) for t in ("Дороги", "Освещение", "Мусор")] == [2, 2, 2]
    assert len(held) == 7


def test_unknown_column_is_refused(data: Path, tmp_path: Path, capsys) -> None:
    argv = ["split", "--data", str(data), "--no-header", "--columns", "id,text,topic"]
    assert main([*argv, "--out", str(tmp_path / "x"), "--by", "executor"]) == 2
    assert "нет столбца executor" in capsys.readouterr().err
