"""Offers: reading amounts as people write them, placing them in a range, the --offer option."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlsal.bands.loader import parse_bands
from mlsal.bands.models import BandsFile
from mlsal.cli import app
from mlsal.errors import InputError
from mlsal.pay.estimate import Profile, estimate_salary
from mlsal.pay.offer import OfferPlacement, check_offer, parse_offer
from mlsal.render.offer import CSV_COLUMNS, offer_advice, offer_summary

#: One open band per country; US carries p10-p90 so offers get a percentile.
FIXTURE = """
schema_version: 1
title: offer fixture
updated: 2026-01-01
sources:
  bands: {title: Fixture bands, date: 2026-01-01}
countries:
  IN:
    name: India
    currency: INR
    locale: en_IN
    pay_basis: CTC
    factors: {}
    bands:
      - {key: all, label: All, years_from: 0, years_to: null, reference_years: 2,
         low: 1000000, mid: 2000000, high: 4000000, tail_high: 10000000,
         meaning: m, source: bands}
  US:
    name: United States
    currency: USD
    locale: en_US
    pay_basis: total compensation
    factors: {}
    bands:
      - {key: all, label: All, years_from: 0, years_to: null, reference_years: 2,
         p10: 80000, p25: 100000, p50: 140000, p75: 180000, p90: 220000, n: 200,
         meaning: m, source: bands}
"""


@pytest.mark.parametrize(
    ("text", "currency", "amount"),
    [
        ("32L", "INR", 3_200_000),
        ("32 lakh", "INR", 3_200_000),
        ("32 lakhs", "INR", 3_200_000),
        ("32 LPA", "INR", 3_200_000),
        ("32lpa", "INR", 3_200_000),
        ("3200000", "INR", 3_200_000),
        ("32,00,000", "INR", 3_200_000),
        ("₹32L", "INR", 3_200_000),
        ("Rs. 12.5 lakh", "INR", 1_250_000),
        ("1.2Cr", "INR", 12_000_000),
        ("1.2 crore", "INR", 12_000_000),
        ("$185k", "USD", 185_000),
        ("185k", "USD", 185_000),
        ("185000", "USD", 185_000),
        ("$185,000", "USD", 185_000),
        ("185000 USD", "USD", 185_000),
        ("185k per year", "USD", 185_000),
        ("1.5M", "USD", 1_500_000),
        ("  32 L  ", "INR", 3_200_000),
    ],
)
def test_parse_offer(text: str, currency: str, amount: int) -> None:
    assert parse_offer(text, currency) == amount


FORMS = "write it like 32L, 32 lakh, 32 LPA, 1.2Cr, 3200000, $185k or 185000"


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        ("abc", "INR", f"cannot read offer 'abc'; {FORMS}"),
        ("", "INR", f"cannot read offer ''; {FORMS}"),
        ("32 bananas", "INR", f"cannot read offer '32 bananas': unknown unit 'bananas'; {FORMS}"),
        ("32", "INR", f"offer '32' has no unit; {FORMS}"),
        ("32L", "USD", "offer '32L' is in INR but this estimate is in USD; give the offer in USD"),
        (
            "$185k",
            "INR",
            "offer '$185k' is in USD but this estimate is in INR; give the offer in INR",
        ),
        ("$32L", "INR", "offer '$32L' mixes currencies (INR, USD)"),
        ("0L", "INR", "offer '0L' must be above zero"),
        ("-5L", "INR", f"cannot read offer '-5L'; {FORMS}"),
        (
            "99999999Cr",
            "INR",
            "offer '99999999Cr' is implausibly large (999999990000000 INR a year)",
        ),
    ],
)
def test_parse_offer_errors(text: str, currency: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_offer(text, currency)
    assert str(error.value) == message


def _placed(bands: BandsFile, country: str, text: str) -> OfferPlacement:
    est = estimate_salary(bands, Profile(country=country, years=2))
    return check_offer(est, text)


@pytest.mark.parametrize(
    ("text", "position", "verdict", "distance", "fraction"),
    [
        ("8L", "below", "below-range", 200_000, None),
        ("10L", "within", "low-in-range", 0, 0.0),
        ("15L", "within", "low-in-range", 0, round(5 / 30, 3)),
        ("25L", "within", "mid-range", 0, 0.5),
        ("40L", "within", "high-in-range", 0, 1.0),
        ("50L", "above", "above-range", 1_000_000, None),
    ],
)
def test_position_and_verdict(
    fixture_bands: BandsFile,
    text: str,
    position: str,
    verdict: str,
    distance: int,
    fraction: float | None,
) -> None:
    placed = _placed(fixture_bands, "IN", text)
    assert (placed.position, placed.verdict, placed.distance) == (position, verdict, distance)
    assert placed.range_fraction == fraction
    assert placed.percentile is None  # the IN band gives no distribution


def test_ratio_distance_and_tail(fixture_bands: BandsFile) -> None:
    below = _placed(fixture_bands, "IN", "8L")
    assert (below.ratio_to_mid, below.distance_pct) == (0.4, 20.0)
    above = _placed(fixture_bands, "IN", "50L")
    assert (above.ratio_to_mid, above.distance_pct, above.in_tail) == (2.5, 25.0, True)
    assert not _placed(fixture_bands, "IN", "1.2Cr").in_tail  # beyond the 1 crore tail


@pytest.mark.parametrize(
    ("text", "percentile"),
    [("$80k", 10.0), ("$120k", 37.5), ("$140k", 50.0), ("$200k", 82.5), ("$70k", None)],
)
def test_percentile_from_the_band(
    fixture_bands: BandsFile, text: str, percentile: float | None
) -> None:
    assert _placed(fixture_bands, "US", text).percentile == percentile


def test_sentences(fixture_bands: BandsFile) -> None:
    below = _placed(fixture_bands, "IN", "8L")
    assert offer_summary(below, "en_IN") == (
        "₹8 L is below the estimated range by ₹2 L (20% under the low end); 0.40× the mid."
    )
    assert offer_advice(below, "en_IN").startswith(
        "Candidate: ask for at least the low end, ₹10 L."
    )
    us = _placed(fixture_bands, "US", "$120k")
    assert offer_summary(us, "en_US") == (
        "$120,000 is within the estimated range, 25% of the way from low to high; "
        "about the 37.5th percentile of the band's records; 0.86× the mid."
    )


def test_cli_offer_json(runner: CliRunner, data_file: str) -> None:
    argv = ["estimate", "-c", "IN", "-y", "2", "--offer", "32 LPA", "--data", data_file]
    result = runner.invoke(app, [*argv, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    offer = json.loads(result.stdout)["offer"]
    assert offer["amount"] == 3_200_000
    assert offer["position"] == "within"
    assert offer["verdict"] == "high-in-range"
    assert offer["ratio_to_mid"] == 1.6


def test_cli_offer_csv_and_table(runner: CliRunner, data_file: str) -> None:
    argv = ["estimate", "-c", "US", "-y", "2", "--offer", "$250k", "--data", data_file]
    result = runner.invoke(app, [*argv, "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(row)[-len(CSV_COLUMNS) :] == CSV_COLUMNS
    assert (row["offer"], row["offer_position"], row["offer_distance"]) == (
        "250000", "above", "70000",
    )  # fmt: skip
    table = runner.invoke(app, argv)
    assert table.exit_code == 0, table.stderr
    assert "Offer  above range" in table.stdout
    assert "$250,000 is above the estimated range by $70,000" in table.stdout


def test_cli_without_offer_keeps_the_estimate_csv(runner: CliRunner, data_file: str) -> None:
    argv = ["estimate", "-c", "US", "-y", "2", "--data", data_file, "-f", "csv"]
    result = runner.invoke(app, argv)
    assert "offer" not in result.stdout.splitlines()[0]


@pytest.mark.parametrize(
    ("country", "offer", "line"),
    [
        (
            "US",
            "32L",
            "mlsal: error: offer '32L' is in INR but this estimate is in USD; "
            "give the offer in USD",
        ),
        ("IN", "lots", f"mlsal: error: cannot read offer 'lots'; {FORMS}"),
    ],
)
def test_cli_offer_errors(
    runner: CliRunner, data_file: str, country: str, offer: str, line: str
) -> None:
    argv = ["estimate", "-c", country, "-y", "2", "--offer", offer, "--data", data_file]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == line + "\n"


_ORDER = {"below-range": 0, "low-in-range": 1, "mid-range": 2, "high-in-range": 3, "above-range": 4}


@given(
    a=st.integers(min_value=1_000, max_value=99_999_999),
    b=st.integers(min_value=1_000, max_value=99_999_999),
)
def test_verdict_never_falls_as_the_offer_rises(a: int, b: int) -> None:
    """A larger offer never gets a lower verdict, percentile or ratio to mid."""
    bands = parse_bands(FIXTURE.encode(), "fixture")
    small, large = sorted((a, b))
    est = estimate_salary(bands, Profile(country="IN", years=2))
    one, two = check_offer(est, str(small)), check_offer(est, str(large))
    assert _ORDER[one.verdict] <= _ORDER[two.verdict]
    assert one.ratio_to_mid <= two.ratio_to_mid
    assert (one.position == "within") == (est.low <= small <= est.high)


@given(lakh=st.integers(min_value=1, max_value=9_999), tenths=st.integers(0, 9))
def test_lakh_and_crore_forms_agree(lakh: int, tenths: int) -> None:
    """``N.ML`` and ``N.M lakh`` name the same amount; 100 lakh is one crore."""
    text = f"{lakh}.{tenths}"
    amount = lakh * 100_000 + tenths * 10_000
    assert parse_offer(f"{text}L", "INR") == amount
    assert parse_offer(f"{text} lakh", "INR") == amount
    assert parse_offer(f"₹{amount:,}", "INR") == amount
    assert parse_offer(f"{lakh / 100}Cr", "INR") == round(lakh / 100 * 10_000_000)
