"""The triage pipeline, loaded once per process for the active model version."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from django.conf import settings

from otklik.suggestions.models import ModelVersion
from otklik.triage.pipeline import Pipeline

log = logging.getLogger(__name__)

_lock = threading.Lock()
_loaded: dict[str, Pipeline] = {}


def active_version() -> ModelVersion | None:
    return ModelVersion.objects.filter(is_active=True).order_by("-created_at").first()


def pipeline_for(version: ModelVersion | None) -> Pipeline:
    """The pipeline of a model version (rules only when there is none); loaded once."""
    key = version.version if version else "rules-only"
    with _lock:
        if key not in _loaded:
            model_dir = Path(version.path) if version and Path(version.path).exists() else None
            if version and model_dir is None:
                log.warning("model directory %s is missing; using rules only", version.path)
            _loaded.clear()
            _loaded[key] = Pipeline.load(model_dir, settings.CITY.raw)
        return _loaded[key]


def models_dir() -> Path:
    path = Path(settings.DATA_DIR) / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path
