"""The estimator core: article figures at band anchors, interpolation, factors, errors."""

from __future__ import annotations

import itertools
import json
import math
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlsal.bands.models import BandsFile
from mlsal.cli import app
from mlsal.errors import InputError
from mlsal.pay.estimate import (
    Profile,
    band_at,
    base_pay,
    career_path,
    check_years,
    estimate_salary,
    market,
    parse_years,
)


@pytest.mark.parametrize(
    ("country", "years", "expected"),
    [
        ("US", 2, (100_000, 140_000, 180_000)),
        ("US", 7, (144_000, 199_000, 253_000)),
        ("US", 12, (174_000, 240_000, 306_000)),
        ("IN", 2, (500_000, 850_000, 1_100_000)),
        ("IN", 7, (1_000_000, 1_750_000, 2_500_000)),
        ("IN", 12, (3_000_000, 3_500_000, 4_000_000)),
    ],
)
def test_article_range_holds_exactly_at_each_band_reference(
    bands: BandsFile, country: str, years: float, expected: tuple[int, int, int]
) -> None:
    est = estimate_salary(bands, Profile(country=country, years=years))
    assert (est.low, est.mid, est.high) == expected
    assert est.multiplier == 1
    assert est.factors == ()


@pytest.mark.parametrize(
    ("years", "level"), [(0, "entry"), (3.5, "entry"), (4, "mid"), (9.99, "mid"), (10, "senior")]
)
def test_years_map_to_bands_without_gap_or_overlap(
    bands: BandsFile, years: float, level: str
) -> None:
    for code in ("IN", "US"):
        assert band_at(bands.countries[code], years).key == level


def test_pay_moves_smoothly_across_band_edges(bands: BandsFile) -> None:
    country = bands.countries["IN"]
    for edge in (4.0, 10.0):
        before = base_pay(country, edge - 1e-6)
        after = base_pay(country, edge)
        for a, b in zip(before, after, strict=True):
            assert math.isclose(a, b, rel_tol=1e-5)


def test_pay_rises_strictly_until_the_senior_reference_then_holds(bands: BandsFile) -> None:
    country = bands.countries["US"]
    steps = [i / 4 for i in range(0, 12 * 4 + 1)]
    mids = [base_pay(country, y)[1] for y in steps]
    assert all(b > a for a, b in itertools.pairwise(mids))
    assert base_pay(country, 12) == base_pay(country, 40)


def test_interpolation_is_geometric_between_anchors(bands: BandsFile) -> None:
    low, _, _ = base_pay(bands.countries["US"], 4.5)  # halfway between anchors 2 and 7
    assert low == pytest.approx(math.sqrt(100_000 * 144_000))


def test_factors_multiply_every_amount(bands: BandsFile) -> None:
    plain = estimate_salary(bands, Profile(country="IN", years=5))
    est = estimate_salary(
        bands, Profile(country="IN", years=5, city="Bengaluru", skill="nlp", employer="product")
    )
    assert [f.key for f in est.factors] == ["nlp", "bengaluru", "product"]
    assert est.multiplier == pytest.approx(1.05 * 1.05 * 3.3)
    assert (est.base_low, est.base_mid, est.base_high) == (
        plain.low,
        plain.mid,
        plain.high,
    )
    assert abs(est.mid - plain.base_mid * est.multiplier) <= 1000


@pytest.mark.parametrize(
    ("typed", "key"),
    [("bangalore", "bengaluru"), ("BENGALURU", "bengaluru"), ("Gurgaon", "gurugram"),
     ("Bombay", "mumbai"), ("new delhi", "delhi-ncr"), ("Tier 2", "smaller-city")],
)  # fmt: skip
def test_city_aliases_and_case(bands: BandsFile, typed: str, key: str) -> None:
    assert market(bands, "in").factor("city", typed).key == key


@pytest.mark.parametrize(("typed", "code"), [("us", "US"), ("USA", "US"), ("India", "IN")])
def test_country_names(bands: BandsFile, typed: str, code: str) -> None:
    assert market(bands, typed).code == code


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (Profile(country="UK", years=3), "unknown country 'UK'; valid: IN, US"),
        (
            Profile(country="usaa", years=3),
            "unknown country 'usaa'; did you mean US? (valid: IN, US)",
        ),
        (
            Profile(country="IN", years=3, city="Bangalor"),
            "unknown city 'Bangalor'; did you mean bengaluru? (valid: bengaluru, hyderabad, "
            "gurugram, pune, delhi-ncr, chennai, mumbai, smaller-city; smaller-city covers any "
            "city not listed)",
        ),
        (
            Profile(country="US", years=3, skill="nlpp"),
            "unknown skill 'nlpp'; did you mean nlp? (valid: general, deep-learning, "
            "computer-vision, nlp, generative-ai, mlops)",
        ),
    ],
)
def test_bad_profiles_name_the_problem(bands: BandsFile, profile: Profile, message: str) -> None:
    with pytest.raises(InputError) as caught:
        estimate_salary(bands, profile)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("years", "message"),
    [
        (-1, "years must be a number from 0 to 60, not -1"),
        (61, "years must be a number from 0 to 60, not 61"),
        (math.nan, "years must be a number from 0 to 60, not nan"),
        (math.inf, "years must be a number from 0 to 60, not inf"),
    ],
)
def test_a_profile_checks_its_years_when_built(years: float, message: str) -> None:
    with pytest.raises(InputError) as caught:
        Profile(country="US", years=years)
    assert str(caught.value) == message


def test_a_profile_reads_minus_zero_years_as_zero() -> None:
    assert math.copysign(1, Profile(country="US", years=-0.0).years) == 1


def test_career_path_has_each_band_reference_and_the_profile(bands: BandsFile) -> None:
    est = estimate_salary(bands, Profile(country="US", years=5.5, employer="big-tech"))
    years = [p.years for p in est.career_path]
    assert years == [0, 2, 5, 5.5, 7, 10, 12, 15, 20]
    assert [p.years for p in est.career_path if p.reference] == [2, 7, 12]
    (current,) = [p for p in est.career_path if p.current]
    assert (current.low, current.mid, current.high) == (est.low, est.mid, est.high)


def test_career_path_scales_with_the_multiplier(bands: BandsFile) -> None:
    country = bands.countries["US"]
    plain = career_path(country, 1.0)
    scaled = career_path(country, 1.15)
    for a, b in zip(plain, scaled, strict=True):
        assert abs(b.mid - a.mid * 1.15) <= 1000


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("5", 5.0), ("3.5", 3.5), (".5", 0.5), ("0", 0.0), (" 7 ", 7.0), ("60", 60.0),
        ("5.", 5.0), ("0060", 60.0), ("\t12.25\n", 12.25),
        # -0 was kept as -0.0 and printed as "-0 years".
        ("-0", 0.0), ("-0.0", 0.0), ("-.0", 0.0),
    ],
)  # fmt: skip
def test_years_as_plain_decimals(text: str, years: float) -> None:
    read = parse_years(text)
    assert read == years
    assert math.copysign(1.0, read) == 1.0


PLAIN = "years must be a plain decimal number from 0 to 60 (like 5 or 3.5), not"
RANGE = "years must be a number from 0 to 60, not"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # float() read these as years: 1_0 and 1e1 as 10, +5 and a full-width 5 as 5.
        ("1_0", f"{PLAIN} '1_0'"),
        ("1e1", f"{PLAIN} '1e1'"),
        ("1E1", f"{PLAIN} '1E1'"),
        ("5e-1", f"{PLAIN} '5e-1'"),
        ("+5", f"{PLAIN} '+5'"),
        ("５", f"{PLAIN} '５'"),
        ("٥", f"{PLAIN} '٥'"),
        ("1e-400", f"{PLAIN} '1e-400'"),
        # Non-finite forms keep their messages.
        ("inf", f"{RANGE} inf"),
        ("infinity", f"{RANGE} inf"),
        ("-Infinity", f"{RANGE} -inf"),
        ("nan", f"{RANGE} nan"),
        ("1e400", f"{RANGE} inf"),
        # Out of range: the number as typed, not as %g made it (1.23457e+06, inf).
        ("-1", f"{RANGE} -1"),
        ("-.5", f"{RANGE} -.5"),
        ("61", f"{RANGE} 61"),
        ("1234567", f"{RANGE} 1234567"),
        ("9" * 400, f"{RANGE} {'9' * 39}…"),
        # Not numbers: quoted, control characters escaped, cut to 40 characters.
        ("0x10", f"{RANGE} '0x10'"),
        ("", f"{RANGE} ''"),
        ("-", f"{RANGE} '-'"),
        (".", f"{RANGE} '.'"),
        ("1.2.3", f"{RANGE} '1.2.3'"),
        ("--5", f"{RANGE} '--5'"),
        ("\x1b[2J5", f"{RANGE} '\\x1b[2J5'"),
        ("5\n6", f"{RANGE} '5\\n6'"),
        ("x" * 5000, f"{RANGE} '{'x' * 39}…'"),
        ("\x00" * 50, f"{RANGE} '" + "\\x00" * 9 + "…'"),
    ],
)
def test_years_refused_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_years(text)
    assert str(caught.value) == message


def test_check_years_gives_positive_zero_and_refuses_huge_ints() -> None:
    assert math.copysign(1.0, check_years(-0.0)) == 1.0
    with pytest.raises(InputError) as caught:
        check_years(10**400)  # OverflowError before
    assert str(caught.value) == "years must be a number from 0 to 60, not inf"


_YEAR_PIECES = st.sampled_from(
    ["0", "1", "5", "6", "9", ".", "-", "+", "e", "E", "_", " ", "\n", "５", "x", "inf", "nan"]
)


@settings(deadline=None)
@example(text="-0")  # -0.0
@example(text="1e1")  # 10, from a float literal
@example(text="1_0")
@example(text="+5")
@example(text="５")
@example(text="\x1b")  # raw ESC in the message
@example(text="9" * 400)
@given(text=st.one_of(st.text(max_size=30), st.lists(_YEAR_PIECES, max_size=8).map("".join)))
def test_any_text_is_plain_years_in_range_or_one_input_error(text: str) -> None:
    """Accepted years were typed as a plain decimal and are a +0.0..60 float; else one line."""
    try:
        years = parse_years(text)
    except InputError as error:
        assert str(error).isprintable()
        assert len(str(error)) <= 120
    else:
        assert re.fullmatch(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)", text.strip(), flags=re.ASCII)
        assert 0 <= years <= 60
        assert math.copysign(1.0, years) == 1.0


def test_cli_reads_minus_zero_years_as_zero(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", "-c", "IN", "-y", "-0", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    years = json.loads(result.stdout)["years"]
    assert (years, math.copysign(1.0, years)) == (0, 1.0)
    table = runner.invoke(app, ["estimate", "-c", "IN", "-y", "-0"])
    assert " · India · 0 years · " in table.stdout.splitlines()[0]


@pytest.mark.parametrize(
    ("years", "line"),
    [
        ("1e1", f"mlsal: error: {PLAIN} '1e1'"),
        ("1_0", f"mlsal: error: {PLAIN} '1_0'"),
        ("５", f"mlsal: error: {PLAIN} '５'"),
        ("5\x1b[2J", f"mlsal: error: {RANGE} '5\\x1b[2J'"),
    ],
)
def test_cli_refuses_years_that_are_not_plain_decimals(
    runner: CliRunner, years: str, line: str
) -> None:
    result = runner.invoke(app, ["estimate", "-c", "IN", "-y", years])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == line + "\n"
