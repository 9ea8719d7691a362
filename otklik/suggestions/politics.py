"""The politics head across retrainings: carried over from the active version, or trained anew.

The head is trained on a sensitive-topics set (`otklik triage train --task politics`, see the
triage README), not on the press service's decisions, so a retraining has nothing of its own to
learn it from: the new version gets the active version's head unchanged, or, given a file
(`otklik retrain --politics-data FILE`), a head trained anew on it. The set's licence forbids
shipping the head: it only moves between the user's own versions.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from otklik.suggestions.models import ModelVersion
from otklik.triage import trainer

HEAD = "politics"
FILES = (f"{HEAD}.npz", f"{HEAD}.json")


def has_head(model_dir: Path) -> bool:
    """Whether a model directory holds a politics head the pipeline loads (its card names it)."""
    card = model_dir / "card.json"
    if not card.exists() or not all((model_dir / name).exists() for name in FILES):
        return False
    return HEAD in json.loads(card.read_text(encoding="utf-8")).get("heads", {})


@dataclass
class PoliticsPlan:
    """Where a new version's politics head comes from: a labelled file's rows, the active
    version's directory, or nowhere (the lexicon alone flags politics)."""

    rows: list[dict[str, str]] = field(default_factory=list)
    data: str = ""  # the file the rows came from
    fingerprint: str = ""
    source: ModelVersion | None = None

    @property
    def how(self) -> str | None:
        """'trained', 'carried' or None: for the command's JSON output."""
        return "trained" if self.rows else "carried" if self.source else None

    def apply(self, out: Path, featurizer: trainer.Featurizer) -> None:
        """Put the head into the new version's directory `out` (its heads are trained)."""
        if self.rows:
            trainer.train(
                trainer.TASKS[HEAD],
                self.rows,
                out,
                featurizer=featurizer,
                data_fingerprint=self.fingerprint,
            )
        elif self.source is not None:
            carry(Path(self.source.path), out, self.source.version)

    def describe(self) -> str:
        """One Russian sentence for the person who ran the retraining."""
        if self.rows:
            return f"Голова «политика» обучена заново на {self.data} ({len(self.rows)} строк)."
        if self.source is not None:
            return (
                f"Голова «политика» перенесена из версии {self.source.version} без изменений: "
                "она обучена на наборе чувствительных тем, а не на решениях пресс-службы. "
                "Обучить её заново: --politics-data ФАЙЛ."
            )
        return (
            "Головы «политика» в активной версии нет: политику по-прежнему отмечает словарь "
            "(обучить голову: --politics-data ФАЙЛ)."
        )


def plan(current: ModelVersion | None, data: Path | None = None) -> PoliticsPlan:
    """The plan for a retraining: the file's rows when given (checked before any training
    starts), else the active version's head when it has one, else none."""
    if data is not None:
        return PoliticsPlan(rows=read(data), data=str(data), fingerprint=trainer.fingerprint(data))
    if current is not None and has_head(Path(current.path)):
        return PoliticsPlan(source=current)
    return PoliticsPlan()


def read(path: Path) -> list[dict[str, str]]:
    """A politics training file (`scripts/sensitive_split.py` writes one: text,politics,weight)."""
    if not path.is_file():
        raise ValueError(f"Файл {path} не найден")
    rows = trainer.read_rows(path)
    label = trainer.TASKS[HEAD].label
    if not rows or "text" not in rows[0] or label not in rows[0]:
        raise ValueError(f"В файле {path} нужны столбцы text и {label} (0 или 1)")
    values = {(r.get(label) or "").strip() for r in rows} - {""}
    if not values <= {"0", "1"} or len(values) < 2:
        raise ValueError(f"В столбце {label} файла {path} нужны метки 0 и 1")
    return rows


def carry(source: Path, out: Path, version: str) -> dict[str, Any]:
    """Copy the head's files and its card entry (data, date, figures as trained) into `out`."""
    for name in FILES:
        shutil.copy2(source / name, out / name)
    entry = json.loads((source / "card.json").read_text(encoding="utf-8"))["heads"][HEAD]
    entry = {**entry, "carried_from": version}
    card_path = out / "card.json"
    card = json.loads(card_path.read_text(encoding="utf-8"))
    card["heads"][HEAD] = entry
    card_path.write_text(json.dumps(card, ensure_ascii=False, indent=1), encoding="utf-8")
    return entry
