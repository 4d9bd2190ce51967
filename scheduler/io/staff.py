"""The staff register: who is employed where (employee id, name, home ward, profession).

Its ward is the home ward (docs/semantics.md) and fills rows of turnus files that lack one.
"""

from __future__ import annotations

from scheduler.domain import Employee
from scheduler.io.headers import STAFF
from scheduler.io.messages import error, warning
from scheduler.io.records import read_records
from scheduler.io.types import ReadingReport, Source

__all__ = ["read_staff"]


def read_staff(src: Source) -> tuple[dict[str, Employee], ReadingReport]:
    records, report = read_records(src, "staff", STAFF, ["employee_id"])
    out: dict[str, Employee] = {}
    for r in records:
        emp = r.get("employee_id")
        if not emp:
            error(report, "Raden mangler ansattnummer.", "The row has no employee id.", row=r.line,
                  column=r.column("employee_id"), fix_no="Fyll inn ansattnummeret.", fix_en="Fill in the employee id.")
            report.rows_skipped += 1
            continue
        if emp in out:
            warning(report, f"Ansatt {emp} står flere ganger; den første raden gjelder.",
                    f"Employee {emp} appears more than once; the first row applies.", row=r.line,
                    column=r.column("employee_id"), raw=r.raw("employee_id"))
            report.rows_skipped += 1
            continue
        out[emp] = Employee(employee_id=emp, name=r.get("name"), ward=r.get("ward"), profession=r.get("profession"))
        report.rows_read += 1
    report.employees = len(out)
    return out, report
