"""Offers: reading amounts as people write them, placing them in a range, the --offer option."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlsal.bands.loader import parse_bands
from mlsal.bands.models import BandsFile
from mlsal.cli import app
from mlsal.errors import InputError
from mlsal.pay.batch import PricedRow, RejectedRow, estimate_rows
from mlsal.pay.estimate import Profile, estimate_salary
from mlsal.pay.offer import (
    BARE_MIN,
    OFFER_MAX,
    OfferPlacement,
    check_offer,
    parse_offer,
)
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


@pytest.mark.parametrize(
    ("text", "currency", "amount"),
    [
        ("12,34,567", "INR", 1_234_567),
        ("1,00,00,000", "INR", 10_000_000),
        ("₹1,00,00,000", "INR", 10_000_000),
        ("32,00,000", "INR", 3_200_000),
        ("1,000", "INR", 1_000),
        ("1,234,567", "USD", 1_234_567),
        ("185,000", "USD", 185_000),
        ("185,000.50 USD", "USD", 185_000),
        ("1,234.5k", "USD", 1_234_500),
        ("Rs.5000", "INR", 5_000),
        ("32\u00a0L", "INR", 3_200_000),  # a no-break space, as pasted from a formatted page
        ("32   lakh  per   annum", "INR", 3_200_000),
        ("185k / year", "USD", 185_000),
        ("0.01Cr", "INR", 100_000),
        ("9,99,99,99,999", "INR", 9_999_999_999),
        ("$1,000", "USD", 1_000),
    ],
)
def test_grouped_and_spaced_amounts(text: str, currency: str, amount: int) -> None:
    assert parse_offer(text, currency) == amount


def _refused(text: str, currency: str = "INR") -> str:
    with pytest.raises(InputError) as error:
        parse_offer(text, currency)
    return str(error.value)


GROUPS = "group digits in threes (1,234,567) or the Indian way (12,34,567)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Read before as ten (or a hundred) times the amount: 32,5L was 325 lakh.
        ("32,5L", "cannot read offer '32,5L': misplaced comma; for a decimal write 32.5L"),
        ("Rs 12,75 lakh", "cannot read offer 'Rs 12,75 lakh': misplaced comma; "
         "for a decimal write Rs 12.75 lakh"),
        (",5L", "cannot read offer ',5L': misplaced comma; for a decimal write .5L"),
        ("1,2345", f"cannot read offer '1,2345': misplaced comma; {GROUPS}"),
        ("12,,000", f"cannot read offer '12,,000': misplaced comma; {GROUPS}"),
        (",500", f"cannot read offer ',500': misplaced comma; {GROUPS}"),
        ("5,L", f"cannot read offer '5,L': misplaced comma; {GROUPS}"),
        ("0,500L", f"cannot read offer '0,500L': misplaced comma; {GROUPS}"),
        ("123,45,678", f"cannot read offer '123,45,678': misplaced comma; {GROUPS}"),
        ("12,345,67", f"cannot read offer '12,345,67': misplaced comma; {GROUPS}"),
        ("1,0000,000", f"cannot read offer '1,0000,000': misplaced comma; {GROUPS}"),
        ("1.234,56", "cannot read offer '1.234,56': misplaced comma; "
         "only the whole part may carry commas, as in 1,234.50"),
    ],
)  # fmt: skip
def test_misplaced_commas_are_refused(text: str, message: str) -> None:
    assert _refused(text) == message


@pytest.mark.parametrize(
    ("text", "currency", "message"),
    [
        # A currency mark is no unit: $50 was read as 50 dollars a year.
        ("$50", "USD", f"offer '$50' is too small to be yearly pay; {FORMS}"),
        ("₹900", "INR", f"offer '₹900' is too small to be yearly pay; {FORMS}"),
        ("Rs 500", "INR", f"offer 'Rs 500' is too small to be yearly pay; {FORMS}"),
        ("500 INR", "INR", f"offer '500 INR' is too small to be yearly pay; {FORMS}"),
        ("$999.99", "USD", f"offer '$999.99' is too small to be yearly pay; {FORMS}"),
        ("$0", "USD", "offer '$0' must be above zero"),
        # A unit can still leave too little: 0.001k was read as 1 a year.
        ("0.001k", "USD", "offer '0.001k' is implausibly small (1 USD a year, under 1000)"),
        ("0.0001L", "INR", "offer '0.0001L' is implausibly small (10 INR a year, under 1000)"),
        ("0.000001k", "USD", "offer '0.000001k' is implausibly small "
         "(0.001 USD a year, under 1000)"),
        ("0.9k", "USD", "offer '0.9k' is implausibly small (900 USD a year, under 1000)"),
    ],
)  # fmt: skip
def test_amounts_below_the_floor_are_refused(text: str, currency: str, message: str) -> None:
    assert _refused(text, currency) == message


@pytest.mark.parametrize(("text", "currency"), [("$1000", "USD"), ("1k", "USD"), ("0.01L", "INR")])
def test_the_floor_itself_is_accepted(text: str, currency: str) -> None:
    assert parse_offer(text, currency) == BARE_MIN


LONG = "offer '{}' is too long to be an amount"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # 5,000 digits raised ValueError (Python's 4,300-digit limit for int()).
        ("1" * 5000, LONG.format("1" * 39 + "…")),
        ("₹" + "9" * 5000 + "L", LONG.format("₹" + "9" * 38 + "…")),
        # 40 digits were read and reported back as a 40-digit sum.
        ("1" * 40, LONG.format("1" * 40)),
        ("1" * 21, LONG.format("1" * 21)),
        ("1" * 21 + "L", LONG.format("1" * 21 + "L")),
        # 31 fraction digits were rounded to zero ("must be above zero").
        ("0." + "0" * 30 + "1L", LONG.format("0." + "0" * 30 + "1L")),
        ("1." + "0" * 20 + "L", LONG.format("1." + "0" * 20 + "L")),
        # Runs of space before a stray character took cubic time to refuse.
        ("5" + " " * 1000 + "!", LONG.format("5" + " " * 38 + "…")),
        ("x" * 101, LONG.format("x" * 39 + "…")),
    ],
)
def test_text_too_long_to_be_money_is_refused_before_conversion(text: str, message: str) -> None:
    assert _refused(text) == message


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1" * 10, 1_111_111_111),
        ("1" * 19 + ".5L", None),
        (" " * 200 + "32L" + " " * 200, 3_200_000),
    ],
)
def test_long_but_plausible_text_is_still_read(text: str, amount: int | None) -> None:
    if amount is None:  # 20 digits: read, then refused as a sum, not as text
        assert _refused(text).endswith("is implausibly large (111111111111111111150000 INR a year)")
    else:
        assert parse_offer(text, "INR") == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Raw ESC and newline reached the message; a newline inside was read as a space.
        ("\x1b[31m5L", f"cannot read offer '\\x1b[31m5L'; {FORMS}"),
        ("32L\x1b]0;owned\x07", f"cannot read offer '32L\\x1b]0;owned\\x07'; {FORMS}"),
        ("5\n L", f"cannot read offer '5\\n L'; {FORMS}"),
        ("32\r\nL", f"cannot read offer '32\\r\\nL'; {FORMS}"),
        ("32\u200bL", f"cannot read offer '32\\u200bL'; {FORMS}"),
        ("32\u212a", f"cannot read offer '32\u212a'; {FORMS}"),  # the Kelvin sign passed for k
        # Other scripts' digits were read; they can pass for 0-9.
        ("３２L", "cannot read offer '３２L': write its digits as 0-9"),
        ("१२ lakh", "cannot read offer '१२ lakh': write its digits as 0-9"),
        ("1e99999", f"cannot read offer '1e99999'; {FORMS}"),
        ("1e3k", f"cannot read offer '1e3k'; {FORMS}"),
        (
            "32" + "x" * 98,  # the unit was quoted whole
            f"cannot read offer '32{'x' * 37}…': unknown unit '{'x' * 39}…'; {FORMS}",
        ),
        ("32L L", f"cannot read offer '32L L'; {FORMS}"),
    ],
)
def test_hostile_text_is_refused_on_one_printable_line(text: str, message: str) -> None:
    refused = _refused(text)
    assert refused == message
    assert refused.isprintable()


def test_a_batch_rejects_only_the_rows_with_bad_offers(fixture_bands: BandsFile) -> None:
    rows = [
        ["country", "years", "offer"],
        ["IN", "2", "32,5L"],
        ["IN", "2", "1" * 5000],
        ["IN", "2", "32L"],
        ["US", "2", "$50"],
    ]
    results = list(estimate_rows(fixture_bands, rows))
    assert [type(r) for r in results] == [RejectedRow, RejectedRow, PricedRow, RejectedRow]
    assert [r.reason for r in results if isinstance(r, RejectedRow)] == [
        "cannot read offer '32,5L': misplaced comma; for a decimal write 32.5L",
        LONG.format("1" * 39 + "…"),
        f"offer '$50' is too small to be yearly pay; {FORMS}",
    ]


def _indian(number: int) -> str:
    """``number`` grouped the Indian way: 12,34,567."""
    digits = str(number)
    head, groups = digits[:-3], [digits[-3:]]
    while head:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join(groups)


@settings(deadline=None)
@example(number=1_234_567, at=2)  # 12,34567: read as 1,234,567 before
@example(number=3_250_000, at=2)  # 32,50000
@example(number=12_345, at=1)  # 1,2345
@example(number=1_000, at=1)  # 1,000: a valid group
@example(number=9_999_999_999, at=7)
@given(number=st.integers(BARE_MIN, OFFER_MAX - 1), at=st.integers(1, 9))
def test_grouped_forms_read_alike_and_other_commas_are_refused(number: int, at: int) -> None:
    """``1,234,567`` and ``12,34,567`` are the number; a lone comma elsewhere is refused."""
    assert parse_offer(f"{number:,}", "INR") == number
    assert parse_offer(_indian(number), "INR") == number
    digits = str(number)
    at = min(at, len(digits) - 1)
    text = f"{digits[:at]},{digits[at:]}"
    if len(digits) - at == 3 and at <= 3:  # a thousands separator: 1,000 to 999,999
        assert parse_offer(text, "INR") == number
    else:
        assert "misplaced comma" in _refused(text)


#: Pieces that amounts are made of, so generated text comes near the grammar.
_PIECES = st.sampled_from(
    ["$", "₹", "Rs. ", "1", "0", "9", "5", ",", ".", " ", "k", "L", "Cr", "lakh", "USD", "INR",
     " per annum", "e", "-", "\n", "\x1b", "３", "\u00a0", "_"]
)  # fmt: skip


@settings(deadline=None)
@example(text="1" * 5000)  # ValueError: the int conversion limit
@example(text="0.001k")  # 1 a year
@example(text="$50")  # 50 a year: a mark is no unit
@example(text="\x1b[2J5L")  # raw ESC in the message
@example(text="5" + " " * 1000 + "x")  # cubic backtracking
@example(text="1" * 40 + "L")
@example(text=".5,5L")
@example(text="0.00000000000000000001Cr")
@given(text=st.one_of(st.text(max_size=50), st.lists(_PIECES, max_size=12).map("".join)))
def test_any_text_is_an_amount_in_range_or_one_input_error(text: str) -> None:
    """Whatever the text: an amount from BARE_MIN to below OFFER_MAX, or one short line."""
    for currency in ("INR", "USD"):
        try:
            amount = parse_offer(text, currency)
        except InputError as error:
            message = str(error)
            assert message.isprintable()
            assert len(message) <= 200
        else:
            assert isinstance(amount, int)
            assert BARE_MIN <= amount < OFFER_MAX


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
        (
            "IN",
            "32,5L",
            "mlsal: error: cannot read offer '32,5L': misplaced comma; for a decimal write 32.5L",
        ),
        ("IN", "9" * 5000, f"mlsal: error: offer '{'9' * 39}…' is too long to be an amount"),
        ("US", "$50", f"mlsal: error: offer '$50' is too small to be yearly pay; {FORMS}"),
        ("IN", "32L\x1b[2J", f"mlsal: error: cannot read offer '32L\\x1b[2J'; {FORMS}"),
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


# From 1 lakh: a yearly offer below it is refused as likely monthly pay (test_guiding_input).
@given(
    a=st.integers(min_value=100_000, max_value=99_999_999),
    b=st.integers(min_value=100_000, max_value=99_999_999),
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
