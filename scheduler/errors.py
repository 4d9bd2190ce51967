"""One small exception tree. Everything a person can fix carries messages, never a traceback.

    SchedulerError
     ├── InputError          bad or contradictory input (file, row, column, what to do)
     │    ├── PinConflict    a locked duty breaks a hard rule
     │    └── InputsChanged  `verify`: the inputs are not those the rota was made from
     └── SolverError         the solver failed in a way the input does not explain
"""

from __future__ import annotations

from scheduler.io.types import Message

__all__ = ["SchedulerError", "InputError", "PinConflict", "InputsChanged", "SolverError"]


class SchedulerError(Exception):
    """Base of every error this package raises on purpose."""


class InputError(SchedulerError):
    """Input that cannot be used as it is; `messages` say where and how to fix it."""

    def __init__(self, messages: list[Message] | Message):
        self.messages = [messages] if isinstance(messages, Message) else list(messages)
        super().__init__("; ".join(m.render("en") for m in self.messages))


class PinConflict(InputError):
    """A locked duty that cannot be kept without breaking a hard rule."""


class InputsChanged(InputError):
    """The files given to `verify` differ from those the rota was made from (their SHA-256 in
    summary.json): checking the rota against them would judge it by other rules or rosters."""


class SolverError(SchedulerError):
    """CP-SAT reported MODEL_INVALID or another status the input cannot explain."""
