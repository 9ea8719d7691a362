"""What happened to messages, for the apps above the inbox (suggestions) to hear.

inbox.actions sends these synchronously, where it used to call those apps; the receivers are
connected in the listening apps' `AppConfig.ready()`. Every signal's sender is `Message`.

- `messages_dismissed(actor, messages)`: a person marked these messages as needing no reaction;
  sent before their status changes (the list is every message chosen, as the caller gave it).
"""

from __future__ import annotations

from django.dispatch import Signal

messages_dismissed = Signal()
