"""Backtests: records inside each band's range, medians against mids, and the CLI forms."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlsal.bands.loader import parse_bands
from mlsal.bands.models import BandsFile, SalaryBand
from mlsal.bands.schema import validated
from mlsal.cli import app
from mlsal.records.backtest import backtest_bands, stated_share
from mlsal.records.readers import RecordFilter, RecordReader

BANDS_YAML = """\
schema_version: 1
title: Test bands
updated: 2025-01-01
sources:
  test: {title: Generated for tests, date: 2025-01-01}
countries:
  US:
    name: United States
    currency: USD
    locale: en_US
    pay_basis: dollars per year
    factors: {}
    bands:
      - {key: entry, label: Entry, years_from: 0, years_to: 5, reference_years: 2,
         p10: 90000, p25: 100000, p50: 120000, p75: 140000, p90: 160000, n: 50,
         meaning: generated, source: test}
      - {key: senior, label: Senior, years_from: 5, years_to: null, reference_years: 8,
         low: 150000, high: 250000, meaning: generated, source: test}
"""


def generic_csv(path: Path, rows: list[tuple[str, float, int, str, int]]) -> Path:
    """A generic-schema CSV from (country, years, salary, currency, year) rows."""
    lines = ["country,years,salary,currency,date"]
    lines += [f"{c},{y},{s},{cur},{year}" for c, y, s, cur, year in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROWS = [
    # entry (0-5 y): 100,000-140,000 holds 3 of 5; median 130,000 vs mid 120,000.
    ("US", 1, 95_000, "USD", 2023),
    ("US", 2, 100_000, "USD", 2023),
    ("US", 3, 130_000, "USD", 2023),
    ("US", 4.9, 140_000, "USD", 2022),
    ("US", 0, 200_000, "USD", 2023),
    # senior (5+ y): 150,000-250,000 holds 1 of 2; median 200,000 vs mid 200,000.
    ("US", 5, 150_000, "USD", 2023),
    ("US", 20, 250_001, "USD", 2023),
    ("US", 6, 100_000, "EUR", 2023),
    ("IN", 6, 3_000_000, "INR", 2023),
]


@pytest.fixture
def test_bands() -> BandsFile:
    return parse_bands(BANDS_YAML.encode(), "test bands")


def test_each_band_counts_records_inside_and_compares_medians(
    tmp_path: Path, test_bands: BandsFile
) -> None:
    reader = RecordReader(generic_csv(tmp_path / "r.csv", ROWS))
    result = backtest_bands(test_bands, reader, bands_name="test")
    entry, senior = result.checks
    assert (entry.n, entry.inside, entry.share, entry.stated_share) == (5, 3, 0.6, 0.5)
    assert (entry.median, entry.mid, entry.band_n) == (130_000, 120_000, 50)
    assert entry.median_vs_mid == pytest.approx(130 / 120 - 1)
    assert (senior.n, senior.inside, senior.share, senior.stated_share) == (2, 1, 0.5, None)
    assert (senior.median, senior.median_vs_mid) == (200_000, 0)
    assert [(s.country, s.reason, s.n) for s in result.skipped] == [
        ("IN", "country not in the bands file", 1),
        ("US", "salary not in USD", 1),
    ]
    assert result.used == 7


def test_a_band_without_records_reports_none(tmp_path: Path, test_bands: BandsFile) -> None:
    reader = RecordReader(
        generic_csv(tmp_path / "r.csv", ROWS), record_filter=RecordFilter(since=2024)
    )
    result = backtest_bands(test_bands, reader, bands_name="test")
    assert [(c.n, c.inside, c.share, c.median) for c in result.checks] == [
        (0, 0, None, None),
        (0, 0, None, None),
    ]
    assert result.filtered == len(ROWS)


@pytest.mark.parametrize(
    ("fields", "share"),
    [
        ({"p10": 1, "p25": 2, "p50": 3, "p75": 4, "p90": 5}, 0.5),
        ({"low": 1, "high": 5, "p10": 1, "p25": 2, "p50": 3, "p75": 4, "p90": 5}, 0.8),
        ({"low": 1, "high": 3, "p10": 1, "p25": 2, "p50": 3, "p75": 4, "p90": 5}, None),
        ({"low": 2, "high": 4}, None),
    ],
)
def test_stated_share_follows_the_percentiles(fields: dict[str, int], share: float | None) -> None:
    band = validated(SalaryBand,
        {"key": "b", "label": "B", "years_from": 0, "reference_years": 1,
         "meaning": "m", "source": "s", **fields}
    )  # fmt: skip
    assert stated_share(band) == share


def test_cli_backtest_json_and_csv(tmp_path: Path, runner: CliRunner) -> None:
    bands = tmp_path / "bands.yaml"
    bands.write_text(BANDS_YAML, encoding="utf-8")
    records = generic_csv(tmp_path / "r.csv", ROWS)
    result = runner.invoke(app, ["backtest", str(bands), str(records), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "mlsal: 1 IN record skipped: country not in the bands file",
        "mlsal: 1 US record skipped: salary not in USD",
    ]
    doc = json.loads(result.stdout)
    assert doc["kind"] == "backtest"
    assert [(c["level"], c["n"], c["inside"]) for c in doc["checks"]] == [
        ("entry", 5, 3),
        ("senior", 2, 1),
    ]
    as_csv = runner.invoke(app, ["backtest", str(bands), str(records), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert (rows[0]["level"], rows[0]["share"], rows[0]["stated_share"]) == (
        "entry",
        "0.6000",
        "0.5000",
    )


def test_cli_backtest_of_the_bundled_bands(tmp_path: Path, runner: CliRunner) -> None:
    records = generic_csv(tmp_path / "r.csv", ROWS[:5])
    result = runner.invoke(
        app, ["backtest", "bundled", str(records), "--country", "US", "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["bands_file"] == "bundled data/bands.yaml"
    entry = doc["checks"][0]
    # The bundled US entry band is 100,000-180,000 for 0-4 years; 4.9 y is mid-level.
    assert (entry["level"], entry["n"], entry["inside"], entry["stated_share"]) == (
        "entry",
        4,
        2,
        None,
    )
    assert {c["country"] for c in doc["checks"]} == {"US"}


def test_cli_backtest_errors_are_one_line(tmp_path: Path, runner: CliRunner) -> None:
    missing = tmp_path / "absent.csv"
    result = runner.invoke(app, ["backtest", "bundled", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"mlsal: error: {missing}: no such file or folder\n"
    no_bands = runner.invoke(app, ["backtest", str(tmp_path / "b.yaml"), str(missing)])
    assert no_bands.exit_code == 3
    assert no_bands.stderr == f"mlsal: error: {tmp_path / 'b.yaml'}: no such file or folder\n"


def test_the_table_shows_coverage_against_the_stated_share(
    tmp_path: Path, test_bands: BandsFile
) -> None:
    from rich.console import Console

    from mlsal.render import Units, print_renderables
    from mlsal.render.records import backtest_renderables

    result = backtest_bands(
        test_bands, RecordReader(generic_csv(tmp_path / "r.csv", ROWS)), bands_name="t"
    )
    buffer = io.StringIO()
    out = Console(file=buffer, width=100, color_system=None)
    print_renderables(backtest_renderables(result, Units.compact), out)  # type: ignore[arg-type]
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    assert lines[0] == "Backtest of t"
    assert lines[3:5] == [
        " US Entry (n=50) │ 0-5 y │ $100k – $140k │       5 │ 3 (60%) │      50% │  $130k │ "
        "$120k │    +8%",
        " US Senior       │ 5+ y  │ $150k – $250k │       2 │ 1 (50%) │        – │  $200k │ "
        "$200k │    +0%",
    ]


# --- hostile bands and records: no division by zero ---------------------------------------


def _bands_without_validation(low: int, mid: int, high: int) -> BandsFile:
    """The test bands with the US entry band's pay replaced, skipping the models' checks
    (the loader would refuse a pay of 0): what a careless caller of the Python API may pass."""
    bands = parse_bands(BANDS_YAML.encode(), "test bands")
    us = bands.countries["US"]
    entry = us.bands[0]
    for name, value in (("low", low), ("mid", mid), ("high", high)):
        object.__setattr__(entry, name, value)
    for name in ("p10", "p25", "p50", "p75", "p90"):
        object.__setattr__(entry, name, None)
    return bands


@pytest.mark.parametrize(("low", "mid", "high"), [(0, 0, 0), (-5, -1, 0), (0, 0, 1)])
def test_a_band_of_zero_pay_gives_no_ratio_instead_of_dividing_by_zero(
    tmp_path: Path, low: int, mid: int, high: int
) -> None:
    bands = _bands_without_validation(low, mid, high)
    reader = RecordReader(generic_csv(tmp_path / "r.csv", ROWS))
    entry, senior = backtest_bands(bands, reader, bands_name="hostile").checks
    assert (entry.n, entry.mid, entry.median, entry.median_vs_mid) == (5, mid, 130_000, None)
    assert entry.share == 0.0
    assert senior.median_vs_mid == 0


def test_a_bands_file_with_zero_pay_is_refused_before_reading(
    tmp_path: Path, runner: CliRunner
) -> None:
    bands = tmp_path / "bands.yaml"
    bands.write_text(BANDS_YAML.replace("low: 150000", "low: 0"), encoding="utf-8")
    result = runner.invoke(
        app, ["backtest", str(bands), str(generic_csv(tmp_path / "r.csv", ROWS))]
    )
    assert result.exit_code == 3
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"mlsal: error: {bands}")


def test_every_record_read_is_used_skipped_filtered_or_bad(tmp_path: Path) -> None:
    rows = [*ROWS, ("US", 3, 500, "USD", 2023), ("US", 99, 100_000, "USD", 2023)]
    reader = RecordReader(
        generic_csv(tmp_path / "r.csv", rows), record_filter=RecordFilter(since=2023)
    )
    result = backtest_bands(
        parse_bands(BANDS_YAML.encode(), "test bands"), reader, bands_name="test"
    )
    skipped = sum(s.n for s in result.skipped)
    assert (result.rows, result.used, skipped, result.filtered, result.bad) == (11, 6, 2, 1, 2)
    assert result.rows == result.used + skipped + result.filtered + result.bad
