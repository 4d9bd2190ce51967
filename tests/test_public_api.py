"""The package's public surface is a deliberate list: what `import scheduler` offers, where each
name lives, and that importing the package loads nothing heavy until a name is used."""

from __future__ import annotations

import subprocess
import sys

import scheduler

#: Every public name. Adding or removing one is a change of the public API: change this list too.
EXPORTED = {
    "Employee", "Instance", "Pin", "Rules", "ShiftCode", "ShiftKind", "Slot", "SlotDef", "SlotKind",
    "SolverSettings", "Supporter", "Ward",  # scheduler.domain
    "load_inputs", "load_paths",  # scheduler.io
    "build_instance",  # scheduler.model.demand
    "solve", "SolveControl", "SolveProgress",  # scheduler.solve.planner
    "Plan", "make_plan", "write_plan",  # scheduler.solve.plan
    "verify",  # scheduler.check.report
}


def test_all_is_the_exported_list_sorted() -> None:
    assert scheduler.__all__ == sorted(EXPORTED)


def test_every_name_resolves_to_its_own_module() -> None:
    for name in scheduler.__all__:
        value = getattr(scheduler, name)
        home = scheduler._PUBLIC[name]
        assert getattr(value, "__module__", home).startswith(home), (name, value)


def test_dir_lists_the_public_names() -> None:
    assert set(scheduler.__all__) <= set(dir(scheduler))


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        scheduler.LimitTracker  # noqa: B018 - the access is the test
    except AttributeError as error:
        assert "LimitTracker" in str(error)
    else:
        raise AssertionError("scheduler.LimitTracker should not exist")


def test_importing_the_package_loads_no_solver_until_a_name_is_used() -> None:
    code = ("import sys, scheduler; before = 'ortools' in sys.modules; "
            "from scheduler import *; print(before, 'ortools' in sys.modules, callable(make_plan))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "True"]
