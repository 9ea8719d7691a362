"""What happened to a planned post, for the apps above plan (api) to hear.

Sent by otklik.plan.actions inside its own transaction; receivers are connected in the
listening apps' `AppConfig.ready()`. The sender is `Post`.

- `post_published(post_id)`: every channel of the post published it.
"""

from __future__ import annotations

from django.dispatch import Signal

post_published = Signal()
