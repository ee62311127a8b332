"""The docs site stays true to the app: generated reference, documented JSON fields, help text."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from mlsal.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

#: The command that writes docs/reference.md; CI and the drift test run the same one.
REFERENCE_COMMAND = ["-m", "typer", "mlsal.cli", "utils", "docs", "--name", "mlsal", "--output"]
REGENERATE = "typer mlsal.cli utils docs --name mlsal --output docs/reference.md"


def test_reference_matches_the_app(tmp_path: Path) -> None:
    fresh = tmp_path / "reference.md"
    done = subprocess.run(
        [sys.executable, *REFERENCE_COMMAND, str(fresh)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert fresh.read_text(encoding="utf-8") == (DOCS / "reference.md").read_text(
        encoding="utf-8"
    ), f"docs/reference.md is stale; regenerate it: {REGENERATE}"


def test_mkdocs_builds_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


# --- code blocks -----------------------------------------------------------------------------

#: The widest line a code block may hold. The site's theme (mkdocs, Bootstrap 5) sets code in
#: a 12 px monospace font, about 7.2 px a character; beside the side navigation, in the
#: 1140 px layout of windows from 1200 px wide, the code box is about 819 px inside its border
#: and padding: some 113 characters. 100 leaves room for wider fonts and matches the source's
#: line length; wider lines make the reader scroll sideways, on the site as in ``mlsal docs``.
CODE_WIDTH = 100


def code_lines(page: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line inside a fenced code block (backticks or tildes)."""
    fence = ""
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        opened = re.match(r"\s*(`{3,}|~{3,})", line)
        if not fence:
            fence = opened[1] if opened else ""
        elif opened and line.strip() == opened[1] and opened[1].startswith(fence):
            fence = ""
        else:
            yield number, line


PAGES = [*sorted(DOCS.glob("*.md")), DOCS.parent / "README.md"]


def test_code_lines_are_found_inside_fences_only(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("text\n````md\n```sh\n~~~\n````\nout\n  ~~~\nin\n  ~~~\nout\n", "utf-8")
    assert list(code_lines(page)) == [(3, "```sh"), (4, "~~~"), (8, "in")]


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_no_code_line_is_wider_than_its_box(page: Path) -> None:
    lines = code_lines(page)
    wide = [f"{page.name}:{n}: {len(line)}" for n, line in lines if len(line) > CODE_WIDTH]
    assert wide == [], f"code lines wider than {CODE_WIDTH} characters"


# --- help text -------------------------------------------------------------------------------


def _commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))
LEAVES = [(path, cmd) for path, cmd in ALL_COMMANDS if not getattr(cmd, "commands", None)]


def _name(path: tuple[str, ...]) -> str:
    return " ".join(("mlsal", *path))


def test_top_level_help_names_mlsal_data(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Set MLSAL_DATA to a bands file" in result.stdout


def test_the_app_has_its_commands() -> None:
    names = {_name(path) for path, _ in LEAVES}
    assert {"mlsal estimate", "mlsal compare"} <= names


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=[_name(p) for p, _ in ALL_COMMANDS])
def test_every_command_and_parameter_has_help(path: tuple[str, ...], command: Any) -> None:
    assert (command.help or "").strip(), f"{_name(path)} has no help"
    for param in command.params:
        assert (getattr(param, "help", None) or "").strip(), (
            f"{_name(path)} {param.name} has no help"
        )


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[_name(p) for p, _ in LEAVES])
def test_every_command_help_shows_examples(
    runner: CliRunner, path: tuple[str, ...], command: Any
) -> None:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert "Example" in result.stdout
    examples = result.stdout.split("Example", 1)[1]
    assert re.search(rf"^\s+(\S+=\S+ )?mlsal {' '.join(path)}\b", examples, re.M), examples
    if any("--data" in param.opts for param in command.params):
        assert "MLSAL_DATA" in result.stdout


# --- JSON fields -----------------------------------------------------------------------------


def documented_fields() -> dict[str, set[str]]:
    """Section (first code span of a ``##``/``###`` heading) -> fields in its tables."""
    sections: dict[str, set[str]] = {}
    current: set[str] = set()
    for line in (DOCS / "json-schema.md").read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#{2,3} .*?`([^`]+)`", line)
        if heading:
            current = sections.setdefault(heading[1], set())
        cell = re.match(r"^\|\s*`([^`]+)`\s*\|", line)
        if cell:
            current.add(cell[1])
    return sections


def field_paths(value: Any, prefix: str = "", stop: frozenset[str] = frozenset()) -> set[str]:
    """Dotted paths of every field in a JSON value; ``a[].b`` for fields of list items."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}{key}"
            found.add(path)
            if path not in stop:
                found |= field_paths(item, f"{path}.", stop)
    elif isinstance(value, list):
        for item in value:
            found |= field_paths(item, prefix.removesuffix(".") + "[].", stop)
    return found


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generic salary records: US at four experience levels, an unknown country, a bad row."""
    path = tmp_path_factory.mktemp("records") / "records.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["country", "years", "salary", "currency", "date"])
        for index in range(160):
            years = (1, 3, 7, 12)[index % 4]
            writer.writerow(
                ["US", years, 100_000 + 9_000 * years + index * 50, "USD", "2024-06-01"]
            )
        writer.writerow(["DE", 3, 70_000, "EUR", "2024-06-01"])
        writer.writerow(["US", "many", 1, "USD", "2024-06-01"])
    return path


def _json(runner: CliRunner, args: list[str]) -> Any:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def emitted(runner: CliRunner, records: Path, tmp_path: Path) -> dict[str, set[str]]:
    """Field paths each kind of document carries, over runs that reach its optional parts."""
    calibrated = tmp_path / "calibrated.yaml"
    documents = [
        _json(
            runner,
            ["estimate", "-c", "IN", "-y", "5", "--city", "blr", "--offer", "20L", "-f", "json"],
        ),
        _json(runner, ["estimate", "-c", "IN", "-y", "5", "--offer", "20L", "--net", "-f", "json"]),
        _json(runner, ["takehome", "30L", "-c", "IN", "--regime", "both", "-f", "json"]),
        _json(runner, ["takehome", "200k", "-c", "US", "--state", "NY", "-f", "json"]),
        _json(runner, ["data", "info", "--tax", "-f", "json"]),
        _json(runner, ["compare", "IN", "US", "--net", "-f", "json"]),
        _json(
            runner,
            ["calibrate", str(records), "-o", str(calibrated), "--min-n", "10", "-f", "json"],
        ),
        _json(runner, ["estimate", "-c", "US", "-y", "7", "--data", str(calibrated), "-f", "json"]),
        _json(runner, ["compare", "IN", "US", "-f", "json"]),
        _json(
            runner, ["compare", "IN", "US", "--years", "5", "--employer", "product", "-f", "json"]
        ),
        _json(runner, ["skills", "-f", "json"]),
        _json(runner, ["market", "-f", "json"]),
        _json(runner, ["data", "info", "-f", "json"]),
        _json(runner, ["backtest", "bundled", str(records), "-f", "json"]),
    ]
    found: dict[str, set[str]] = {}
    for document in documents:
        paths = field_paths(document, stop=frozenset({"data"}))
        found.setdefault(document["kind"], set()).update(paths - {"schema_version", "kind"})
    profiles = tmp_path / "profiles.csv"
    profiles.write_text("country,years,city,offer\nIN,5,blr,20L\nUS,3,,\n", encoding="utf-8")
    lines = runner.invoke(app, ["batch", str(profiles), "-f", "json", "--net"]).stdout
    found["batch"] = set().union(*(field_paths(json.loads(line)) for line in lines.splitlines()))
    return found


def test_json_fields_match_the_docs(runner: CliRunner, records: Path, tmp_path: Path) -> None:
    documented = documented_fields()
    for kind, paths in emitted(runner, records, tmp_path).items():
        assert kind in documented, f"docs/json-schema.md has no section for `{kind}`"
        assert sorted(paths - documented[kind]) == [], f"undocumented fields of `{kind}`"
        assert sorted(documented[kind] - paths) == [], f"documented `{kind}` fields never seen"


# --- examples in the getting-started page and the README --------------------------------------

#: The day the examples were made: the card counts its data's age from it.
EXAMPLES_MADE_ON = "2026-12-02"


def console_examples(page: Path) -> list[tuple[str, str]]:
    """(command, expected output) for each ``$ `` line of the page's console blocks.

    A command line ending in a backslash goes on, as in the shell, on the next line. Lines
    that show a key press (``<Tab>``) are for people to try, not for a test to run.
    """
    examples: list[tuple[str, list[str]]] = []
    inside = continued = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line == "```console"
            continue
        if not inside:
            continue
        if continued:
            examples[-1] = (f"{examples[-1][0]}\n{line}", [])
        elif line.startswith("$ "):
            examples.append((line[2:], []))
        elif examples:
            examples[-1][1].append(line)
        continued = bool(examples) and not examples[-1][1] and line.endswith("\\")
    return [(cmd, "\n".join(out) + "\n") for cmd, out in examples if "<Tab>" not in cmd]


INDEX_EXAMPLES = console_examples(DOCS / "index.md")
EXAMPLES = INDEX_EXAMPLES + console_examples(DOCS.parent / "README.md")


def test_the_getting_started_page_and_the_readme_have_examples() -> None:
    assert len(INDEX_EXAMPLES) >= 3
    assert len(EXAMPLES) > len(INDEX_EXAMPLES)  # the README's card


@pytest.mark.parametrize(
    ("command", "expected"), EXAMPLES, ids=[f"{i}: {c}" for i, (c, _) in enumerate(EXAMPLES)]
)
def test_getting_started_examples_print_what_the_page_shows(
    tmp_path: Path, command: str, expected: str
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "mlsal"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mlsal "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLSAL", "_MLSAL"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["COLUMNS"] = "80"  # Rich's width when it cannot tell
    env["MLSAL_TODAY"] = EXAMPLES_MADE_ON
    env["PYTHON"] = sys.executable
    done = subprocess.run(
        ["bash", "-c", command.replace("python ", '"$PYTHON" ', 1) + " 2>&1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert [line.rstrip() for line in done.stdout.splitlines()] == expected.splitlines()
