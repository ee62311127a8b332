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


# --- US areas ----------------------------------------------------------------------------


def _area(area_id: str, name: str, state: str, wage: float) -> factors.Area:
    return factors.Area(area_id, name, state, (wage, wage * 1.2, wage * 1.4, wage * 1.6))


@pytest.mark.parametrize(
    ("name", "state", "key", "cities"),
    [
        ("Chicago-Naperville-Elgin, IL-IN", "IL", "chicago-il", ("chicago", "naperville", "elgin")),
        ("Seattle-Tacoma-Bellevue, WA", "WA", "seattle", ("seattle", "tacoma", "bellevue")),
        ("St. Louis, MO-IL", "MO", "st-louis-mo", ("st louis",)),
        (
            "West Texas Region of Texas nonmetropolitan area",
            "TX",
            "west-texas-region-of-texas-nonmetro-tx",
            (),
        ),
        ("Guam MSA", "GU", "guam-gu", ()),
    ],
)
def test_area_keys_and_cities(name: str, state: str, key: str, cities: tuple[str, ...]) -> None:
    area = _area("1", name, state, 100.0)
    assert factors.area_key(area) == key
    assert area.cities == cities


def test_an_area_is_priced_against_the_hub_median_per_level() -> None:
    hubs = [_area(str(i), name, "XX", 100.0 + 10 * i) for i, name in enumerate(factors.HUB_AREAS)]
    reference = factors.hub_reference(hubs)
    assert reference[0] == pytest.approx(130.0)  # the median of 100, 110, ..., 160
    assert factors.area_multiplier(_area("x", "Town, XX", "XX", 65.0), reference) == pytest.approx(
        0.5
    )


def test_a_missing_hub_is_refused() -> None:
    with pytest.raises(ValueError, match="hub area is missing"):
        factors.hub_reference([_area("1", factors.HUB_AREAS[0], "CA", 1.0)])


def test_places_are_located_by_principal_city_or_suburb() -> None:
    areas = [
        _area("1", "San Jose-Sunnyvale-Santa Clara, CA", "CA", 1.0),
        _area("2", "Kansas City, MO-KS", "MO", 1.0),
    ]
    index = factors.place_index(areas)
    assert factors.locate("Sunnyvale", "CA", index) == "1"
    assert factors.locate(" MOUNTAIN VIEW ", "ca", index) == "1"  # a SUBURBS entry
    assert factors.locate("Overland Park", "KS", index) == "2"
    assert factors.locate("Kansas City", "KS", index) == "2"
    assert factors.locate("Sunnyvale", "TX", index) is None


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(1.0, 1), (2.0, 1), (3.0, 1)], 2.0),
        ([(1.0, 5), (2.0, 1), (3.0, 1)], 1.0),
        ([(1.0, 1), (2.0, 1)], 1.0),
    ],
)
def test_weighted_median(pairs: list[tuple[float, int]], expected: float) -> None:
    assert factors.weighted_median(pairs) == expected


def test_spearman_on_ranks() -> None:
    assert factors.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert factors.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)


def test_filing_ratios_use_the_median_of_hub_medians() -> None:
    def filing(area: str, wage: float) -> factors.Filing:
        return factors.Filing("E", "Data Scientist", "15-2051", "", "", wage, "II", area)

    filings = [filing("h1", 100.0), filing("h1", 300.0), filing("h2", 100.0), filing("h3", 150.0)]
    filings += [filing("a", 75.0), filing("a", 150.0)]
    ratios = factors.filing_area_ratios(filings, frozenset({"h1", "h2", "h3"}), min_n=2)
    # hub medians 200, 100, 150 -> reference 150; area a: 0.5 and 1.0
    assert ratios["a"] == factors.Ratio(0.75, 2)
    assert "h2" not in ratios  # one filing: below min_n


# --- US employers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employer", "typed"),
    [
        ("AMAZON.COM SERVICES LLC", ("big-tech", "amazon")),
        ("Amazon Web Services, Inc.", ("big-tech", "amazon")),
        ("META PLATFORMS, INC", ("big-tech", "meta")),
        ("Metaphor Labs", ("product", "")),
        ("Wal-Mart Associates, Inc.", ("product", "walmart")),
        ("McKinsey & Company, Inc. United States", ("consulting", "mckinsey")),
        ("Cognizant Technology Solutions", ("it-services", "cognizant")),
        ("Acme Robotics", ("product", "")),
    ],
)
def test_us_company(employer: str, typed: tuple[str, str]) -> None:
    assert factors.us_company(employer) == typed


def test_employer_ratios_compare_with_product_at_the_same_level_and_area() -> None:
    def filing(employer: str, wage: float, level: str = "II", area: str = "a") -> factors.Filing:
        return factors.Filing(employer, "Data Scientist", "15-2051", "", "", wage, level, area)

    filings = [filing("Acme", w) for w in (90.0, 100.0, 110.0)]
    filings += [filing("Google LLC", 120.0), filing("Google LLC", 130.0)]
    filings += [filing("Google LLC", 999.0, level="IV")]  # no product cell at level IV
    filings += [filing("Acme", 50.0, area="b"), filing("Infosys Limited", 40.0, area="b")]
    types, companies = factors.employer_ratios(filings)
    assert types["big-tech"] == factors.Ratio(pytest.approx(1.25), 2)
    assert types["product"] == factors.Ratio(1.0, 3)
    assert "it-services" not in types  # its area has one product filing: no reference
    assert companies == {"google": factors.Ratio(pytest.approx(1.25), 2)}


# --- India: growth between periods ---------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "city"),
    [("Bangalore, India", "bengaluru"), ("blr", "bengaluru"), ("Hyderabad (hybrid)", "hyderabad"),
     ("remote", None), ("bangalore/pune", None), ("", None), ("Mysore", "smaller")],
)  # fmt: skip
def test_india_city(location: str, city: str | None) -> None:
    assert factors.india_city(location) == city


def test_growth_is_the_median_over_matched_employer_and_years() -> None:
    def offer(company: str, years: float, total: float) -> factors.Offer:
        return factors.Offer(years=years, total=total, company=company, city=None)

    earlier = [offer("A", 2.5, 100), offer("A", 2.9, 300), offer("B", 5, 100), offer("C", 1, 50)]
    later = [offer("a", 2.0, 220), offer("B", 5.5, 110), offer("B", 4.0, 999), offer("D", 1, 9)]
    growth = factors.growth_rate(earlier, later, min_cells=2)
    # cells (a, 2): 220 / 200 = 1.1; (b, 5): 110 / 100 = 1.1
    assert growth == factors.Growth(factor=pytest.approx(1.1), cells=2, earlier=3, later=2)
    with pytest.raises(ValueError, match="only 2 employer-and-years cells"):
        factors.growth_rate(earlier, later, min_cells=3)
    assert [o.total for o in factors.moved(earlier[:2], 1.5)] == [150.0, 450.0]


# --- Roles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Senior Machine Learning Engineer", "machine-learning-engineer"),
        ("AI/ML Engineer", "machine-learning-engineer"),
        ("Generative AI Engineer", "ai-engineer"),
        ("Applied Scientist II", "applied-scientist"),
        ("Research Scientist, Machine Learning", "research-scientist"),
        ("Data Scientist III", "data-scientist"),
        ("Data Science Engineer", "data-scientist"),
        ("Data Analyst", None),
        ("SDE 2", None),
    ],
)
def test_role_of(title: str, role: str | None) -> None:
    assert factors.role_of(title) == role


def test_role_ratios_compare_with_ml_engineers_at_equal_level_and_area() -> None:
    def filing(title: str, wage: float, area: str = "a") -> factors.Filing:
        return factors.Filing("E", title, "15-2051", "", "", wage, "III", area)

    filings = [filing("ML Engineer", w) for w in (100.0, 100.0, 100.0)]
    filings += [filing("Data Scientist", 80.0), filing("Data Scientist", 90.0)]
    filings += [filing("Data Scientist", 10.0, area="b")]  # no ML engineers there
    ratios = factors.role_ratios(filings)
    assert ratios["data-scientist"] == factors.Ratio(pytest.approx(0.85), 2)
    assert ratios["machine-learning-engineer"] == factors.Ratio(1.0, 3)


def test_india_role_ratios_need_fifteen_of_each() -> None:
    def offer(total: float) -> factors.Offer:
        return factors.Offer(years=1, total=total, company="X", city=None)

    offers = [(offer(100.0), "machine-learning-engineer")] * 15
    offers += [(offer(50.0), "data-scientist")] * 15 + [(offer(1.0), "ai-engineer")] * 14
    counts, found = factors.india_role_ratios(offers, lambda years: 10.0)
    assert counts["ai-engineer"] == 14
    assert found == {
        "machine-learning-engineer": factors.Ratio(1.0, 15),
        "data-scientist": factors.Ratio(0.5, 15),
    }
    counts, found = factors.india_role_ratios(offers[1:], lambda years: 10.0)
    assert found == {}  # 14 ML engineers: no base to compare with


# --- India: the company list ---------------------------------------------------------------


def test_india_companies_lists_the_rules_names_and_frequent_product_companies() -> None:
    offers = (
        ["Flipkart"] * 3 + ["flipkart "] + ["Walmart"] * 2 + ["Walmart Global Tech"] * 2
        + ["HCL Tech", "Oracle (OCI)", "Oracle", "Service based", "Current Company"] * 4
        + ["JPMC", "JP Morgan Chase"] + ["JPMorgan Chase"] * 2 + ["Tiny Startup"] * 3
    )  # fmt: skip
    assert factors.india_companies(offers, min_n=4) == [
        factors.Company("Oracle", "big-tech", 8),
        factors.Company("Flipkart", "product", 4),
        factors.Company("HCL", "it-services", 4),
        factors.Company("JPMorgan Chase", "product", 4),
        factors.Company("Walmart", "product", 4),
    ]
    listed = factors.india_companies(offers, min_n=3)
    assert factors.Company("Tiny Startup", "product", 3) in listed


@pytest.mark.parametrize(
    ("alias", "written"),
    [("jpmorgan", "JPMorgan"), ("at&t", "AT&T"), ("boston consulting group",
      "Boston Consulting Group"), ("google", "Google")],
)  # fmt: skip
def test_us_company_written(alias: str, written: str) -> None:
    assert factors.us_company_written(alias) == written
