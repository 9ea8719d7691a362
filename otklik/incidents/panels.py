"""Panels that the apps above incidents add to the incident card (e.g. answers' «Ответ»).

Incidents cannot import those apps, so they register here, in their `AppConfig.ready()`::

    panels.register("answers/_panel.html", answer_panel_context)

`build(user, incident)` returns the panel template's context (available there as `panel`), or
None to leave the panel out. The card shows the panels in the order they were registered, where
the answer panel used to be included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from otklik.accounts.models import User
from otklik.incidents.models import Incident

Builder = Callable[[User, Incident], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    template: str
    build: Builder


_panels: dict[str, Panel] = {}


def register(template: str, build: Builder) -> None:
    """Add a panel (idempotent: registering a template again replaces its builder)."""
    _panels[template] = Panel(template=template, build=build)


def unregister(template: str) -> None:
    _panels.pop(template, None)


def card_panels(user: User, incident: Incident) -> list[dict[str, Any]]:
    """[{"template", "context"}] of the panels that have something to show."""
    shown = []
    for panel in _panels.values():
        context = panel.build(user, incident)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
