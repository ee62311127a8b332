"""mlsal's coercion of option values (``mlsal.cli.coercion``) against Typer's own.

The adapter leans on how Typer runs a command (``get_runtime_param``), so these tests fail
loudly when Typer changes it: every option of every command must come out as Typer's own
coercion gives it (value or error message), and running the start-up commands must not
import pydantic, which only Typer's own coercion does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from enum import Enum
from typing import Any

import pytest
import typer

from mlsal.cli.app import COMMANDS, app
from mlsal.cli.coercion import OwnedCoercion, own_coercion


def _commands() -> list[tuple[str, Any]]:
    """Every command mlsal builds (the ``data`` group's too), by its path."""
    root = typer.main.get_command(app)
    found: list[tuple[str, Any]] = [("mlsal", root)]
    for name in COMMANDS:
        command = root.commands[name]
        found.append((f"mlsal {name}", command))
        for sub_name, sub in getattr(command, "commands", {}).items():
            found.append((f"mlsal {name} {sub_name}", sub))
    return found


def _samples(param: Any) -> list[Any]:
    """Values Typer hands to a parameter: what was typed, its default, and nothing."""
    samples: list[Any] = [None, param.default, "x", "", " ab c ", "ünï", "JSON", "Json ", "csv"]
    choices = param.type_descriptor.choices or ()
    for choice in choices:
        text = str(choice.value) if isinstance(choice, Enum) else str(choice)
        samples += [choice, text, text.upper(), text.title(), f" {text}"]
    if param.type_descriptor.annotation is bool:
        samples += [True, False]
    return samples


def _outcome(coerce: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        return ("value", coerce(value, param=param, ctx=ctx))
    except typer.TyperException as error:
        return ("error", error.format_message())


PARAMS = [
    pytest.param(path, command, param, id=f"{path} {param.name}")
    for path, command in _commands()
    for param in command.get_params(typer.Context(command))
    if hasattr(param, "type_descriptor")
]


@pytest.mark.parametrize(("path", "command", "param"), PARAMS)
def test_each_option_comes_out_as_typer_coerces_it(path: str, command: Any, param: Any) -> None:
    """Same value (same type, same enum member) or same error message as Typer's own."""
    ctx = typer.Context(command, info_name=path)
    owned = OwnedCoercion(param)
    typers = type(param).get_runtime_param(param)
    for value in _samples(param):
        mine = _outcome(owned.coerce, value, param, ctx)
        theirs = _outcome(typers.coerce, value, param, ctx)
        assert mine == theirs, (path, param.name, value)
        assert type(mine[1]) is type(theirs[1]), (path, param.name, value)


def test_the_comparison_sees_a_difference() -> None:
    """The check is not blind: coercion that returns the text unchanged differs for a choice."""
    command = typer.main.get_command(app).commands["estimate"]
    param = next(p for p in command.params if p.name == "output_format")
    ctx = typer.Context(command)
    typers = type(param).get_runtime_param(param)
    assert _outcome(typers.coerce, "JSON", param, ctx) == ("value", param.default.__class__.json)
    assert _outcome(lambda value, **_: value, "JSON", param, ctx) != _outcome(
        typers.coerce, "JSON", param, ctx
    )


def test_every_parameter_a_command_parses_is_owned() -> None:
    """Through ``get_params``: the options, the help option and the root's completion options."""
    for path, command in _commands():
        for param in command.get_params(typer.Context(command)):
            if hasattr(param, "type_descriptor"):
                assert isinstance(param.get_runtime_param(), OwnedCoercion), (path, param.name)


def test_own_coercion_wraps_a_command_once() -> None:
    """Building a command twice over does not stack the wrappers or replace an owned one."""
    command = typer.main.get_command(app).commands["skills"]
    ctx = typer.Context(command)
    first = [
        p.get_runtime_param() for p in command.get_params(ctx) if hasattr(p, "type_descriptor")
    ]
    own_coercion(command)
    again = [
        p.get_runtime_param() for p in command.get_params(ctx) if hasattr(p, "type_descriptor")
    ]
    assert [id(o) for o in first] == [id(o) for o in again]


_RUN = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write("\\n" + json.dumps("pydantic" in sys.modules)))
sys.argv = ["mlsal", *json.loads(sys.argv[1])]
from mlsal.entry import main
main()
"""


def _imports_pydantic(argv: list[str]) -> tuple[int, str, bool]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(argv)],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    lines = done.stderr.splitlines()
    return done.returncode, "\n".join(lines[:-1]).strip(), json.loads(lines[-1])


@pytest.mark.parametrize(
    "argv",
    [
        ["estimate", "-c", "IN", "-y", "5", "--city", "Bengaluru", "--skill", "nlp"],
        ["estimate", "-c", "US", "-y", "3", "--format", "JSON", "--units", "Compact"],
        ["compare", "IN", "US", "--fx", "90"],
        ["skills"],
        ["market", "--format", "json"],
        ["data", "info"],
        ["takehome", "30L", "-c", "IN", "--basic", "40", "--regime", "BOTH"],
        ["takehome", "$200k", "-c", "US", "--state", "CA", "--filing", "joint"],
    ],
)
def test_the_commands_run_without_pydantic(argv: list[str]) -> None:
    """Typer's own coercion imports pydantic; mlsal's does not (with the bundled data)."""
    code, errors, imported = _imports_pydantic(argv)
    assert code == 0, errors
    assert imported is False


def test_a_rejected_value_gets_typers_own_message() -> None:
    """An unknown choice goes to Typer's coercion (which imports pydantic) and its message."""
    code, errors, imported = _imports_pydantic(["estimate", "-c", "IN", "-y", "5", "-f", "xml"])
    assert (code, imported) == (2, True)
    assert errors == (
        "mlsal: error: Invalid value for '--format' / '-f': 'xml' is not one of 'table', "
        "'json', 'csv'. (see 'mlsal estimate --help')"
    )
