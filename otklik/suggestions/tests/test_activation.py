"""One writer switches the active model: the administrator's activate and retraining both go
through actions.activate_version."""

from __future__ import annotations

from typing import Any
from unittest import mock

from otklik.suggestions import actions, training
from otklik.suggestions.models import ModelVersion
from otklik.testing.base import BaseTestCase


def version(name: str, accuracy: float, active: bool = False) -> ModelVersion:
    holdout = {"category": {"accuracy": accuracy}, "department": {"accuracy": accuracy}}
    return ModelVersion.objects.create(
        version=name, path="/nonexistent", holdout=holdout, is_active=active
    )


class ActivationTests(BaseTestCase):
    def retrain_into(self, fresh: ModelVersion) -> tuple[dict[str, Any], mock.MagicMock]:
        """retrain with the training itself replaced by `fresh`; spy on the one writer."""
        spy = mock.MagicMock(wraps=actions.activate_version)
        with (
            mock.patch.object(training, "train_version", return_value=fresh),
            mock.patch.object(training, "activate_version", spy),
        ):
            result = training.retrain(note="тест")
        return result, spy

    def test_activate_version_leaves_one_active(self) -> None:
        old, new = version("old", 0.9, active=True), version("new", 0.9)
        actions.activate_version(new)
        self.assertEqual(list(ModelVersion.objects.filter(is_active=True)), [new])
        actions.activate_version(old)
        self.assertEqual(list(ModelVersion.objects.filter(is_active=True)), [old])

    def test_retraining_activates_through_the_action(self) -> None:
        old = version("old", 0.80, active=True)
        fresh = version("fresh", 0.85)
        result, spy = self.retrain_into(fresh)
        spy.assert_called_once_with(fresh)
        self.assertTrue(result["activated"])
        self.assertEqual(list(ModelVersion.objects.filter(is_active=True)), [fresh])
        old.refresh_from_db()
        self.assertFalse(old.is_active)

    def test_a_worse_version_is_kept_inactive(self) -> None:
        old = version("old", 0.90, active=True)
        result, spy = self.retrain_into(version("worse", 0.50))
        spy.assert_not_called()
        self.assertFalse(result["activated"])
        self.assertEqual(list(ModelVersion.objects.filter(is_active=True)), [old])

    def test_the_administrators_switch_uses_the_same_writer(self) -> None:
        other = version("other", 0.5)
        with mock.patch.object(actions, "activate_version", wraps=actions.activate_version) as spy:
            actions.activate(self.admin, other)
        spy.assert_called_once_with(other)
        self.assertEqual(list(ModelVersion.objects.filter(is_active=True)), [other])
