"""A retrained version keeps the politics head: carried over from the active version (it is
learnt from a sensitive-topics set, not from the decisions), or trained anew from a file."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from otklik.suggestions.actions import activate_version
from otklik.suggestions.models import ModelVersion
from otklik.suggestions.politics import PoliticsPlan, read
from otklik.suggestions.tests import test_suggestions
from otklik.suggestions.training import retrain, train_version
from otklik.testing.base import BaseTestCase
from otklik.triage.pipeline import Pipeline
from otklik.triage.sensitive import PoliticsStep

POLITICAL = [
    "Депутаты Госдумы опять приняли закон против народа",
    "Путин и Кремль решают всё за нас, выборы ничего не значат",
    "Митинг оппозиции разогнали, партия власти довольна",
    "Санкции и НАТО, президент снова выступил про Запад",
]
MUNICIPAL = [
    "Во дворе на Ленина не вывозят мусор вторую неделю",
    "Когда отремонтируют детскую площадку у школы",
    "В подъезде не горит свет, лампочки перегорели",
    "Автобус номер пять не ходит по расписанию",
]


def politics_rows() -> list[dict[str, str]]:
    return [
        {"text": f"{texts[n % 4]} {n}", "politics": label}
        for n in range(16)
        for texts, label in ((POLITICAL, "1"), (MUNICIPAL, "0"))
    ]


def write_corpus(path: Path) -> None:
    """The decisions' rows as a labelled JSONL corpus (the demo's format) for --corpus."""
    lines = [
        {
            "external_id": r["key"],
            "text": r["text"],
            "category": r.get("category", ""),
            "category_group": r.get("category_group", ""),
            "department": r.get("department", ""),
            "is_actionable": r["actionable"] == "1",
        }
        for r in test_suggestions.corpus()
    ]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")


def head_entry(version: ModelVersion) -> dict | None:
    card = json.loads((Path(version.path) / "card.json").read_text(encoding="utf-8"))
    return card["heads"].get("politics")


class RetrainPoliticsTests(BaseTestCase):
    def setUp(self) -> None:
        """Model directories of their own: a version's directory is named by the second and
        the rows, so two tests in the same second would share one."""
        folder = tempfile.mkdtemp(prefix="otklik-models-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        self.enterContext(override_settings(DATA_DIR=Path(folder)))

    def active(self, politics: bool) -> ModelVersion:
        """The active version, trained on other rows than the retraining's (another name)."""
        rows = test_suggestions.corpus()[1:]
        plan = PoliticsPlan(rows=politics_rows(), data="тест") if politics else None
        version = train_version(rows, note="активная", politics=plan)
        activate_version(version)
        return version

    def test_a_version_with_the_head_passes_it_on_unchanged(self) -> None:
        old = self.active(politics=True)
        result = retrain(test_suggestions.corpus(), note="переобучение")
        new = ModelVersion.objects.get(version=result["version"])
        self.assertNotEqual(new.path, old.path)
        self.assertEqual(result["politics"], "carried")
        self.assertIn(old.version, result["politics_note"])
        for name in ("politics.npz", "politics.json"):
            self.assertEqual(
                (Path(new.path) / name).read_bytes(), (Path(old.path) / name).read_bytes()
            )
        entry = head_entry(new)
        assert entry is not None
        self.assertEqual(entry["carried_from"], old.version)
        self.assertEqual(entry["threshold"], head_entry(old)["threshold"])  # type: ignore[index]
        self.assertIn("politics", new.card["heads"])
        steps = Pipeline.load(new.path).steps
        self.assertTrue(any(isinstance(step, PoliticsStep) for step in steps))

    def test_a_version_without_the_head_gets_none(self) -> None:
        self.active(politics=False)
        result = retrain(test_suggestions.corpus(), note="переобучение")
        new = ModelVersion.objects.get(version=result["version"])
        self.assertIsNone(result["politics"])
        self.assertIsNone(head_entry(new))
        self.assertFalse((Path(new.path) / "politics.npz").exists())
        steps = Pipeline.load(new.path).steps
        self.assertFalse(any(isinstance(step, PoliticsStep) for step in steps))

    def test_the_command_trains_it_anew_from_a_file(self) -> None:
        self.active(politics=False)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "politics.csv"
            with path.open("w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=["text", "politics"])
                writer.writeheader()
                writer.writerows(politics_rows())
            decisions = Path(tmp) / "corpus.jsonl"
            write_corpus(decisions)
            out, err = io.StringIO(), io.StringIO()
            call_command("retrain", corpus=decisions, politics_data=path, stdout=out, stderr=err)
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        result = json.loads(out.getvalue())
        self.assertEqual(result["politics"], "trained")
        self.assertIn("обучена заново", err.getvalue())
        entry = head_entry(ModelVersion.objects.get(version=result["version"]))
        assert entry is not None
        self.assertEqual(entry["data_sha256"], sha)
        self.assertNotIn("carried_from", entry)

    def test_a_file_without_the_column_is_refused_before_training(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bad.csv"
            path.write_text("text,label\nПутин,1\n", encoding="utf-8")
            with self.assertRaisesMessage(ValueError, "нужны столбцы text и politics"):
                read(path)
            with self.assertRaisesMessage(CommandError, "нужны столбцы text и politics"):
                call_command("retrain", politics_data=path, stdout=io.StringIO())
        self.assertFalse(ModelVersion.objects.exists())
