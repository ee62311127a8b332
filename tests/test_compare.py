"""mlsal compare: conversion at an exchange rate and by PPP, the CLI, its formats and errors."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from mlsal.bands.loader import parse_bands
from mlsal.bands.models import BandsFile
from mlsal.cli import app
from mlsal.errors import DataFileError, InputError
from mlsal.pay.compare import Comparison, compare_countries, convert, exchange_rate
from mlsal.pay.estimate import Profile
from mlsal.render import Units
from mlsal.render.compare import CSV_HEADER, compare_renderables

#: Round figures so every converted amount can be checked by hand.
FIXTURE = """
schema_version: 1
title: compare fixture
updated: 2026-01-01
sources:
  bands: {title: Fixture bands, date: 2026-01-01}
  fx: {title: Fixture rate, date: 2026-01-02}
  ppp: {title: Fixture PPP, date: 2024-12-31}
countries:
  IN:
    name: India
    currency: INR
    locale: en_IN
    aliases: [india]
    pay_basis: CTC
    factors: {}
    bands:
      - {key: entry, label: Entry, years_from: 0, years_to: 4, reference_years: 2,
         low: 1000000, mid: 2000000, high: 3000000, meaning: m, source: bands}
      - {key: senior, label: Senior, years_from: 4, years_to: null, reference_years: 8,
         low: 4000000, high: 8000000, meaning: m, source: bands}
  US:
    name: United States
    currency: USD
    locale: en_US
    pay_basis: total compensation
    factors: {}
    bands:
      - {key: entry, label: Entry, years_from: 0, years_to: 4, reference_years: 2,
         low: 100000, mid: 150000, high: 200000, meaning: m, source: bands}
      - {key: senior, label: Senior, years_from: 4, years_to: null, reference_years: 8,
         low: 200000, high: 300000, meaning: m, source: bands}
  GB:
    name: United Kingdom
    currency: GBP
    locale: en_GB
    pay_basis: gross salary
    factors: {}
    bands:
      - {key: entry, label: Entry, years_from: 0, years_to: null, reference_years: 2,
         low: 40000, mid: 50000, high: 60000, meaning: m, source: bands}
rates:
  exchange:
    - {base: USD, quote: INR, rate: 80, date: 2026-01-02, source: fx}
  ppp:
    IN: {factor: 20, year: 2024, measure: private consumption, source: ppp}
    US: {factor: 1, year: 2024, measure: private consumption, source: ppp}
    GB: {factor: 0.5, year: 2024, measure: private consumption, source: ppp}
  remark: Cost of living, tax and benefits also differ (the article).
  remark_source: bands
"""


def test_levels_in_three_views(fixture_bands: BandsFile) -> None:
    result = compare_countries(fixture_bands, "IN", "US")
    assert result.target_currency == "USD"
    entry, senior = result.rows
    assert (entry.first.own.low, entry.first.own.mid, entry.first.own.high) == (
        1_000_000, 2_000_000, 3_000_000,
    )  # fmt: skip
    assert (entry.first.converted.low, entry.first.converted.mid) == (12_500, 25_000)
    assert entry.second.converted == entry.second.own  # already in the target currency
    assert (entry.first.ppp.mid, entry.second.ppp.mid) == (100_000, 150_000)
    assert entry.ratio_nominal == 6.0  # 150,000 / 25,000
    assert entry.ratio_ppp == 1.5  # 150,000 / (2,000,000 / 20)
    assert senior.first.own.mid == 6_000_000  # no stated mid: midpoint of low and high
    assert senior.ratio_nominal == round(250_000 / 75_000, 2)
    assert result.exchange.source == "fx" and not result.exchange.overridden
    assert result.remark == "Cost of living, tax and benefits also differ (the article)."
    assert result.sources == ("bands", "fx", "ppp")


def test_reversed_order_converts_to_rupees(fixture_bands: BandsFile) -> None:
    result = compare_countries(fixture_bands, "US", "india")
    entry = result.rows[0]
    assert result.target_currency == "INR"
    assert entry.first.converted.mid == 12_000_000  # 150,000 USD x 80
    assert entry.ratio_nominal == round(2_000_000 / 12_000_000, 2)


def test_fx_override_keeps_the_stored_direction(fixture_bands: BandsFile) -> None:
    result = compare_countries(fixture_bands, "IN", "US", fx=100)
    assert result.exchange.rate == 100
    assert (result.exchange.base, result.exchange.quote) == ("USD", "INR")
    assert result.exchange.overridden and result.exchange.source is None
    assert result.rows[0].first.converted.mid == 20_000
    assert result.rows[0].ratio_ppp == 1.5  # PPP does not depend on the exchange rate


def test_pair_without_a_rate_needs_fx(fixture_bands: BandsFile) -> None:
    with pytest.raises(InputError) as error:
        compare_countries(fixture_bands, "GB", "US")
    assert str(error.value) == (
        "the data file has no exchange rate between GBP and USD; pass --fx with GBP per USD"
    )
    result = compare_countries(fixture_bands, "GB", "US", fx=0.8)
    assert result.rows[0].first.converted.mid == 62_500  # 50,000 GBP / 0.8 GBP per USD
    assert result.rows[0].first.ppp.mid == 100_000  # 50,000 / 0.5
    assert [row.level for row in result.rows] == ["entry"]  # only the shared level


def test_profile_row_uses_the_estimator(fixture_bands: BandsFile) -> None:
    profile = Profile(country="IN", years=2)
    result = compare_countries(fixture_bands, "IN", "US", profile=profile)
    (row,) = result.rows
    assert row.level == "profile" and row.label == "2 years"
    assert row.first.own.mid == 2_000_000 and row.second.own.mid == 150_000


@pytest.mark.parametrize(
    ("first", "second", "fx", "message"),
    [
        ("IN", "india", None, "compare needs two different countries, not IN twice"),
        ("IN", "US", 0.0, "--fx must be a positive number, not 0"),
        ("IN", "US", float("inf"), "--fx must be a positive number, not inf"),
    ],
)
def test_input_errors(
    fixture_bands: BandsFile, first: str, second: str, fx: float | None, message: str
) -> None:
    with pytest.raises(InputError) as error:
        compare_countries(fixture_bands, first, second, fx=fx)
    assert str(error.value) == message


def test_profile_factor_errors_name_the_country(fixture_bands: BandsFile) -> None:
    profile = Profile(country="IN", years=2, skill="nlp")
    with pytest.raises(InputError) as error:
        compare_countries(fixture_bands, "IN", "US", profile=profile)
    assert str(error.value) == "in IN: IN has no skill factors in this data file"


def test_missing_ppp_is_a_data_error() -> None:
    bands = parse_bands(FIXTURE.replace("    GB: {factor: 0.5", "    #").encode(), "fixture")
    with pytest.raises(DataFileError) as error:
        compare_countries(bands, "GB", "US", fx=0.8)
    assert str(error.value) == "the data file has no PPP conversion factor for GB (rates.ppp)"


def test_convert_refuses_a_foreign_pair(fixture_bands: BandsFile) -> None:
    rate = exchange_rate(fixture_bands, "INR", "USD")
    assert convert(160.0, "INR", "USD", rate) == 2.0
    assert convert(2.0, "USD", "INR", rate) == 160.0
    with pytest.raises(InputError):
        convert(1.0, "GBP", "USD", rate)


def test_table_shows_views_rates_and_remark(fixture_bands: BandsFile) -> None:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    for item in compare_renderables(compare_countries(fixture_bands, "IN", "US"), Units.compact):
        console.print(item)
    text = out.getvalue()
    lines = [line.rstrip() for line in text.splitlines()]
    assert any(line.startswith("  USD at FX") and line.endswith("6×") for line in lines)
    assert any(line.startswith("  PPP int'l $") and line.endswith("1.5×") for line in lines)
    assert "Exchange rate: 80 INR per USD (fx, 2026-01-02)." in text
    assert "India 20 INR per international $ (2024, ppp)" in text
    assert "PPP: what the pay buys where you live." in text
    assert "Cost of living, tax and benefits also differ (the article)." in text


def _notes(runner: CliRunner, argv: list[str]) -> list[str]:
    """The lines under the first table: from the first blank line after it."""
    result = runner.invoke(app, argv, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Low – high and mid"))
    return lines[start:]


def test_the_gross_table_points_to_net_after_the_remark(runner: CliRunner, data_file: str) -> None:
    """The remark (the data's words) stays as written; the advice is a line of its own."""
    notes = _notes(runner, ["compare", "IN", "US", "--data", data_file])
    remark = notes.index("Cost of living, tax and benefits also differ (the article).")
    assert notes[remark + 1] == "For take-home pay after tax, add --net."


def test_with_net_the_hint_is_left_out(runner: CliRunner, data_file: str) -> None:
    notes = _notes(runner, ["compare", "IN", "US", "--net", "--data", data_file])
    assert "Cost of living, tax and benefits also differ (the article)." in notes
    assert not any("--net" in line for line in notes)
    assert "After tax" in notes


def test_the_hint_needs_a_country_mlsal_can_tax(fixture_bands: BandsFile) -> None:
    """United Kingdom against India: India's take-home exists, so --net is offered; between
    two countries mlsal cannot tax it is not."""

    def shown(cmp: Comparison) -> str:
        out = io.StringIO()
        console = Console(file=out, width=100, color_system=None)
        for item in compare_renderables(cmp, Units.compact):
            console.print(item)
        return out.getvalue()

    with_india = compare_countries(fixture_bands, "GB", "IN", fx=100)
    assert "add --net" in shown(with_india)
    untaxed = dataclasses.replace(
        with_india, second=dataclasses.replace(with_india.second, code="FR")
    )
    assert "add --net" not in shown(untaxed)


def test_cli_json(runner: CliRunner, data_file: str) -> None:
    result = runner.invoke(app, ["compare", "IN", "US", "--data", data_file, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["kind"] == "compare"
    assert document["exchange"]["rate"] == 80
    assert document["exchange"]["date"] == "2026-01-02"
    assert [p["factor"] for p in document["ppp"]] == [20, 1]
    assert document["rows"][0]["ratio_ppp"] == 1.5
    assert document["remark"].startswith("Cost of living")


def test_cli_csv_with_fx(runner: CliRunner, data_file: str) -> None:
    argv = ["compare", "IN", "US", "--data", data_file, "--format", "csv", "--fx", "100"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(CSV_HEADER)
    assert [row["level"] for row in rows] == ["entry", "senior"]
    assert rows[0]["first_converted_mid"] == "20000"
    assert (rows[0]["fx_rate"], rows[0]["fx_date"]) == ("100", "")


def test_cli_profile(runner: CliRunner, data_file: str) -> None:
    argv = ["compare", "IN", "US", "--data", data_file, "--years", "2", "-f", "json"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["profile"]["years"] == 2
    assert [row["level"] for row in document["rows"]] == ["profile"]


@pytest.mark.parametrize(
    ("extra", "line", "code"),
    [
        (["IN", "IN"], "mlsal: error: compare needs two different countries, not IN twice", 2),
        (["IN", "US", "--fx", "-1"], "mlsal: error: --fx must be a positive number, not -1", 2),
        (
            ["IN", "US", "-y", "abc"],
            "mlsal: error: years must be a number from 0 to 60, not 'abc'",
            2,
        ),
        (
            ["IN", "US", "--skill", "nlp"],
            "mlsal: error: --skill, --education, --employer and --role need --years",
            2,
        ),
        (
            ["GB", "IN"],
            "mlsal: error: the data file has no exchange rate between GBP and INR; "
            "pass --fx with GBP per INR",
            2,
        ),
    ],
)
def test_cli_errors_are_one_line(
    runner: CliRunner, data_file: str, extra: list[str], line: str, code: int
) -> None:
    result = runner.invoke(app, ["compare", *extra, "--data", data_file])
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr == line + "\n"


def test_bundled_rates_are_dated_and_sourced(bands: BandsFile) -> None:
    """The shipped data compares IN and US with a dated, sourced rate and PPP factors."""
    assert bands.rates is not None
    (rate,) = [r for r in bands.rates.exchange if {r.base, r.quote} == {"USD", "INR"}]
    assert bands.sources[rate.source].url
    assert set(bands.rates.ppp) >= {"IN", "US"}
    assert bands.rates.ppp["US"].factor == 1.0  # the base of the international dollar
    result = compare_countries(bands, "IN", "US")
    assert all(row.ratio_nominal > row.ratio_ppp > 0 for row in result.rows)


@pytest.mark.parametrize(
    ("rates", "message"),
    [
        (
            "    - {base: USD, quote: INR, rate: 80, date: 2026-01-02, source: fx}\n"
            "    - {base: INR, quote: USD, rate: 0.0125, date: 2026-01-03, source: fx}\n",
            "more than one exchange rate between USD and INR",
        ),
        (
            "    - {base: USD, quote: USD, rate: 1, date: 2026-01-02, source: fx}\n",
            "rate USD/USD converts a currency to itself",
        ),
        (
            "    - {base: USD, quote: INR, rate: 80, date: 2026-01-02, source: nowhere}\n",
            "rate USD/INR cites unknown source 'nowhere'",
        ),
    ],
)
def test_bad_rates_are_refused(rates: str, message: str) -> None:
    stored = "    - {base: USD, quote: INR, rate: 80, date: 2026-01-02, source: fx}\n"
    assert stored in FIXTURE
    with pytest.raises(DataFileError) as error:
        parse_bands(FIXTURE.replace(stored, rates).encode(), "fixture")
    assert message in str(error.value)
