"""Peer-support (kollegastøtte) duty planning from ward rosters (turnus).

Data flows one way: files → :mod:`scheduler.io` → :class:`Instance` → :mod:`scheduler.solve.planner`
→ rota → :mod:`scheduler.check` / :mod:`scheduler.report` → files or pages.

The public names below are imported lazily, so that `import scheduler.check.report` (the independent
checker) does not load the optimiser.
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "Employee": "scheduler.domain",
    "Instance": "scheduler.domain",
    "Pin": "scheduler.domain",
    "Rules": "scheduler.domain",
    "ShiftCode": "scheduler.domain",
    "ShiftKind": "scheduler.domain",
    "Slot": "scheduler.domain",
    "SlotDef": "scheduler.domain",
    "SlotKind": "scheduler.domain",
    "SolverSettings": "scheduler.domain",
    "Supporter": "scheduler.domain",
    "Ward": "scheduler.domain",
    "load_inputs": "scheduler.io",
    "load_paths": "scheduler.io",
    "build_instance": "scheduler.model.demand",
    "solve": "scheduler.solve.planner",
    "SolveControl": "scheduler.solve.results",
    "SolveProgress": "scheduler.solve.results",
    "Plan": "scheduler.solve.plan",
    "make_plan": "scheduler.solve.plan",
    "write_plan": "scheduler.report.folder",
    "verify": "scheduler.check.report",
}

__all__ = sorted(_PUBLIC)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'scheduler' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
