"""The library never imports Streamlit; data flows one way."""

import ast
from pathlib import Path

LIBRARY = Path(__file__).resolve().parents[1] / "scheduler"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_library_never_imports_streamlit() -> None:
    offenders = [p.name for p in LIBRARY.rglob("*.py") if any(n.split(".")[0] == "streamlit" for n in _imports(p))]
    assert offenders == []


def test_checker_never_imports_the_model() -> None:
    """verify.py, verify_outputs.py and verify_outreach.py re-check the optimiser's (and the
    outreach planner's) work and the files written from it; sharing their code would make that
    check hollow. They may use the domain types (incidents too), the readers' types, the error tree
    and the one file-name rule."""
    allowed = {"scheduler.domain", "scheduler.io.types", "scheduler.io", "scheduler.errors",
               "scheduler.io.filenames", "scheduler.check.rota", "scheduler.check.outputs", "scheduler.incidents"}
    for module in ("verify.py", "verify_outputs.py", "verify_outreach.py"):
        used = {n for n in _imports(LIBRARY / module) if n.startswith("scheduler")}
        assert used <= allowed, (module, used - allowed)


def test_checker_loads_without_the_optimiser() -> None:
    import subprocess
    import sys

    code = ("import sys, scheduler.check.rota, scheduler.check.outputs, scheduler.check.outreach; "
            "print(any(m.split('.')[0] == 'ortools' or m in ('scheduler.report.outputs', 'scheduler.solve.rota', 'scheduler.outreach.plan', "
            "'scheduler.solve.limits', 'scheduler.model.eligibility') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"
