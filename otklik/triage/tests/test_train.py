"""A tiny train → evaluate round trip, and the Kursk / RuSentiment checks on shared data."""

import csv
import json

import pytest

from otklik.triage.cli import main
from otklik.triage.pipeline import Pipeline

ROWS = [
    ("Яма на дороге на улице Ленина", "Дороги", "Дорожный комитет", "1"),
    ("Огромная яма на проезжей части", "Дороги", "Дорожный комитет", "1"),
    ("Разбит асфальт во дворе, ямы", "Дороги", "Дорожный комитет", "1"),
    ("Ямы на Советской никто не ремонтирует", "Дороги", "Дорожный комитет", "1"),
    ("Не горит фонарь у подъезда", "Освещение", "Горсвет", "2"),
    ("Темно на улице, нет освещения", "Освещение", "Горсвет", "2"),
    ("Фонари не работают неделю", "Освещение", "Горсвет", "2"),
    ("Уличное освещение отключено", "Освещение", "Горсвет", "2"),
    ("Мусор не вывозят", "Мусор", "ЖКХ", "3"),
    ("Свалка во дворе", "Мусор", "ЖКХ", "3"),
    ("Контейнеры переполнены мусором", "Мусор", "ЖКХ", "3"),
    ("Мусорка не убирается неделями", "Мусор", "ЖКХ", "3"),
]


@pytest.fixture()
def data(tmp_path):
    path = tmp_path / "history.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "category", "department", "category_group"])
        w.writerows(ROWS * 2)
    return path


def test_train_evaluate_round_trip(data, tmp_path, capsys) -> None:
    out = tmp_path / "model"
    assert main(["train", "--data", str(data), "--out", str(out), "--folds", "3"]) == 0
    card = json.loads((out / "card.json").read_text())
    assert set(card["heads"]) == {"category", "department", "category_group"}
    head = card["heads"]["category"]
    assert head["classes"] == ["Дороги", "Мусор", "Освещение"]
    assert len(head["data_sha256"]) == 64 and head["cross_validation"]["accuracy"] > 0.5
    capsys.readouterr()
    assert main(["evaluate", "--model", str(out), "--data", str(data)]) == 0
    report = json.loads(capsys.readouterr().out)
    for name in ("category", "department", "category_group"):
        assert set(report[name]) >= {
            "accuracy",
            "macro_f1",
            "top3",
            "coverage",
            "accuracy_when_confident",
        }
        assert report[name]["accuracy"] > 0.8
    result = Pipeline.load(out).process("На дороге глубокая яма")
    assert result.category[0][0] == "Дороги" and len(result.category) == 3


def test_bench_prints_the_figures(tmp_path, capsys) -> None:
    assert main(["bench", "--n", "50"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"messages_per_second", "p50_ms", "p95_ms", "peak_rss_mb", "load_seconds"} <= set(report)


@pytest.mark.shared_data
def test_kursk_file_reads_with_explicit_columns(shared_data) -> None:
    from otklik.triage.trainer import read_rows

    rows = read_rows(
        shared_data / "kursk-appeals" / "train.csv", True, "id,text,topic,executor,topic_group"
    )
    assert len(rows) == 2000
    assert {"text", "category", "department", "category_group"} <= set(rows[0])


def test_toxicity_head_does_not_replace_the_actionable_head(tmp_path) -> None:
    path = tmp_path / "flags.csv"
    rows = [(text, "1", "0") for text, *_ in ROWS] + [
        (t, "0", "0") for t in ("Спасибо!", "Красота", "Благодарю за работу", "Ура, праздник")
    ] * 3
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "actionable", "toxicity"])
        w.writerows(rows * 2)
    out = tmp_path / "model"
    args = ["train", "--data", str(path), "--out", str(out), "--folds", "2"]
    assert main([*args, "--task", "actionable", "--task", "toxicity"]) == 0
    result = Pipeline.load(out).process("Огромная яма на проезжей части у дома")
    assert result.actionable > 0.5


def test_threshold_has_a_floor_on_an_easy_corpus() -> None:
    import numpy as np

    from otklik.triage.trainer import pick_threshold

    y = np.zeros(100, dtype=int)
    proba = np.full((100, 20), 0.04)
    proba[:, 0] = 0.24  # always right, never sure
    assert pick_threshold(y, proba, 0.85) == 0.95  # nothing clears the floor: no auto-route
    proba[:50, 0], proba[:50, 1:] = 0.81, 0.01
    assert abs(pick_threshold(y, proba, 0.85) - 0.5) < 1e-9


def _drifted(tmp_path, with_weights: bool):
    """The same complaints went to the roads desk for years, then to the district office."""
    path = tmp_path / f"drift-{with_weights}.csv"
    texts = [
        "Яма на дороге во дворе дома {}",
        "Разбитый асфальт у подъезда дома {}",
        "Провал дорожного покрытия возле дома {}",
    ]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "department", "weight"] if with_weights else ["text", "department"])
        for i in range(30):  # old decisions
            row = [texts[i % 3].format(i), "dorogi"]
            w.writerow([*row, "0.1"] if with_weights else row)
        for i in range(12):  # recent ones
            row = [texts[i % 3].format(100 + i), "uprava"]
            w.writerow([*row, "1"] if with_weights else row)
        for i in range(15):  # another topic keeps both classes apart
            row = [f"Не горит фонарь у дома {i}", "svet"]
            w.writerow([*row, "1"] if with_weights else row)
    return path


@pytest.mark.parametrize(("with_weights", "expected"), [(False, "dorogi"), (True, "uprava")])
def test_row_weights_let_recent_decisions_win(tmp_path, capsys, with_weights, expected) -> None:
    from otklik.triage.pipeline import Pipeline

    out = tmp_path / f"model-{with_weights}"
    data = _drifted(tmp_path, with_weights)
    assert main(["train", "--data", str(data), "--out", str(out), "--task", "department"]) == 0
    result = Pipeline.load(out).process("Яма на дороге у дома 7")
    assert result.department[0][0] == expected


@pytest.mark.parametrize(
    ("value", "weight"), [("0.25", 0.25), ("", 1.0), ("abc", 1.0), ("-3", 1.0), ("nan", 1.0)]
)
def test_row_weights_read_only_positive_numbers(value, weight) -> None:
    from otklik.triage.trainer import row_weights

    assert row_weights([{"text": "x", "weight": value}])[0] == weight
    assert row_weights([{"text": "x"}]) is None
