"""Output hygiene: no escape codes when piped, NO_COLOR honoured, plain JSON and CSV at any
terminal width, data on stdout and messages on stderr."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlsal.cli import app

pty = pytest.importorskip("pty")

ESC = "\x1b"
SGR = re.compile(r"\x1b\[([0-9;]*)m")

ESTIMATE = ["estimate", "--country", "IN", "--years", "5", "--city", "Bengaluru", "--skill", "nlp"]
COMPARE = ["compare", "IN", "US", "--years", "5"]


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without colour or width settings, plus ``extra``."""
    drop = {"NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "CLICOLOR_FORCE", "MLSAL_DATA"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("_MLSAL")}
    return {"TERM": "xterm-256color", **env, **extra}


def run_piped(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run mlsal with stdout and stderr going to pipes, as in ``mlsal ... | jq``."""
    return subprocess.run(
        [sys.executable, "-m", "mlsal", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def run_on_terminal(args: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    """Run mlsal with stdout on a pseudo-terminal (stderr piped): what a person sees."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "mlsal", *args],
        stdout=secondary,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:  # the terminal closes when the process exits
            break
        if not data:
            break
        chunks.append(data)
    os.close(primary)
    assert process.stderr is not None
    err = process.stderr.read().decode()
    process.stderr.close()
    code = process.wait(timeout=60)
    return b"".join(chunks).decode().replace("\r\n", "\n"), err, code


def colour_codes(text: str) -> list[str]:
    """SGR parameters that set a colour (foreground, background, 256 or true colour)."""
    found = []
    for match in SGR.finditer(text):
        for param in match[1].split(";"):
            if param.isdigit() and (30 <= int(param) <= 49 or 90 <= int(param) <= 107):
                found.append(param)
    return found


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
@pytest.mark.parametrize("args", [ESTIMATE, COMPARE], ids=["estimate", "compare"])
def test_piped_output_has_no_escape_codes(args: list[str], fmt: str) -> None:
    done = run_piped([*args, "--format", fmt], clean_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout
    assert ESC not in done.stdout
    assert done.stderr == ""


def test_terminal_table_is_coloured() -> None:
    """The contrast for the tests below: on a terminal, people get colour."""
    out, err, code = run_on_terminal(ESTIMATE, clean_env())
    assert code == 0, err
    assert colour_codes(out)


def test_no_color_is_honoured_on_a_terminal() -> None:
    out, err, code = run_on_terminal(ESTIMATE, clean_env(NO_COLOR="1"))
    assert code == 0, err
    assert "Estimate" in out
    assert colour_codes(out) == []


@pytest.mark.parametrize("columns", ["20", "300"])
@pytest.mark.parametrize("args", [ESTIMATE, COMPARE], ids=["estimate", "compare"])
def test_json_on_a_terminal_is_plain_at_any_width(args: list[str], columns: str) -> None:
    out, err, code = run_on_terminal([*args, "-f", "json"], clean_env(COLUMNS=columns))
    assert code == 0, err
    assert ESC not in out
    document = json.loads(out)
    assert document["schema_version"] == 1
    assert out == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("args", [ESTIMATE, COMPARE], ids=["estimate", "compare"])
def test_csv_on_a_terminal_is_plain_at_any_width(args: list[str]) -> None:
    narrow, err, code = run_on_terminal([*args, "-f", "csv"], clean_env(COLUMNS="20"))
    assert code == 0, err
    wide, _, _ = run_on_terminal([*args, "-f", "csv"], clean_env(COLUMNS="300"))
    assert narrow == wide
    assert ESC not in narrow
    rows = list(csv.reader(io.StringIO(narrow)))
    assert len(rows) >= 2
    assert all(len(row) == len(rows[0]) for row in rows)
    assert "country" in rows[0] or "level" in rows[0]


@pytest.mark.parametrize("columns", ["10", "40", "500"])
def test_json_through_the_runner_is_not_wrapped(runner: CliRunner, columns: str) -> None:
    result = runner.invoke(app, [*ESTIMATE, "-f", "json"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert result.stdout == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert document["kind"] == "estimate"


@pytest.mark.parametrize(
    ("args", "env", "code", "message"),
    [
        (
            ["estimate", "--country", "Atlantis", "--years", "5"],
            {},
            2,
            "mlsal: error: unknown country 'Atlantis'; valid: IN, US\n",
        ),
        (
            ["estimate", "--country", "IN", "--years", "5", "-f", "json"],
            {"MLSAL_DATA": "/nonexistent/bands.yaml"},
            3,
            "mlsal: error: /nonexistent/bands.yaml: no such file or folder\n",
        ),
    ],
)
def test_errors_go_to_stderr_only(
    args: list[str], env: dict[str, str], code: int, message: str
) -> None:
    done = run_piped(args, clean_env(**env))
    assert (done.returncode, done.stdout, done.stderr) == (code, "", message)


@pytest.mark.parametrize(
    "args",
    [
        ["estimate", "--country", "IN"],
        ["estimate", "--country", "IN", "--years", "5", "--format", "yaml"],
        ["estimate", "--country", "IN", "--years", "5", "--no-such-option"],
        ["estimate", "--country", "IN", "--years", "many"],
    ],
)
def test_usage_errors_are_one_line_on_stderr(args: list[str]) -> None:
    done = run_piped(args, clean_env())
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("mlsal: error: ")
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_data_from_mlsal_data_goes_to_stdout_only(tmp_path: Path) -> None:
    """A user's bands file named by MLSAL_DATA: same data on stdout, nothing on stderr."""
    bundled = Path(__file__).resolve().parents[1] / "data" / "bands.yaml"
    copy = tmp_path / "mine.yaml"
    copy.write_bytes(bundled.read_bytes())
    with_env = run_piped([*ESTIMATE, "-f", "json"], clean_env(MLSAL_DATA=str(copy)))
    bundled_run = run_piped([*ESTIMATE, "-f", "json"], clean_env())
    assert with_env.stderr == ""
    assert json.loads(with_env.stdout) == json.loads(bundled_run.stdout)


# --- every command: one output mechanism -------------------------------------------------------

RECORDS_HEADER = ["country", "years", "salary", "currency", "date"]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generic salary records: enough US rows at each experience level for percentile bands."""
    path = tmp_path_factory.mktemp("records") / "records.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(RECORDS_HEADER)
        for index in range(160):
            years = (1, 3, 7, 12)[index % 4]
            writer.writerow(
                ["US", years, 100_000 + 9_000 * years + index * 50, "USD", "2024-06-01"]
            )
    return path


#: One run per command that takes --format; ``{records}`` and ``{out}`` are filled in.
FORMAT_RUNS: dict[str, list[str]] = {
    "estimate": ["estimate", "-c", "US", "-y", "3", "--employer", "big-tech"],
    "compare": ["compare", "IN", "US"],
    "skills": ["skills"],
    "market": ["market"],
    "takehome": ["takehome", "30L", "-c", "IN", "--state", "KA"],
    "data info": ["data", "info"],
    "docs": ["docs", "takehome"],
    "backtest": ["backtest", "bundled", "{records}"],
    "calibrate": ["calibrate", "{records}", "-o", "{out}", "--min-n", "10"],
}


def _format_commands() -> list[str]:
    import typer.main

    def walk(command: object, path: tuple[str, ...]) -> list[str]:
        subs = getattr(command, "commands", {})
        if subs:
            return [name for key, sub in subs.items() for name in walk(sub, (*path, key))]
        params = getattr(command, "params", [])
        # batch writes JSON Lines, not one document: tests/test_batch.py checks its forms
        printed = " ".join(path) != "batch" and any("--format" in p.opts for p in params)
        return [" ".join(path)] if printed else []

    return sorted(walk(typer.main.get_command(app), ()))


def test_every_command_with_format_is_exercised_here() -> None:
    """A new command that prints data must get a run in FORMAT_RUNS (and so these checks)."""
    assert _format_commands() == sorted(FORMAT_RUNS)


@pytest.mark.parametrize("name", sorted(FORMAT_RUNS))
def test_every_command_writes_plain_json_and_csv(
    runner: CliRunner, records: Path, tmp_path: Path, name: str
) -> None:
    def run(fmt: str) -> str:
        out = tmp_path / f"{fmt}.yaml"
        args = [a.format(records=records, out=out) for a in FORMAT_RUNS[name]]
        result = runner.invoke(app, [*args, "--format", fmt], env={"COLUMNS": "30"})
        assert result.exit_code == 0, result.stderr
        assert ESC not in result.stdout
        return result.stdout

    document = json.loads(run("json"))
    assert document["schema_version"] == 1
    assert isinstance(document["kind"], str)
    rows = list(csv.reader(io.StringIO(run("csv"))))
    assert len(rows) >= 2, "a header row and at least one record"
    assert all(cell and not cell[0].isdigit() for cell in rows[0]), rows[0]
    assert all(len(row) == len(rows[0]) for row in rows)
    table = run("table")
    assert table.strip()
