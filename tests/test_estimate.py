"""The estimator core: article figures at band anchors, interpolation, factors, errors."""

from __future__ import annotations

import itertools
import math

import pytest

from mlsal.bands.models import BandsFile
from mlsal.errors import InputError
from mlsal.pay.estimate import (
    Profile,
    band_at,
    base_pay,
    career_path,
    estimate_salary,
    market,
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
    assert est.multiplier == pytest.approx(1.05 * 1.05 * 3.35)
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
            "gurugram, pune, delhi-ncr, chennai, mumbai, smaller-city)",
        ),
        (
            Profile(country="US", years=3, skill="nlpp"),
            "unknown skill 'nlpp'; did you mean nlp? (valid: general, deep-learning, "
            "computer-vision, nlp, generative-ai, mlops)",
        ),
        (Profile(country="US", years=-1), "years must be a number from 0 to 60, not -1"),
        (Profile(country="US", years=61), "years must be a number from 0 to 60, not 61"),
        (Profile(country="US", years=math.nan), "years must be a number from 0 to 60, not nan"),
    ],
)
def test_bad_profiles_name_the_problem(bands: BandsFile, profile: Profile, message: str) -> None:
    with pytest.raises(InputError) as caught:
        estimate_salary(bands, profile)
    assert str(caught.value) == message


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
