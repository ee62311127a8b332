"""The estimate card a person reads: published band, employer types, warnings, bars."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from bandsdoc import dump, minimal_document
from mlsal.bands.loader import parse_bands
from mlsal.bands.models import BandsFile
from mlsal.cli import app
from mlsal.errors import DataFileError
from mlsal.pay.estimate import Profile, estimate_salary
from mlsal.render.layout import offer_mark, range_bar

DEFAULT_INDIA_CARD = """\
Machine Learning Engineer pay · India · 5 years · Mid-level (4-9 years)
Estimate   ₹7.6 L – ₹13.1 L – ₹18 L  (low – mid – high, per year)
                  ├────●────┤
Published  ₹10 L – ₹25 L  (4-9 years as published, before factors)
                    ├──────●──────┤
           The article gives one range for all of 4-9 years; mlsal applies it at
           7 years, so at 5 years the estimate lies between the 0-3 years range
           and it.
Data age   newest source dated 2026-04-03, 7 months old
Based on   a range published in Machine Learning Engineer Salary Trends
           (2026-04-03); no pay records are counted behind it

No --employer given: the estimate is the market-wide band. Pay differs by
employer type; pick the row that matches yours (--employer KEY):
  it-services  ₹8.7 L – ₹15.1 L – ₹20.7 L   IT services (TCS, Infosys, Wipro,
               HCL, ...)
  consulting   ₹16.7 L – ₹28.8 L – ₹39.6 L  Consulting and engineering services
               (EPAM, IBM, Deloitte, ...)
  product      ₹25 L – ₹43.3 L – ₹59.4 L    Product company or startup
  big-tech     ₹35.2 L – ₹61 L – ₹83.7 L    Global big tech (Amazon, Google,
               Microsoft, ...)

Why
 Step            ┃    × ┃    Low ┃     Mid ┃  High ┃ Evidence
━━━━━━━━━━━━━━━━━╇━━━━━━╇━━━━━━━━╇━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━
 Base at 5 years │      │ ₹7.6 L │ ₹13.1 L │ ₹18 L │ article bands (article)
 Estimate        │ 1.00 │ ₹7.6 L │ ₹13.1 L │ ₹18 L │

Career path (same profile)
 Years ┃ Level     ┃     Low ┃     Mid ┃    High ┃ 0 to ₹40 L
━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━
     0 │ Entry     │  ₹3.8 L │  ₹6.4 L │  ₹7.9 L │  ├●┤
     2 │ Entry     │    ₹5 L │  ₹8.5 L │   ₹11 L │   ├●┤          ref
     5 │ Mid-level │  ₹7.6 L │ ₹13.1 L │   ₹18 L │   ├─●─┤        ← you
     7 │ Mid-level │   ₹10 L │ ₹17.5 L │   ₹25 L │    ├──●─┤      ref
    10 │ Senior    │ ₹19.3 L │ ₹26.5 L │ ₹33.1 L │       ├──●─┤
    12 │ Senior    │   ₹30 L │   ₹35 L │   ₹40 L │           ├●─┤ ref
    15 │ Senior    │   ₹30 L │   ₹35 L │   ₹40 L │           ├●─┤
    20 │ Senior    │   ₹30 L │   ₹35 L │   ₹40 L │           ├●─┤

Career path: each bar runs from low to high, ● the mid, on one scale; ref marks
a band's reference point, where its published range applies exactly.
Pay: annual cost to company (CTC), rupees per year. Band: Typical range for 4-9
years ("10 lakh to 20-25 lakh"; the top of 20-25 is used).
The article's India bands describe the market as a whole; large product and
global technology employers pay well above them (see --employer).
Cost of living, tax and benefits differ between countries; these are gross
figures.
Sources: article (mlsal data info; mlsal docs methodology).
"""


def card(runner: CliRunner, *argv: str, columns: int = 80) -> list[str]:
    result = runner.invoke(
        app, list(argv), env={"COLUMNS": str(columns), "MLSAL_TODAY": "2026-12-02"}
    )
    assert result.exit_code == 0, result.stderr
    return [line.rstrip() for line in result.stdout.splitlines()]


def test_default_india_card_is_exact(runner: CliRunner) -> None:
    lines = card(runner, "estimate", "--country", "IN", "--years", "5")
    assert lines == DEFAULT_INDIA_CARD.splitlines()


def test_json_carries_by_employer_and_the_published_wording(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", "-c", "IN", "-y", "5", "-f", "json"])
    doc = json.loads(result.stdout)
    assert doc["band_years"] == "4-10 y"
    assert doc["published_years"] == "4-9 years"
    assert (doc["published_low"], doc["published_high"]) == (1_000_000, 2_500_000)
    assert doc["by_employer"] == [
        {"key": "it-services", "label": "IT services (TCS, Infosys, Wipro, HCL, ...)",
         "multiplier": 1.15, "low": 872_000, "mid": 1_508_000, "high": 2_070_000},
        {"key": "consulting",
         "label": "Consulting and engineering services (EPAM, IBM, Deloitte, ...)",
         "multiplier": 2.2, "low": 1_667_000, "mid": 2_884_000, "high": 3_960_000},
        {"key": "product", "label": "Product company or startup",
         "multiplier": 3.3, "low": 2_501_000, "mid": 4_326_000, "high": 5_941_000},
        {"key": "big-tech", "label": "Global big tech (Amazon, Google, Microsoft, ...)",
         "multiplier": 4.65, "low": 3_524_000, "mid": 6_096_000, "high": 8_371_000},
    ]  # fmt: skip
    assert doc["warnings"] == []
    assert doc["based_on"] == (
        "a range published in Machine Learning Engineer Salary Trends (2026-04-03); "
        "no pay records are counted behind it"
    )


def test_an_employer_given_leaves_by_employer_empty(runner: CliRunner) -> None:
    argv = ["estimate", "-c", "IN", "-y", "5", "--employer", "product", "-f", "json"]
    doc = json.loads(runner.invoke(app, argv).stdout)
    assert doc["by_employer"] == []
    lines = card(runner, "estimate", "-c", "IN", "-y", "5", "--employer", "product")
    assert not [line for line in lines if line.startswith("No --employer given")]


STACKED = ["estimate", "-c", "IN", "-y", "12", "--employer", "big-tech", "--city", "bengaluru",
           "--cert", "phd", "--skill", "nlp"]  # fmt: skip


def test_stacked_factors_above_every_source_warn_on_card_and_in_json(runner: CliRunner) -> None:
    lines = card(runner, *STACKED)
    start = lines.index(
        "Warning    The estimate's mid, ₹2 Cr, is above the largest pay any bundled"
    )
    assert lines[start + 1 : start + 3] == [
        "           source reports for Senior (10+ years) in India, ₹1.8 Cr: the factors",
        "           stack beyond the evidence.",
    ]
    doc = json.loads(runner.invoke(app, [*STACKED, "-f", "json"]).stdout)
    assert doc["reported_top"] == 18_500_000
    assert doc["warnings"] == [
        "The estimate's mid, ₹2 Cr, is above the largest pay any bundled source reports "
        "for Senior (10+ years) in India, ₹1.8 Cr: the factors stack beyond the evidence."
    ]


def test_the_us_card_says_its_figures_are_for_a_tech_hub(runner: CliRunner) -> None:
    lines = card(runner, "estimate", "-c", "US", "-y", "2")
    assert lines[1:10] == [
        "Estimate   $100,000 – $140,000 – $180,000  (low – mid – high, per year)",
        "                        ├────●────┤",
        "Published  $100,000 – $180,000  (0-4 years as published, before factors)",
        "                        ├────●────┤",
        "           At 2 years the estimate is the published range itself, times the",
        "           factors.",
        "Data age   newest source dated 2026-04-03, 7 months old",
        "Based on   a range published in Machine Learning Engineer Salary Trends",
        "           (2026-04-03); no pay records are counted behind it",
    ]
    assert lines[10:12] == [
        "Place      The figures are for a US tech hub (the article's); for elsewhere give",
        "           --city.",
    ]
    with_city = card(runner, "estimate", "-c", "US", "-y", "2", "--city", "seattle")
    assert not [line for line in with_city if line.startswith("Place")]


def test_an_offer_is_marked_under_the_range_bar(runner: CliRunner) -> None:
    lines = card(runner, "estimate", "-c", "IN", "-y", "5", "--offer", "25L")
    assert lines[2:5] == [
        "                  ├────●────┤",
        "                                  ▲",
        "Offer      ₹25 L a year, inside the published 4-9 years range",
    ]


@pytest.mark.parametrize(
    ("low", "mid", "high", "top", "width", "bar"),
    [
        (0, 50, 100, 100, 11, "├────●────┤"),
        (50, 70, 100, 100, 11, "     ├─●──┤"),
        (10, 10, 10, 100, 11, " ●"),
        (0, 0, 0, 0, 5, "●"),
    ],
)
def test_range_bar(low: int, mid: int, high: int, top: int, width: int, bar: str) -> None:
    assert range_bar(low, mid, high, top, width=width) == bar


def test_range_bar_in_ascii_and_the_offer_mark() -> None:
    assert range_bar(0, 50, 100, 100, width=11, ascii=True) == "|----o----|"
    assert offer_mark(100, 100, width=11) == "          ▲"
    assert offer_mark(500, 100, width=11, ascii=True) == "          ^"


@pytest.mark.parametrize(
    ("country", "years", "text"),
    [
        ("IN", 7, "At 7 years the estimate is the published range itself, times the factors."),
        ("IN", 1, "The article gives one range for all of 0-3 years; mlsal applies it at 2 "
                  "years, and below that pay is lower, so at 1 years the estimate is below it."),
        ("IN", 8, "The article gives one range for all of 4-9 years; mlsal applies it at 7 "
                  "years, so at 8 years the estimate lies between it and the 10+ years range."),
        ("US", 20, "The article gives one range for all of 10+ years; mlsal applies it at 12 "
                   "years, and holds it beyond, so at 20 years the estimate is the published "
                   "range times the factors."),
    ],
)  # fmt: skip
def test_published_relation(bands: BandsFile, country: str, years: float, text: str) -> None:
    est = estimate_salary(bands, Profile(country=country, years=years))
    assert est.published_relation == text


def test_records_top_needs_its_source() -> None:
    document = minimal_document()
    band = next(iter(document["countries"].values()))["bands"][0]
    band["records_top"] = 5_000_000
    with pytest.raises(DataFileError, match="give records_top and records_top_source together"):
        parse_bands(dump(document).encode(), "fixture")


def test_published_years_may_not_be_empty() -> None:
    document = minimal_document()
    band = next(iter(document["countries"].values()))["bands"][0]
    band["published_years"] = ""
    with pytest.raises(DataFileError, match="published_years"):
        parse_bands(dump(document).encode(), "fixture")


def test_skills_say_why_an_observed_ratio_is_unused(runner: CliRunner) -> None:
    lines = card(runner, "skills", "--country", "US", columns=160)
    assert (
        " US      │ Deep learning               │ 1.00 │ assumption, ai-jobs: observed 1.33 "
        "from only 8 records, too few to use (15 needed)"
    ) in lines


def test_skills_say_the_india_specializations_are_one_claim(runner: CliRunner) -> None:
    lines = card(runner, "skills", "--country", "IN", columns=160)
    assert " IN      │ MLOps                       │ 1.05 │ the article's claim, no data" in lines
    assert (
        "IN: 5 specializations share 1.05, one claim of the article with no data behind it: "
        "not a ranking."
    ) in lines
