"""Peer-support (kollegastøtte) duty planning from ward rosters (turnus).

Data flows one way: files → :mod:`scheduler.io` → :class:`Instance` → :mod:`scheduler.solve`
→ :class:`Rota` → :mod:`scheduler.verify` / :mod:`scheduler.report` → files or pages.
"""

from scheduler.domain import (
    Employee,
    Instance,
    Pin,
    Rules,
    ShiftCode,
    ShiftKind,
    Slot,
    SlotDef,
    SlotKind,
    Supporter,
    Ward,
)

__all__ = [
    "Employee",
    "Instance",
    "Pin",
    "Rules",
    "ShiftCode",
    "ShiftKind",
    "Slot",
    "SlotDef",
    "SlotKind",
    "Supporter",
    "Ward",
]
__version__ = "0.1.0"
