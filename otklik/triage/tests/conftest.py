from __future__ import annotations

from pathlib import Path

import pytest

from otklik.triage.lemmas import Lemmatizer

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"


@pytest.fixture(scope="session")
def lemmatizer() -> Lemmatizer:
    return Lemmatizer()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED
