"""One small exception tree. Everything a person can fix carries messages, never a traceback.

    SchedulerError
     ├── InputError          bad or contradictory input (file, row, column, what to do)
     │    ├── PinConflict    a locked duty breaks a hard rule
     │    └── InputsChanged  `verify`: the inputs are not those the rota was made from
     └── SolverError         the solver failed in a way the input does not explain
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Severity", "Message", "SchedulerError", "InputError", "PinConflict", "InputsChanged", "SolverError"]


class Severity(StrEnum):
    ERROR = "error"  # the row (or file) could not be used
    WARNING = "warning"  # used, but perhaps not as meant
    INFO = "info"


class Message(BaseModel):
    """A message for a person: where (file, row, column), what is wrong, and what would fix it."""

    model_config = ConfigDict(frozen=True)

    severity: Severity
    file: str = ""
    row: int | None = Field(default=None, description="1-based line in the file (or sheet row)")
    column: str | None = None
    text_no: str
    text_en: str
    fix_no: str = ""
    fix_en: str = ""
    raw: str = Field(default="", description="the text that could not be read, kept so nothing is lost")

    def where(self, lang: str = "no") -> str:
        parts = [self.file] if self.file else []
        if self.row is not None:
            parts.append(f"{'rad' if lang == 'no' else 'row'} {self.row}")
        if self.column:
            parts.append(f"{'kolonne' if lang == 'no' else 'column'} «{self.column}»")
        return ", ".join(parts)

    def render(self, lang: str = "no") -> str:
        text, fix = (self.text_no, self.fix_no) if lang == "no" else (self.text_en, self.fix_en)
        where = self.where(lang)
        out = f"{where}: {text}" if where else text
        if self.raw:
            out += f" [{self.raw}]"
        if fix:
            out += f" — {fix}"
        return out


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


class Stopped(SchedulerError):
    """The stop was pressed (the app's button, Ctrl-C) while the model was built, before any rota
    existed: there is nothing to keep, and the caller says so (issue 25: a stop within 2 s)."""


class SolverError(SchedulerError):
    """CP-SAT reported MODEL_INVALID or another status the input cannot explain."""
