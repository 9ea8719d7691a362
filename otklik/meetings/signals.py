"""What happened to an instruction, for the apps above meetings (api) to hear.

Sent by otklik.meetings.actions inside its own transaction; receivers are connected in the
listening apps' `AppConfig.ready()`. The sender is `Instruction`.

- `instruction_done(instruction, event)`: the instruction is completed; `event` is its DONE
  InstructionEvent.
"""

from __future__ import annotations

from django.dispatch import Signal

instruction_done = Signal()
