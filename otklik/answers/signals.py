"""What happened to an answer, for the apps above answers (api) to hear.

Sent by otklik.answers.actions inside its own transaction; receivers are connected in the
listening apps' `AppConfig.ready()`. The sender is `Answer`.

- `answer_published(answer)`: the answer is out in every thread it was meant for (by the worker
  or marked published by hand); sent once, when the last publication is recorded sent.
"""

from __future__ import annotations

from django.dispatch import Signal

answer_published = Signal()
