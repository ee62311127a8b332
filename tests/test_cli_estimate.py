"""`mlsal estimate` through the CLI: JSON, CSV, the Rich view, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from bandsdoc import dump, minimal_document
from mlsal import __version__
from mlsal.bands.models import BandsFile
from mlsal.cli import app
from mlsal.pay.estimate import Profile, estimate_salary
from mlsal.render import Units, print_renderables
from mlsal.render.estimate import estimate_renderables


def test_json_for_the_neutral_us_profile_is_the_article_range(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", "--country", "US", "--years", "2", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == 1
    assert doc["kind"] == "estimate"
    assert (doc["country"], doc["currency"], doc["years"], doc["level"]) == (
        "US",
        "USD",
        2,
        "entry",
    )
    assert (doc["low"], doc["mid"], doc["high"]) == (100_000, 140_000, 180_000)
    assert doc["factors"] == []
    assert [p["years"] for p in doc["career_path"]] == [0, 2, 5, 7, 10, 12, 15, 20]


def test_json_lists_each_factor_with_key_and_multiplier(runner: CliRunner) -> None:
    argv = ["estimate", "-c", "IN", "-y", "5", "--city", "Bangalore", "--skill", "NLP",
            "--cert", "ms", "--employer", "big-tech", "--format", "json"]  # fmt: skip
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    factors = [(f["dimension"], f["key"], f["multiplier"]) for f in doc["factors"]]
    assert factors == [
        ("skill", "nlp", 1.05),
        ("education", "ms", 1.05),
        ("city", "bengaluru", 1.05),
        ("employer", "big-tech", 4.65),
    ]
    assert doc["low"] <= doc["mid"] <= doc["high"]


def test_csv_is_one_header_and_one_row(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["estimate", "-c", "us", "-y", "7", "--skill", "mlops", "-f", "csv"]
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [
        ["country", "currency", "years", "level", "low", "mid", "high", "multiplier",
         "skill", "education", "city", "employer", "role"],
        ["US", "USD", "7", "mid", "122000", "169000", "215000", "0.8500", "mlops", "", "", "",
         ""],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "line", "code"),
    [
        (["-c", "UK", "-y", "3"], "unknown country 'UK'; valid: IN, US", 2),
        (["-c", "IN", "-y", "3", "--employer", "startupp"],
         "unknown employer 'startupp'; did you mean product? (not in the company list: name its "
         "type instead, one of it-services (IT services), consulting (Consulting and engineering "
         "services), product (Product company or startup), big-tech (Global big tech))", 2),
        (["-c", "US", "-y", "75"], "years must be a number from 0 to 60, not 75", 2),
        (["-c", "US", "-y", "-2"], "years must be a number from 0 to 60, not -2", 2),
        (["-c", "US", "-y", "inf"], "years must be a number from 0 to 60, not inf", 2),
        (["-c", "US", "-y", "five"], "years must be a number from 0 to 60, not 'five'", 2),
    ],
)  # fmt: skip
def test_errors_are_one_line_on_stderr(
    runner: CliRunner, argv: list[str], line: str, code: int
) -> None:
    result = runner.invoke(app, ["estimate", *argv])
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr == f"mlsal: error: {line}\n"


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["estimate", "-c", "US"],
         "Missing option '--years' / '-y'. (see 'mlsal estimate --help')"),
        (["estimate", "-c", "US", "-y", "2", "-f", "xml"],
         "Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json', 'csv'. "
         "(see 'mlsal estimate --help')"),
        (["estimate", "--bogus"], "No such option: --bogus (see 'mlsal estimate --help')"),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line_too(argv: list[str], line: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mlsal", *argv], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"mlsal: error: {line}\n")


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"mlsal {__version__}\n")


def test_rich_view_shows_range_breakdown_and_path(bands: BandsFile) -> None:
    est = estimate_salary(bands, Profile(country="IN", years=5, city="Bengaluru", skill="nlp"))
    buffer = io.StringIO()
    out = Console(file=buffer, width=100, color_system=None)
    print_renderables(estimate_renderables(est, Units.local), out)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    assert lines[0] == "Machine Learning Engineer pay · India · 5 years · Mid-level (4-9 years)"
    assert lines[1] == "Estimate   ₹8.4 L – ₹14.4 L – ₹19.8 L  (low – mid – high, per year)"
    text = "\n".join(lines)
    assert " skill: Natural language           │ 1.05 │" in text
    assert " city: Bengaluru                   │ 1.05 │" in text
    assert "data, india-offers, n=1365" in text
    assert "     5 │ Mid-level │  ₹8.4 L │ ₹14.4 L │ ₹19.8 L │   ├─●─┤        ← you" in text
    assert "    12 │ Senior    │ ₹33.1 L │ ₹38.6 L │ ₹44.1 L │           ├●─┤ ref" in text


def test_us_amounts_are_whole_dollars_with_separators(bands: BandsFile) -> None:
    est = estimate_salary(bands, Profile(country="US", years=2))
    buffer = io.StringIO()
    print_renderables(estimate_renderables(est), Console(file=buffer, width=100))
    assert "Estimate   $100,000 – $140,000 – $180,000" in buffer.getvalue()


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mlsal", "estimate", "-c", "US", "-y", "2", "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["high"] == 180_000


def test_data_text_is_printed_as_written_not_as_markup(runner: CliRunner, tmp_path: Path) -> None:
    """Square brackets and colons in a data file are text: Rich markup and emoji are off."""
    document = minimal_document()
    document["countries"]["XA"]["bands"][0]["label"] = "[b]J[/b]:smile:"
    path = tmp_path / "bands.yaml"
    path.write_text(dump(document), encoding="utf-8")
    result = runner.invoke(app, ["estimate", "--data", str(path), "-c", "XA", "-y", "3"])
    assert result.exit_code == 0, result.stderr
    path_rows = [line for line in result.stdout.splitlines() if line.strip().startswith("3 │")]
    assert path_rows[0].split("│")[1].strip() == "[b]J[/b]:smile:"


_GC_STATE = """
import atexit, gc, sys
atexit.register(lambda: sys.__stderr__.write(f"gc enabled: {gc.isenabled()}\\n"))
sys.argv = ["mlsal", *sys.argv[1:]]
from mlsal.entry import main
main()
"""


@pytest.mark.parametrize(
    ("argv", "enabled"),
    [(["estimate", "-c", "US", "-y", "2"], False), (["batch", "-"], True)],
)
def test_short_runs_skip_cyclic_collection_and_a_batch_keeps_it(
    argv: list[str], enabled: bool
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _GC_STATE, *argv],
        input="country,years\nUS,2\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == f"gc enabled: {enabled}"


def test_json_numbers_keep_their_types(runner: CliRunner) -> None:
    """Years and multipliers are floats and amounts integers, whole or not (as documented)."""
    result = runner.invoke(app, ["estimate", "-c", "US", "-y", "2", "--format", "json"])
    payload = json.loads(result.stdout)
    assert isinstance(payload["years"], float) and isinstance(payload["multiplier"], float)
    assert all(isinstance(point["years"], float) for point in payload["career_path"])
    assert all(isinstance(point["mid"], int) for point in payload["career_path"])
    assert [point["years"] for point in payload["career_path"]][:2] == [0.0, 2.0]
