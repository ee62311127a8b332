"""How old the data is: "today" from $MLSAL_TODAY, the exchange rate's age (data info and
compare warn), each source's period, and the age line on every estimate."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bandsdoc import dump, minimal_document
from mlsal.bands.freshness import RATE_STALE_MONTHS, rate_staleness, today
from mlsal.bands.models import BandsFile, ExchangeRate
from mlsal.bands.schema import check_bytes
from mlsal.cli import app
from mlsal.errors import InputError

RATE = ExchangeRate(base="USD", quote="INR", rate=95.0, date=dt.date(2026, 5, 29), source="x")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2026-12-02", dt.date(2026, 12, 2)), ("2000-02-29", dt.date(2000, 2, 29))],
)
def test_today_reads_mlsal_today(typed: str, expected: dt.date) -> None:
    assert today({"MLSAL_TODAY": typed}) == expected


def test_today_without_the_variable_is_the_system_date() -> None:
    assert today({}) == dt.date.today()
    assert today({"MLSAL_TODAY": ""}) == dt.date.today()


@pytest.mark.parametrize("typed", ["2026-13-01", "2026-02-30", "20261202", "2026-1-2", "today"])
def test_a_malformed_today_is_one_line_naming_the_form(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        today({"MLSAL_TODAY": typed})
    assert str(caught.value) == (
        f"MLSAL_TODAY must be a date as YYYY-MM-DD (like 2026-12-01), not '{typed}'"
    )


@pytest.mark.parametrize(
    ("day", "months"),
    [
        (dt.date(2027, 5, 29), None),  # exactly twelve months: not older
        (dt.date(2027, 5, 30), 12),
        (dt.date(2028, 1, 1), 19),
    ],
)
def test_rate_staleness_after_twelve_months(day: dt.date, months: int | None) -> None:
    stale = rate_staleness(RATE, today=day)
    if months is None:
        assert stale is None
        return
    assert stale is not None
    assert stale.limit == RATE_STALE_MONTHS
    assert str(stale) == (
        f"the USD/INR exchange rate (95) is dated 2026-05-29, {months} months ago "
        "(older than 12 months); pass today's rate as --fx RATE (INR per USD) to mlsal compare"
    )


def test_the_bundled_rate_is_the_newest_citable_one(bands: BandsFile) -> None:
    assert bands.rates is not None
    [rate] = bands.rates.exchange
    assert (rate.base, rate.quote, rate.rate, rate.date) == (
        "USD",
        "INR",
        95.0,
        dt.date(2026, 5, 29),
    )
    assert bands.sources[rate.source].url == "https://fred.stlouisfed.org/series/DEXINUS"


WARNING = (
    "mlsal: warning: the USD/INR exchange rate (95) is dated 2026-05-29, 13 months ago "
    "(older than 12 months); pass today's rate as --fx RATE (INR per USD) to mlsal compare\n"
)


def test_compare_warns_once_when_the_rate_is_old(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["compare", "IN", "US", "-f", "json"], env={"MLSAL_TODAY": "2027-07-01"}
    )
    assert result.exit_code == 0
    assert result.stderr == WARNING
    assert json.loads(result.stdout)["exchange"]["rate"] == 95.0


@pytest.mark.parametrize(
    ("args", "day"),
    [([], "2026-12-02"), (["--fx", "96"], "2027-07-01")],
    ids=["recent", "overridden"],
)
def test_compare_is_quiet_with_a_recent_or_given_rate(
    runner: CliRunner, args: list[str], day: str
) -> None:
    result = runner.invoke(
        app, ["compare", "IN", "US", "-f", "json", *args], env={"MLSAL_TODAY": day}
    )
    assert (result.exit_code, result.stderr) == (0, "")


def test_data_info_warns_about_the_rate(runner: CliRunner) -> None:
    result = runner.invoke(app, ["data", "info", "-f", "json"], env={"MLSAL_TODAY": "2027-07-01"})
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == WARNING.rstrip("\n")
    assert (
        json.loads(result.stdout)["warnings"][-1] == WARNING.removeprefix("mlsal: warning: ")[:-1]
    )


def test_a_malformed_today_is_refused_by_the_cli(runner: CliRunner) -> None:
    result = runner.invoke(app, ["data", "info"], env={"MLSAL_TODAY": "soon"})
    assert result.exit_code == 2
    assert result.stderr == (
        "mlsal: error: MLSAL_TODAY must be a date as YYYY-MM-DD (like 2026-12-01), not 'soon'\n"
    )


def test_data_info_shows_each_sources_period(runner: CliRunner, tmp_path: Path) -> None:
    document = minimal_document()
    document["sources"]["s"]["period_from"] = dt.date(2024, 7, 1)
    path = tmp_path / "bands.yaml"
    path.write_text(dump(document), encoding="utf-8")
    result = runner.invoke(
        app,
        ["data", "info", "--data", str(path)],
        env={"MLSAL_TODAY": "2025-02-01", "COLUMNS": "100"},
    )
    assert result.exit_code == 0
    [row] = [line for line in result.stdout.splitlines() if line.lstrip().startswith("s ")]
    assert "2024-07-01 to 2025-01-01" in row


def test_a_period_that_starts_after_its_date_is_refused() -> None:
    document = minimal_document()
    document["sources"]["s"]["period_from"] = dt.date(2025, 7, 1)
    report = check_bytes(dump(document).encode(), "f")
    assert [str(p) for p in report.problems] == ["f:6: sources.s: period_from is after date"]


def test_every_estimate_says_how_old_its_newest_data_is(runner: CliRunner) -> None:
    env = {"MLSAL_TODAY": "2026-12-02", "COLUMNS": "100"}
    result = runner.invoke(app, ["estimate", "-c", "IN", "-y", "5", "--city", "pune"], env=env)
    assert result.exit_code == 0
    assert "Data age   newest source dated 2026-04-03, 7 months old" in result.stdout.splitlines()
    result = runner.invoke(app, ["estimate", "-c", "IN", "-y", "5", "-f", "json"], env=env)
    payload = json.loads(result.stdout)
    assert (payload["data_date"], payload["data_age_months"]) == ("2026-04-03", 7)
