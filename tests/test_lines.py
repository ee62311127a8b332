"""Input files without line breaks are refused at the bound, not read into memory whole."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlsal.cli import app
from mlsal.errors import InputError
from mlsal.io import bounded_lines


def test_lines_up_to_the_bound_pass_through() -> None:
    stream = io.StringIO("a,b\n" + "x" * 9 + "\nlast")
    assert list(bounded_lines(stream, name="t", limit=10)) == ["a,b\n", "x" * 9 + "\n", "last"]


def test_a_line_over_the_bound_names_the_line() -> None:
    stream = io.StringIO("a,b\n" + "x" * 11)
    lines = bounded_lines(stream, name="in.csv", limit=10)
    assert next(lines) == "a,b\n"
    with pytest.raises(InputError) as caught:
        next(lines)
    assert str(caught.value) == (
        "in.csv: line 2 is longer than 10 characters; is this a CSV file with line breaks?"
    )


@pytest.fixture
def endless(tmp_path: Path) -> Path:
    """A 2 MiB file of NUL bytes: one 'line' twice the bound."""
    path = tmp_path / "zero.csv"
    path.write_bytes(b"\0" * (2 << 20))
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["estimate", "--input", "{path}"],
        ["calibrate", "{path}", "--output", "{out}"],
        ["backtest", "bundled", "{path}"],
    ],
)
def test_commands_refuse_a_file_without_line_breaks(
    runner: CliRunner, endless: Path, tmp_path: Path, argv: list[str]
) -> None:
    args = [a.format(path=endless, out=tmp_path / "out.yaml") for a in argv]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"mlsal: error: {endless}: line 1 is longer than 1,048,576 characters; "
        "is this a CSV file with line breaks?\n"
    )
    assert not (tmp_path / "out.yaml").exists()
