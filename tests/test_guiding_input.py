"""Errors and input that guide: compare and --city, repeated options, monthly pay, help."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mlsal.cli import app
from mlsal.errors import InputError
from mlsal.pay.offer import parse_offer


def error_line(runner: CliRunner, argv: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, argv)
    assert result.stdout == ""
    return result.exit_code, result.stderr


def test_compare_explains_it_takes_no_city(runner: CliRunner) -> None:
    assert error_line(runner, ["compare", "IN", "US", "--city", "Bengaluru"]) == (
        2,
        "mlsal: error: compare takes no --city: it compares the countries' bands, which "
        "describe each market as a whole; for pay in one city: mlsal estimate --country CODE "
        "--years YEARS --city Bengaluru\n",
    )


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["estimate", "-c", "IN", "-y", "5", "--skill", "nlp", "--skill", "mlops"], "--skill"),
        (["estimate", "-c", "IN", "-y", "5", "--cert", "ms", "--education=phd"], "--education"),
        (["estimate", "-c", "IN", "-y5", "-y", "6"], "--years"),
        (["estimate", "-c", "IN", "--country", "US", "-y", "6"], "--country"),
        (["compare", "IN", "US", "--fx", "80", "--fx", "90"], "--fx"),
        (["takehome", "30L", "-c", "IN", "--state", "KA", "--state", "MH"], "--state"),
    ],
)
def test_a_repeated_single_value_option_is_refused(
    runner: CliRunner, argv: list[str], option: str
) -> None:
    assert error_line(runner, argv) == (
        2,
        f"mlsal: error: {option} is given more than once; it takes one value\n",
    )


def test_an_option_given_once_is_taken(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", "-c", "IN", "-y", "5", "--skill", "nlp", "-f", "csv"])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("2.1L/month", 2_520_000),
        ("1.8 lakh per month", 2_160_000),
        ("175k pm", 2_100_000),
        ("175000 pm", 2_100_000),
        ("1.5L p.m.", 1_800_000),
        ("2 lakh a month", 2_400_000),
        ("1.2L monthly", 1_440_000),
        ("32L", 3_200_000),
        ("32 LPA", 3_200_000),
    ],
)
def test_monthly_pay_is_read_as_twelve_months(text: str, amount: int) -> None:
    assert parse_offer(text, "INR") == amount


def test_monthly_dollars_too() -> None:
    assert parse_offer("$15k/month", "USD") == 180_000


def test_a_bare_small_india_offer_asks_if_it_was_monthly(runner: CliRunner) -> None:
    assert error_line(runner, ["estimate", "-c", "IN", "-y", "5", "--offer", "25k"]) == (
        2,
        "mlsal: error: offer '25k' is 25,000 INR a year, far below any yearly pay here; did "
        "you mean 25k per month? (write 25k pm or 25k/month)\n",
    )


def test_a_monthly_offer_is_shown_as_yearly(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["estimate", "-c", "IN", "-y", "5", "--offer", "175k pm"], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.stderr
    assert "Offer      ₹21 L a year, inside the published 4-9 years range" in (
        result.stdout.splitlines()
    )


def test_takehome_reads_monthly_pay(runner: CliRunner) -> None:
    monthly = runner.invoke(app, ["takehome", "1.8 lakh per month", "-c", "IN", "-f", "json"])
    yearly = runner.invoke(app, ["takehome", "21.6L", "-c", "IN", "-f", "json"])
    assert monthly.exit_code == 0, monthly.stderr
    assert monthly.stdout.replace("1.8 lakh per month", "21.6L") == yearly.stdout


def test_unknown_units_are_still_refused() -> None:
    with pytest.raises(InputError, match="cannot read offer '25k pw'"):
        parse_offer("25k pw", "INR")


def test_help_lists_commands_in_a_newcomers_order_with_whole_sentences(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "100"})
    lines = result.stdout.splitlines()
    start = lines.index("Commands:")
    assert lines[start + 1 :] == [
        "  estimate   Estimate pay for one profile, with its breakdown and career path.",
        "  takehome   Work out the take-home pay of a gross amount, tax by tax.",
        "  compare    Compare pay in two countries, by exchange rate and by PPP.",
        "  skills     List specializations by pay impact, and the essential skills.",
        "  market     Show who hires ML engineers and the career facts people ask.",
        "  batch      Estimate every profile in a CSV file, one output row each.",
        "  docs       Read the documentation pages in the terminal.",
        "  data       Check the bands file or the tax rules file, or describe them.",
        "  calibrate  Build a bands file of percentile bands from salary records.",
        "  backtest   Check a bands file against salary records.",
    ]


def test_metavars_name_what_is_expected(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", "--help"], env={"COLUMNS": "100"})
    options = [line.split()[:3] for line in result.stdout.splitlines() if "--" in line]
    assert ["-c,", "--country", "CODE"] in options
    assert ["-y,", "--years", "YEARS"] in options
    assert ["--city", "CITY", "City"] in options
    assert ["--skill", "SKILL", "Specialization:"] in options
    assert "<str>" not in result.stdout
