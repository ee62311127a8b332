"""The arithmetic of ``scripts/derive_factors.py`` (``scripts/factors.py``) on small made-up
fixtures: the reference data folder is never read here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import factors


@pytest.mark.parametrize(
    ("value", "rounded"), [(1.024, 1.0), (1.025, 1.05), (0.874, 0.85), (0.875, 0.9), (3.37, 3.35)]
)
def test_round_step_is_to_the_nearest_005_halves_up(value: float, rounded: float) -> None:
    assert factors.round_step(value) == rounded


@pytest.mark.parametrize(
    ("company", "kind"),
    [
        ("Amazon", "big-tech"),
        ("google india", "big-tech"),
        ("Amazonian Corp", "product"),
        ("TCS", "it-services"),
        ("EPAM Systems", "consulting"),
        ("Flipkart", "product"),
    ],
)
def test_india_employer_type(company: str, kind: str) -> None:
    assert factors.employer_type(company) == kind


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"yoe": "2", "total": "20", "company": "X", "location": "Bangalore"},
            (2.0, 2e6, "bengaluru"),
        ),
        ({"yoe": "5", "total": "30", "company": "X", "location": ""}, (5.0, 3e6, None)),
        ({"yoe": "", "total": "30", "company": "X", "location": ""}, None),
        ({"yoe": "5", "total": "0", "company": "X", "location": ""}, None),
        ({"yoe": "61", "total": "30", "company": "X", "location": ""}, None),
    ],
)
def test_parse_offer(row: dict[str, str], expected: tuple[float, float, str | None] | None) -> None:
    offer = factors.parse_offer(row)
    if expected is None:
        assert offer is None
    else:
        assert offer is not None
        assert (offer.years, offer.total, offer.city) == expected


def test_india_factors_on_a_fixture() -> None:
    offers = [
        factors.Offer(years=1, total=400, company="Google", city="pune"),
        factors.Offer(years=1, total=200, company="Google", city="bengaluru"),
        factors.Offer(years=1, total=100, company="Acme", city="bengaluru"),
        factors.Offer(years=1, total=300, company="Acme", city=None),
    ]
    result = factors.india_factors(offers, lambda years: 100.0)
    assert result.employer == {
        "product": factors.Ratio(2.0, 2),
        "big-tech": factors.Ratio(3.0, 2),
    }
    assert result.pooled == factors.Ratio(2.5, 4)
    # employer-adjusted: pune 4/3, bengaluru 2/3 and 1/2; pooled median 2/3
    assert result.located == 3
    assert result.city["pune"] == factors.Ratio(2.0, 1)
    assert result.city["bengaluru"].n == 2
    assert result.city["bengaluru"].value == pytest.approx((1 + 0.75) / 2)


def test_specialization_ratios_compare_at_equal_level() -> None:
    rows = [
        factors.SurveyRow("MLE", "EN", 100.0),
        factors.SurveyRow("MLE", "SE", 200.0),
        factors.SurveyRow("CV", "EN", 110.0),
        factors.SurveyRow("CV", "SE", 180.0),
        factors.SurveyRow("CV", "EX", 999.0),  # no MLE baseline at EX: left out
    ]
    baseline, found = factors.specialization_ratios(rows, {"cv": ("CV",)}, "MLE")
    assert baseline == {"EN": factors.Ratio(100.0, 1), "SE": factors.Ratio(200.0, 1)}
    assert found == {"cv": factors.Ratio(pytest.approx(1.0), 2)}
    assert not found["cv"].used


def test_a_median_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="median of no values"):
        factors.median([])
