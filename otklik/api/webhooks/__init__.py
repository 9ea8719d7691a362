"""Outgoing webhooks: subscriptions, the delivery queue, signing, the worker and the admin pages."""
