"""The `data` of each event: ids, numbers, statuses, category, department, territory and links.

No personal data: no resident's name, text, address or contacts, and no staff names; the
incident's title is left out too, as it is cut from a resident's message.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Model
from django.urls import reverse

from otklik.answers.models import Answer
from otklik.incidents.models import Event, Incident
from otklik.meetings.models import Instruction, InstructionEvent
from otklik.plan.models import Post

Data = dict[str, Any]


def link(name: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[pk])


def _ref(row: Model | None) -> Data | None:
    if row is None:
        return None
    return {"code": getattr(row, "code", ""), "name": getattr(row, "name", str(row))}


def _when(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def incident(item: Incident) -> Data:
    return {
        "id": item.pk,
        "status": item.status,
        "status_label": item.get_status_display(),
        "resolution": item.resolution,
        "priority": item.priority,
        "category": _ref(item.category),
        "department": _ref(item.department),
        "territory": _ref(item.territory),
        "is_formal_appeal": item.is_formal_appeal,
        "created_at": _when(item.created_at),
        "first_reply_due": _when(item.first_reply_due),
        "final_answer_due": _when(item.final_answer_due),
        "closed_at": _when(item.closed_at),
        "url": link("incident-detail", item.pk),
    }


def incident_created(item: Incident) -> Data:
    return {"incident": incident(item)}


def status_changed(item: Incident, event: Event) -> Data:
    return {
        "incident": incident(item),
        "before": event.data.get("before", ""),
        "after": event.data.get("after", item.status),
        "changed_at": _when(event.created_at),
    }


def answer_published(answer: Answer) -> Data:
    return {
        "answer": {
            "id": answer.pk,
            "kind": answer.kind,
            "kind_label": answer.get_kind_display(),
            "links": [p.url for p in answer.publications.all() if p.url],
        },
        "incident": incident(answer.incident),
    }


def instruction_done(item: Instruction, event: InstructionEvent) -> Data:
    return {
        "instruction": {
            "id": item.pk,
            "number": item.number,
            "state": item.state,
            "department": _ref(item.department),
            "deadline": _when(item.deadline),
            "done_at": _when(item.done_at or event.created_at),
            "incidents": list(item.incidents.order_by("pk").values_list("pk", flat=True)),
            "url": link("instruction-detail", item.pk),
        }
    }


def post_published(post_id: int) -> Data:
    post = Post.objects.select_related("campaign").get(pk=post_id)
    return {
        "post": {
            "id": post.pk,
            "state": post.state,
            "campaign": post.campaign.slug if post.campaign else None,
            "publish_at": _when(post.publish_at),
            "links": [c.url for c in post.channels.all() if c.url],
            "url": link("plan-post", post.pk),
        }
    }
