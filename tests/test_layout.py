"""The layout shows the design: imports run one way between the packages, with no cycle
anywhere in src/ (imports inside functions included), and no private framework module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

#: Each top-level part of mlsal and the parts it may import (besides itself).
ALLOWED: dict[str, frozenset[str]] = {
    "errors": frozenset(),
    "value": frozenset(),
    "codec": frozenset({"value"}),
    "io": frozenset({"errors"}),
    "memo": frozenset(),
    "library_versions": frozenset(),
    "bands": frozenset({"errors", "value", "codec", "io", "library_versions", "__init__"}),
    "pay": frozenset({"errors", "value", "io", "memo", "bands"}),
    "records": frozenset({"errors", "value", "io", "memo", "bands"}),
    "tax": frozenset({"errors", "value", "codec", "io", "bands"}),
    "shell": frozenset({"errors", "bands", "tax"}),
    "render": frozenset(
        {"errors", "value", "io", "library_versions", "bands", "pay", "records", "tax"}
    ),
    "api": frozenset({"errors", "value", "bands", "pay", "render"}),
    "cli": frozenset(
        {"errors", "value", "io", "bands", "pay", "records", "tax", "render", "shell", "__init__"}
    ),
    "entry": frozenset({"io", "cli", "shell"}),
    "__main__": frozenset({"entry"}),
    "__init__": frozenset(),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> set[str]:
    """Every module this file imports at run time (at the top or in a function).

    ``from mlsal import io`` names the module ``mlsal.io``; ``from mlsal.io import STDIO``
    names ``mlsal.io``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _is_type_checking(node)
        for statement in node.body
        for child in ast.walk(statement)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if _exists(submodule) else node.module)
    return found


def _exists(module: str) -> bool:
    base = SRC.joinpath(*module.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    files = {_module_name(path): path for path in (SRC / "mlsal").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        targets = {target for target in _imports(path) if target in files and target != name}
        graph[name] = targets
    return graph


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first walk meets, as the modules around it."""
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_there_is_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_the_check_sees_a_cycle() -> None:
    """The walk is not blind: a planted cycle, even a long one, is found."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("module", sorted(_graph()))
def test_imports_run_one_way_between_packages(module: str) -> None:
    own = _part(module)
    wrong = sorted(t for t in _graph()[module] if _part(t) not in ALLOWED[own] | {own})
    assert wrong == [], f"{module} ({own}) may import only {sorted(ALLOWED[own])}"


def test_no_private_module_of_a_dependency_is_imported() -> None:
    private = sorted(
        f"{path.relative_to(SRC)}: {target}"
        for path in (SRC / "mlsal").rglob("*.py")
        for target in _imports(path)
        if not target.startswith("mlsal")
        and any(part.startswith("_") and not part.startswith("__") for part in target.split("."))
    )
    assert private == []


def test_only_the_cli_imports_typer() -> None:
    found = sorted(
        str(path.relative_to(SRC))
        for path in (SRC / "mlsal").rglob("*.py")
        if any(t == "typer" or t.startswith("typer.") for t in _imports(path))
        and _part(_module_name(path)) != "cli"
    )
    assert found == []
