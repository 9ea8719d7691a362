"""A head refined by another head's labels spread over its own by counts (topic → executor)."""

import json

import numpy as np
import pytest

from otklik.triage.cli import main
from otklik.triage.features import Recipe
from otklik.triage.heads import Head
from otklik.triage.pipeline import Pipeline
from otklik.triage.tests.test_train import data  # noqa: F401  (the fixture)
from otklik.triage.trainer import TASKS, member_counts, refine_out_of_fold


def _head(name: str, classes: list[str], **kw) -> Head:
    n = len(classes)
    return Head(
        name=name,
        recipe=Recipe(),
        classes=classes,
        used=np.zeros(0, dtype=np.int64),
        idf=np.zeros(0, dtype=np.float32),
        coef=np.zeros((0, n), dtype=np.float32),
        intercept=np.zeros(n, dtype=np.float32),
        **kw,
    )


TOPIC = _head("category", ["ямы", "свет"])


@pytest.mark.parametrize(
    ("members", "smoothing", "topic_p", "expected"),
    [
        # hard membership (topic → group) as before: the group of the likely topic wins
        ({"ямы": "Дорком", "свет": "Горсвет"}, 0.0, [0.9, 0.1], "Дорком"),
        # counts: «свет» went to Горсвет 3 times of 4, so a sure «свет» tips a near tie
        (
            {"ямы": {"Дорком": 5.0}, "свет": {"Горсвет": 3.0, "Дорком": 1.0}},
            1.0,
            [0.0, 1.0],
            "Горсвет",
        ),
        # a topic never routed anywhere spreads evenly: the head's own lean stays
        ({"ямы": {"Дорком": 5.0}, "свет": {}}, 1.0, [0.0, 1.0], "Дорком"),
    ],
)
def test_combine_with_member_counts(members, smoothing, topic_p, expected) -> None:
    dept = _head(
        "department",
        ["Горсвет", "Дорком"],
        member_head="category",
        members=members,
        member_weight=1.0,
        member_smoothing=smoothing,
    )
    p = dept.combine(np.array([[0.48, 0.52]]), TOPIC, np.array([topic_p]))
    assert np.isclose(p.sum(), 1.0)
    assert dept.classes[int(p.argmax())] == expected


def test_member_counts_count_rows() -> None:
    rows = [
        {"category": "ямы", "department": "Дорком"},
        {"category": "ямы", "department": "Дорком"},
        {"category": "ямы", "department": "Горсвет"},
        {"category": "", "department": "Горсвет"},
    ]
    assert member_counts(rows, "category", "department") == {"ямы": {"Дорком": 2.0, "Горсвет": 1.0}}


def test_out_of_fold_refinement_never_sees_the_rows_own_label() -> None:
    """Each topic once, each to its own desk: with its own row left out, a topic says nothing,
    so the refined out-of-fold answer is the head's own (all to Горсвет here)."""
    n = 10
    topics = [f"t{i}" for i in range(n)]
    desks = [f"d{i}" for i in range(n)]
    rows = [{"category": t, "department": d} for t, d in zip(topics, desks, strict=True)]
    task = TASKS["department"]
    dept = _head("department", sorted(desks), member_head="category", member_weight=5.0)
    dept.members, dept.member_smoothing = member_counts(rows, "category", "department"), 1.0
    child = _head("category", sorted(topics))
    y = np.array([sorted(desks).index(d) for d in desks])
    own = np.full((n, n), 0.09)
    own[:, 0] = 0.19  # the head leans to d0 everywhere
    child_p = np.eye(n)[[sorted(topics).index(t) for t in topics]]
    oof = refine_out_of_fold(task, dept, rows, y, own, (child, child_p), 5)
    assert (oof.argmax(1) == 0).all()
    # with the rows' own counts (in-sample) the topic would give every answer away
    assert (dept.combine(own, child, child_p).argmax(1) == y).all()


def test_trained_executor_head_keeps_its_topics_counts(data, tmp_path, capsys) -> None:  # noqa: F811
    out = tmp_path / "model"
    assert main(["train", "--data", str(data), "--out", str(out), "--folds", "3"]) == 0
    meta = json.loads((out / "department.json").read_text())
    assert meta["member_head"] == "category" and meta["member_weight"] == 0.25
    assert meta["members"]["Освещение"] == {"Горсвет": 8.0}  # 4 rows, each twice
    assert meta["member_smoothing"] == 1.0
    card = json.loads((out / "card.json").read_text())
    assert "cross_validation_alone" in card["heads"]["department"]
    result = Pipeline.load(out).process("Не горит фонарь у подъезда")
    assert result.department[0][0] == "Горсвет"
