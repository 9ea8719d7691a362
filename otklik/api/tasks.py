"""The API's periodic task: outgoing webhooks, sent with the staff notifications."""

from otklik import periodic
from otklik.api.webhooks.delivery import deliver_webhooks

periodic.register(deliver_webhooks, stage=periodic.NOTIFY)
