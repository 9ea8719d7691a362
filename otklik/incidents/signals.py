"""What happened to an incident, for the apps above incidents (notify, suggestions) to hear.

incidents.actions sends these inside its own transaction, synchronously, at the moment it used to
call those apps directly; the receivers are connected in the listening apps' `AppConfig.ready()`.
A receiver that raises rolls the action back, as the direct call did. Every signal's sender is
`Incident`.

- `incident_assigned(incident)`: routed to a department or an executor; its ASSIGNED Event is
  recorded.
- `incident_reopened(incident, event, reason)`: the resident says the problem is not solved; the
  STATUS_CHANGED Event is `event`.
- `incident_decided(actor, incident)`: a person set the incident's category, department,
  territory or priority (created, assigned or corrected it).
- `incident_created(incident)`: a new incident, sent once it is registered (and assigned, when it
  has a department).
- `incident_status_changed(incident, event)`: any status change (by a person, an answer's
  progress, a merge, the resident reopening it); `event` is its STATUS_CHANGED Event.
"""

from __future__ import annotations

from django.dispatch import Signal

incident_assigned = Signal()
incident_reopened = Signal()
incident_decided = Signal()
incident_created = Signal()
incident_status_changed = Signal()
