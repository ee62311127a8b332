"""The example cards in README.md and docs/index.md are what mlsal prints: each ``$ mlsal``
line of their console blocks (no pipe) runs here, at 80 columns and on the day the examples
were made (``$MLSAL_TODAY``), and must print the lines shown under it."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlsal.cli import app

ROOT = Path(__file__).resolve().parents[1]

#: The day the examples were made: data ages on the card are counted from it.
MADE_ON = "2026-12-02"


def examples(path: Path) -> list[tuple[str, list[str]]]:
    """(command, the lines shown under it) for each ``$ mlsal`` line of a console block."""
    found: list[tuple[str, list[str]]] = []
    inside = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```console"
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line)
    return [(command, shown) for command, shown in found if "|" not in command]


CASES = [
    pytest.param(command, shown, id=f"{path.name}: {command}")
    for path in (ROOT / "README.md", ROOT / "docs" / "index.md")
    for command, shown in examples(path)
]


def test_there_are_examples_to_check() -> None:
    assert any(command.startswith("mlsal estimate") for command, *_ in (c.values for c in CASES))


@pytest.mark.parametrize(("command", "shown"), CASES)
def test_an_example_prints_what_it_shows(runner: CliRunner, command: str, shown: list[str]) -> None:
    argv = shlex.split(command)
    assert argv[0] == "mlsal"
    result = runner.invoke(app, argv[1:], env={"COLUMNS": "80", "MLSAL_TODAY": MADE_ON})
    failed = any(line.startswith("mlsal: error:") for line in shown)
    assert (result.exit_code != 0) == failed, result.stderr
    printed = result.stdout.splitlines() + (result.stderr.splitlines() if failed else [])
    assert [line.rstrip() for line in printed] == [line.rstrip() for line in shown]
