"""The webhooks listen to the apps below (their signals.py); connected in ApiConfig.ready().

Each receiver only queues (otklik.api.webhooks.actions.enqueue): one INSERT per subscribed
subscription, inside the sender's transaction, no HTTP. The event ids are stable, so a signal
sent twice for the same thing queues it once.
"""

from __future__ import annotations

from typing import Any

from otklik.answers.models import Answer
from otklik.answers.signals import answer_published
from otklik.api.webhooks import payloads
from otklik.api.webhooks.actions import enqueue
from otklik.api.webhooks.events import WebhookEvent
from otklik.incidents.models import Event, Incident
from otklik.incidents.signals import incident_created, incident_status_changed
from otklik.meetings.models import Instruction, InstructionEvent
from otklik.meetings.signals import instruction_done
from otklik.plan.models import Post
from otklik.plan.signals import post_published


def created(sender: type[Incident], incident: Incident, **kwargs: Any) -> None:
    enqueue(
        WebhookEvent.INCIDENT_CREATED,
        f"incident.created:{incident.pk}",
        lambda: payloads.incident_created(incident),
    )


def status_changed(sender: type[Incident], incident: Incident, event: Event, **kwargs: Any) -> None:
    enqueue(
        WebhookEvent.INCIDENT_STATUS_CHANGED,
        f"incident.status_changed:{event.pk}",
        lambda: payloads.status_changed(incident, event),
    )


def published(sender: type[Answer], answer: Answer, **kwargs: Any) -> None:
    enqueue(
        WebhookEvent.ANSWER_PUBLISHED,
        f"answer.published:{answer.pk}",
        lambda: payloads.answer_published(answer),
    )


def done(
    sender: type[Instruction], instruction: Instruction, event: InstructionEvent, **kwargs: Any
) -> None:
    enqueue(
        WebhookEvent.INSTRUCTION_DONE,
        f"instruction.done:{instruction.pk}",
        lambda: payloads.instruction_done(instruction, event),
    )


def post_out(sender: type[Post], post_id: int, **kwargs: Any) -> None:
    enqueue(
        WebhookEvent.POST_PUBLISHED,
        f"post.published:{post_id}",
        lambda: payloads.post_published(post_id),
    )


def connect() -> None:
    uid = "api.webhooks."
    incident_created.connect(created, sender=Incident, dispatch_uid=uid + "created")
    incident_status_changed.connect(status_changed, sender=Incident, dispatch_uid=uid + "status")
    answer_published.connect(published, sender=Answer, dispatch_uid=uid + "answer")
    instruction_done.connect(done, sender=Instruction, dispatch_uid=uid + "instruction")
    post_published.connect(post_out, sender=Post, dispatch_uid=uid + "post")
