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
