"""Shared set-up for the webhook tests: subscriptions to a LocalServer, an incident to move."""

from __future__ import annotations

from django.test import override_settings

from otklik.answers.tests.helpers import AnswerTestCase
from otklik.api.webhooks import actions
from otklik.api.webhooks.models import WebhookSubscription
from otklik.incidents.actions import create_incident
from otklik.incidents.models import Incident


@override_settings(WEBHOOKS_ALLOW_PRIVATE=True)
class WebhookTestCase(AnswerTestCase):
    def subscribe(
        self, url: str, *events: str, active: bool = True
    ) -> tuple[WebhookSubscription, str]:
        subscription, secret = actions.create_subscription(
            self.admin, url, events or ["incident.status_changed"]
        )
        if not active:
            actions.deactivate(self.admin, subscription)
        return subscription, secret

    def new_incident(self) -> Incident:
        return create_incident(self.moderator, [self.message()], category=self.category)
