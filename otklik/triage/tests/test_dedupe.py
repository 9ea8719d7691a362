import pytest

from otklik.triage.pipeline import Pipeline

BASE = "Во дворе дома на Советской 22 третью неделю не вывозят мусор, контейнеры переполнены"


@pytest.fixture()
def pipe(lemmatizer) -> Pipeline:
    city = {"streets": [{"name": "улица Советская"}, {"name": "улица Ленина"}]}
    return Pipeline.load(None, city, lemmatizer=lemmatizer)


@pytest.mark.parametrize(
    ("second", "meta", "same"),
    [
        (BASE, {}, True),  # copy-paste
        ("Репост: " + BASE + "!!!", {}, True),
        (BASE.replace("третью", "вторую"), {}, True),
        ("На Ленина 5 не горит фонарь у подъезда, темно вечером", {}, False),
        ("Отсутствие люка", {}, False),  # short texts are never grouped without a place
        (BASE, {"created_at": "2025-03-20T10:00:00+00:00"}, False),  # outside the window
    ],
)
def test_same_problem(pipe, second, meta, same) -> None:
    pipe.process(BASE, {"id": 1, "created_at": "2025-03-01T10:00:00+00:00"})
    result = pipe.process(second, {"id": 2, "created_at": "2025-03-01T12:00:00+00:00", **meta})
    assert (result.same_as is not None and result.same_as["id"] == 1) is same


def test_short_texts_group_only_at_the_same_address(pipe) -> None:
    pipe.process("Отсутствие люка", {"id": 1})
    assert pipe.process("Отсутствие люка", {"id": 2}).same_as is None
