"""Every terminal: narrow widths, a COLUMNS of nonsense, and outputs that cannot encode ₹."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from mlsal.cli import app


def shown(runner: CliRunner, argv: list[str], columns: str) -> list[str]:
    result = runner.invoke(app, argv, env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    return [line.rstrip() for line in result.stdout.splitlines()]


@pytest.mark.parametrize("columns", ["0", "abc", "-3", ""])
def test_a_columns_of_nonsense_is_read_as_80(runner: CliRunner, columns: str) -> None:
    argv = ["estimate", "--country", "IN", "--years", "5"]
    lines = shown(runner, argv, columns)
    assert lines == shown(runner, argv, "80")
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == "Machine Learning Engineer pay · India · 5 years · Mid-level (4-9 years)"


COMPARE_AT_60 = """\
Machine Learning Engineer pay · India vs United States · per
year

Level / view                ┃            India ┃     mid
━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━
Entry 0-3 years / 0-4 years │                  │
  own currency              │     ₹5 L – ₹11 L │  ₹8.5 L
  USD at FX                 │   $5.3k – $11.6k │   $8.9k
  PPP int'l $               │  $25.1k – $55.3k │  $42.7k
────────────────────────────┼──────────────────┼────────
Mid-level 4-9 years         │                  │
  own currency              │    ₹10 L – ₹25 L │ ₹17.5 L
  USD at FX                 │  $10.5k – $26.3k │  $18.4k
  PPP int'l $               │ $50.3k – $125.6k │  $87.9k
────────────────────────────┼──────────────────┼────────
Senior 10+ years            │                  │
  own currency              │    ₹30 L – ₹40 L │   ₹35 L
  USD at FX                 │  $31.6k – $42.1k │  $36.8k
  PPP int'l $               │  $150.8k – $201k │ $175.9k

Level / view               ┃ United States ┃     mid ┃ US÷IN
━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━
Entry 0-3 years / 0-4      │               │         │
years                      │               │         │
  own currency             │ $100k – $180k │   $140k │
  USD at FX                │ $100k – $180k │   $140k │ 15.7×
  PPP int'l $              │ $100k – $180k │   $140k │ 3.28×
───────────────────────────┼───────────────┼─────────┼──────
Mid-level 4-9 years        │               │         │
  own currency             │ $144k – $253k │ $198.5k │
  USD at FX                │ $144k – $253k │ $198.5k │ 10.8×
  PPP int'l $              │ $144k – $253k │ $198.5k │ 2.26×
───────────────────────────┼───────────────┼─────────┼──────
Senior 10+ years           │               │         │
  own currency             │ $174k – $306k │   $240k │
  USD at FX                │ $174k – $306k │   $240k │ 6.51×
  PPP int'l $              │ $174k – $306k │   $240k │ 1.36×
"""


def test_compare_at_60_columns_stacks_the_countries(runner: CliRunner) -> None:
    lines = shown(runner, ["compare", "IN", "US"], "60")
    assert lines[:37] == COMPARE_AT_60.splitlines()
    assert not [line for line in lines if "…" in line or len(line) > 60]


def test_compare_at_100_columns_keeps_one_table(runner: CliRunner) -> None:
    lines = shown(runner, ["compare", "IN", "US"], "100")
    assert lines[2] == (
        "Level / view                ┃            India ┃     mid ┃ United States ┃     mid ┃ US÷IN"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["estimate", "-c", "IN", "-y", "5"],
        ["estimate", "-c", "US", "-y", "12", "--offer", "300k"],
        ["estimate", "-c", "IN", "-y", "5", "--city", "Bengaluru", "--skill", "nlp",
         "--cert", "phd", "--employer", "product", "--offer", "40L"],
        ["compare", "IN", "US", "-y", "5"],
        ["compare", "IN", "US", "--net"],
        ["estimate", "-c", "IN", "-y", "5", "--net"],
        ["skills"],
        ["market"],
        ["takehome", "30L", "-c", "IN", "--regime", "both"],
        ["takehome", "200k", "-c", "US"],
        ["data", "info"],
    ],
)  # fmt: skip
def test_at_60_columns_nothing_is_cut(runner: CliRunner, argv: list[str]) -> None:
    lines = shown(runner, argv, "60")
    assert not [line for line in lines if "…" in line or len(line) > 60]


def test_the_career_path_bars_follow_the_figures_at_60_columns(runner: CliRunner) -> None:
    lines = shown(runner, ["estimate", "-c", "IN", "-y", "5"], "60")
    start = lines.index("Career path as bars")
    assert lines[start + 1 : start + 5] == [
        " Years ┃ 0 to ₹40 L",
        "━━━━━━━╇━━━━━━━━━━━━━━━━",
        "     0 │  ├●┤",
        "     2 │   ├●┤",
    ]
    assert " Years ┃ Level     ┃     Low ┃     Mid ┃    High ┃ Note" in lines


def run_with_encoding(encoding: str, *argv: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80"}
    return subprocess.run(
        [sys.executable, "-m", "mlsal", *argv], capture_output=True, env=env, check=False
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_output_that_cannot_encode_the_rupee_gets_ascii(encoding: str) -> None:
    done = run_with_encoding(encoding, "estimate", "-c", "IN", "-y", "5", "--offer", "25L")
    assert done.returncode == 0, done.stderr
    lines = [line.rstrip() for line in done.stdout.decode("ascii").splitlines()]
    assert lines[:5] == [
        "Machine Learning Engineer pay - India - 5 years - Mid-level (4-9 years)",
        "Estimate   Rs 7.6 L - Rs 13.1 L - Rs 18 L  (low - mid - high, per year)",
        "                  |----o----|",
        "                                  ^",
        "Offer      Rs 25 L a year, inside the published 4-9 years range",
    ]
    assert " Step            |    x |      Low |       Mid |    High | Evidence" in lines


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_compare_json_and_csv_survive_a_plain_output(encoding: str) -> None:
    table = run_with_encoding(encoding, "compare", "IN", "US")
    assert table.returncode == 0, table.stderr
    assert "Rs 5 L - Rs 11 L" in table.stdout.decode("ascii")
    document = run_with_encoding(encoding, "estimate", "-c", "IN", "-y", "5", "-f", "json")
    assert document.returncode == 0, document.stderr
    assert json.loads(document.stdout.decode("ascii"))["published_years"] == "4-9 years"
    rows = run_with_encoding(encoding, "skills", "-f", "csv")
    assert rows.returncode == 0, rows.stderr
    assert rows.stdout.decode("ascii").startswith("country,key,label,multiplier")


def test_piped_output_with_no_color_keeps_its_bars_and_has_no_escapes() -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "mlsal", "estimate", "-c", "IN", "-y", "5", "--offer", "25L"],
        capture_output=True,
        env=env,
        check=False,
    )
    text = done.stdout.decode("utf-8")
    assert "\x1b" not in text
    assert text.splitlines()[2:4] == [
        "                  ├────●────┤",
        "                                  ▲",
    ]
