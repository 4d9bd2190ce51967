"""The architecture holds: one package per job, each importing only the packages below it, the
independent checkers knowing nothing of the solver, the library knowing nothing of the app — as
the contracts in pyproject.toml (`[tool.importlinter]`) say; and no import cycle anywhere."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "scheduler"


def test_the_import_contracts_hold() -> None:
    """import-linter checks every import, function-local ones too; a broken contract names it."""
    run = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def _cycles(package: str) -> list[tuple[str, str]]:
    graph = grimp.build_graph(package, include_external_packages=False)
    found = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                found.add(tuple(sorted((module, imported))))
    return sorted(found)


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert _cycles("scheduler") == []


def test_the_app_has_no_import_cycle_either() -> None:
    sys.path.insert(0, str(ROOT))
    try:
        assert _cycles("app_state") == []
    finally:
        sys.path.remove(str(ROOT))


def test_the_checkers_load_without_the_optimiser() -> None:
    """Importing the checkers loads neither OR-Tools nor any module of the solver (at run time too,
    not only in the import graph)."""
    code = ("import sys, importlib, pkgutil, scheduler.check as c; "
            "loaded = [importlib.import_module(f'scheduler.check.{m.name}') for m in pkgutil.iter_modules(c.__path__)]; "
            "print(len(loaded), sorted(m for m in sys.modules if m.split('.')[0] == 'ortools' or m.startswith(("
            "'scheduler.solve', 'scheduler.model', 'scheduler.report', 'scheduler.outreach'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip()
    count, modules = out.split(" ", 1)
    assert int(count) == len(list((LIBRARY / "check").glob("[!_]*.py"))) and modules == "[]", out


def _module_lines() -> dict[str, int]:
    return {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in LIBRARY.rglob("*.py")}


#: Modules that are one table of data (each row a rule's words, or a hospital's shape): allowed to be long.
DATA_TABLES: frozenset[str] = frozenset()


def test_no_library_module_is_longer_than_400_lines() -> None:
    """One job per module: none over 400 lines, except a module that is one table of data."""
    long = {rel: n for rel, n in _module_lines().items() if n > 400 and rel not in DATA_TABLES}
    assert long == {}


def test_flat_modules_are_few() -> None:
    flat = sorted(p.name for p in LIBRARY.glob("*.py"))
    assert len(flat) <= 12, flat


def test_every_library_module_has_a_docstring_saying_what_it_is_for() -> None:
    missing = [rel for rel in _module_lines() if ast.get_docstring(ast.parse((ROOT / rel).read_text(encoding="utf-8")))
               is None and not rel.endswith("__main__.py")]
    assert missing == []


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    return section.split("```", 2)[1]


def test_the_readme_layout_names_every_package_and_module_that_exists() -> None:
    """The README's map is the tree: every package and module is named in its package's lines,
    and every package named exists."""
    layout = _layout()
    blocks: dict[str, str] = {}
    current = ""
    for line in layout.splitlines():
        head = line[:24].strip()
        if line.startswith("  ") and not line.startswith("   ") and head.endswith("/"):
            current = head.rstrip("/")
        elif line.startswith("  ") and not line.startswith("   ") and head:
            current = ""
        blocks[current] = blocks.get(current, "") + line + "\n"
    missing = []
    for path in sorted(LIBRARY.rglob("*.py")):
        rel = path.relative_to(LIBRARY)
        package = rel.parts[0] if len(rel.parts) > 1 else ""
        if path.name == "__init__.py" and package:
            continue
        if path.name not in blocks.get(package, "") and path.name not in layout:
            missing.append(str(rel))
        elif package and path.name not in blocks.get(package, ""):
            missing.append(f"{rel} (named, but not in {package}/'s lines)")
    named = {b for b in blocks if b}
    packages = {p.name for p in LIBRARY.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert missing == [] and named == packages, (missing, named ^ packages)


def _project_imports() -> list[tuple[Path, int, str, str | None]]:
    """Every absolute import of a project module, including those inside functions."""
    roots = ("scheduler", "app_state", "app_pages")
    files = [p for root in roots for p in (ROOT / root).rglob("*.py")] + [ROOT / "app.py"]
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module \
                    and node.module.split(".")[0] in roots:
                found += [(path, node.lineno, node.module, alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                found += [(path, node.lineno, alias.name, None) for alias in node.names
                          if alias.name.split(".")[0] in roots]
    return found


def test_every_import_inside_a_function_names_something_that_exists() -> None:
    """Imports made late (inside functions) escape the import linter; a moved name must not."""
    import importlib

    sys.path.insert(0, str(ROOT))
    broken = []
    for path, line, module, name in _project_imports():
        try:
            imported = importlib.import_module(module)
        except ImportError as error:
            broken.append(f"{path.relative_to(ROOT)}:{line}: {module} ({error})")
            continue
        if name and name != "*" and not hasattr(imported, name):
            try:
                importlib.import_module(f"{module}.{name}")
            except ImportError:
                broken.append(f"{path.relative_to(ROOT)}:{line}: {module}.{name}")
    assert not broken, broken


def test_no_two_test_files_share_a_name() -> None:
    """Test folders are not packages (pytest imports a test file by its name), so two files of one
    name in different folders stop the whole run at collection: name a test after its folder's job."""
    tests = Path(__file__).resolve().parent
    seen: dict[str, list[str]] = {}
    for path in tests.rglob("test_*.py"):
        seen.setdefault(path.name, []).append(str(path.relative_to(tests)))
    assert {name: where for name, where in seen.items() if len(where) > 1} == {}
