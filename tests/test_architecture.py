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
    """verify.py re-checks the optimiser's work; sharing its code would make that check hollow."""
    allowed = {"scheduler.domain", "scheduler.io.types", "scheduler.io", "scheduler.io.outputs"}
    used = {n for n in _imports(LIBRARY / "verify.py") if n.startswith("scheduler")}
    assert used <= allowed, used - allowed


def test_checker_loads_without_the_optimiser() -> None:
    import subprocess
    import sys

    code = "import sys, scheduler.verify; print('ortools' in ' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_public_api_resolves() -> None:
    import scheduler

    for name in scheduler.__all__:
        assert getattr(scheduler, name) is not None
