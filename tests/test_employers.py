"""Company names as ``--employer``: each maps to its employer type through the data file's
company lists, and the card, the JSON and batch say or use the mapping; an unknown value's
error names what covers it."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from bandsdoc import dump, minimal_document
from mlsal.bands.loader import parse_bands
from mlsal.bands.models import BandsFile
from mlsal.bands.names import market
from mlsal.bands.schema import check_bytes
from mlsal.cli import app
from mlsal.errors import InputError
from mlsal.pay.estimate import Profile, estimate_salary
from mlsal.shell import complete_values

Document = dict[str, Any]


def _employers(document: Document) -> list[Document]:
    """Give the minimal document's country an employer group of two types with companies."""
    document["countries"]["XA"]["factors"]["employer"] = "emp-xa"
    neutral = {"kind": "neutral", "method": "test"}
    document["factor_groups"]["emp-xa"] = {
        "dimension": "employer",
        "label": "Employer type",
        "factors": [
            {"key": "services", "label": "IT services (Acme, ...)", "multiplier": 1.0,
             "aliases": ["outsourcing"], "companies": ["Acme Services"], "evidence": neutral},
            {"key": "product", "label": "Product company", "multiplier": 2.0,
             "aliases": ["startup"], "companies": ["Yak Corp", "AT&T"],
             "evidence": {"kind": "data", "source": "s", "n": 9, "method": "test"}},
        ],
    }  # fmt: skip
    factors: list[Document] = document["factor_groups"]["emp-xa"]["factors"]
    return factors


def _fixture() -> BandsFile:
    document = minimal_document()
    _employers(document)
    return parse_bands(dump(document).encode(), "f.yaml")


def _problems(document: Document) -> list[str]:
    return [str(problem) for problem in check_bytes(dump(document).encode(), "f.yaml").problems]


# --- resolution ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "key", "company"),
    [
        ("Yak Corp", "product", "Yak Corp"),
        ("  yak-CORP ", "product", "Yak Corp"),
        ("at&t", "product", "AT&T"),
        ("acme_services", "services", "Acme Services"),
        ("startup", "product", None),
        ("SERVICES", "services", None),
    ],
)
def test_a_company_resolves_to_its_type_and_is_remembered_as_listed(
    typed: str, key: str, company: str | None
) -> None:
    factor, named = market(_fixture(), "XA").choice("employer", typed)
    assert (factor.key, named) == (key, company)


def test_the_estimate_remembers_the_company() -> None:
    bands = _fixture()
    named = estimate_salary(bands, Profile(country="XA", years=2, employer="yak corp"))
    by_type = estimate_salary(bands, Profile(country="XA", years=2, employer="product"))
    assert named.employer_company == "Yak Corp"
    assert by_type.employer_company is None
    assert (named.low, named.mid, named.high) == (by_type.low, by_type.mid, by_type.high)


def test_an_unknown_company_names_the_types_to_pick_from() -> None:
    with pytest.raises(InputError) as raised:
        market(_fixture(), "XA").factor("employer", "Zeta Labs")
    assert str(raised.value) == (
        "unknown employer 'Zeta Labs'; not in the company list: name its type instead, one of "
        "services (IT services), product (Product company)"
    )


def test_a_near_miss_suggests_the_company_as_listed() -> None:
    with pytest.raises(InputError) as raised:
        market(_fixture(), "XA").factor("employer", "Yak Crop")
    assert str(raised.value) == (
        "unknown employer 'Yak Crop'; did you mean Yak Corp? (not in the company list: name its "
        "type instead, one of services (IT services), product (Product company))"
    )


def test_a_group_without_companies_keeps_its_plain_message() -> None:
    bands = parse_bands(dump(minimal_document()).encode(), "f.yaml")
    with pytest.raises(InputError) as raised:
        market(bands, "XA").factor("city", "Atlantis")
    assert str(raised.value) == "unknown city 'Atlantis'; valid: hub, town"


def test_the_unlisted_choice_is_named_for_an_unknown_value() -> None:
    document = minimal_document()
    document["factor_groups"]["city-xa"]["unlisted"] = "town"
    bands = parse_bands(dump(document).encode(), "f.yaml")
    with pytest.raises(InputError) as raised:
        market(bands, "XA").factor("city", "Atlantis")
    assert str(raised.value) == (
        "unknown city 'Atlantis'; town covers any city not listed; valid: hub, town"
    )


def test_companies_complete_as_names_once_typing_starts() -> None:
    document = minimal_document()
    _employers(document)
    assert complete_values(document, "employer", "") == [
        ("services", "IT services (Acme, ...)"),
        ("product", "Product company"),
    ]
    assert complete_values(document, "employer", "yak") == [
        ("Yak-Corp", "Product company (product)")
    ]


# --- the data file's checks ----------------------------------------------------------------


def test_a_company_under_two_types_is_refused() -> None:
    document = minimal_document()
    _employers(document)[0]["companies"] = ["Acme Services", "yak corp"]
    assert _problems(document) == [
        "f.yaml:61: factor_groups.emp-xa.factors: company 'Yak Corp' is listed under both "
        "'services' and 'product'"
    ]


def test_a_company_that_is_another_choices_name_is_refused() -> None:
    document = minimal_document()
    _employers(document)[1]["companies"] = ["Yak Corp", "OutSourcing"]
    assert _problems(document) == [
        "f.yaml:61: factor_groups.emp-xa.factors: company 'OutSourcing' of 'product' is also a "
        "name of 'services'"
    ]


def test_an_unlisted_choice_must_be_a_key_of_the_group() -> None:
    document = minimal_document()
    document["factor_groups"]["city-xa"]["unlisted"] = "village"
    assert _problems(document) == [
        "f.yaml:39: factor_groups.city-xa: unlisted 'village' is not a key of the group's factors"
    ]


# --- the bundled data, through the CLI -----------------------------------------------------


def _card(runner: CliRunner, *argv: str) -> list[str]:
    result = runner.invoke(
        app, ["estimate", *argv], env={"COLUMNS": "100", "MLSAL_TODAY": "2026-12-02"}
    )
    assert result.exit_code == 0, result.stderr
    return [line.rstrip() for line in result.stdout.splitlines()]


def test_the_card_says_how_the_company_was_counted(runner: CliRunner) -> None:
    lines = _card(runner, "-c", "IN", "-y", "5", "--employer", "flipkart")
    assert (
        "Employer   Flipkart, counted as Product company or startup (×3.30; company list from "
        "india-offers)"
    ) in lines
    lines = _card(runner, "-c", "US", "-y", "5", "--employer", "boston consulting group")
    said = " ".join(line.strip() for line in lines if line.startswith(("Employer ", " " * 11)))
    assert (
        "Boston Consulting Group, counted as Consulting and analytics firms (BCG, McKinsey, "
        "Deloitte, ...) (×1.25; company list from h1b-lca)"
    ) in said


def test_a_type_named_gives_no_employer_line(runner: CliRunner) -> None:
    lines = _card(runner, "-c", "IN", "-y", "5", "--employer", "product")
    assert not [line for line in lines if line.startswith("Employer ")]


@pytest.mark.parametrize(
    ("argv", "company", "key"),
    [
        (["-c", "IN", "--employer", " FlipKart "], "Flipkart", "product"),
        (["-c", "IN", "--employer", "infosys"], "Infosys", "it-services"),
        (["-c", "IN", "--employer", "Stripe"], "Stripe", "big-tech"),
        (["-c", "US", "--employer", "google"], "Google", "big-tech"),
        (["-c", "US", "--employer", "big-tech"], None, "big-tech"),
        (["-c", "US"], None, None),
    ],
)
def test_json_carries_the_company(
    runner: CliRunner, argv: list[str], company: str | None, key: str | None
) -> None:
    result = runner.invoke(app, ["estimate", "-y", "5", *argv, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["employer_company"] == company
    assert [f["key"] for f in doc["factors"] if f["dimension"] == "employer"] == (
        [key] if key else []
    )


def test_batch_takes_company_names_and_keeps_its_columns(runner: CliRunner) -> None:
    text = "country,years,employer\nIN,5,Flipkart\nUS,3,BCG\n"
    result = runner.invoke(app, ["batch", "-"], input=text)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "row", "country", "currency", "years", "level", "low", "mid", "high", "multiplier",
        "skill", "education", "city", "employer", "role", "offer",
    ]  # fmt: skip
    assert [(r[1], r[12]) for r in rows[1:]] == [("IN", "product"), ("US", "consulting")]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["-c", "IN", "--employer", "Zoho"],
         "unknown employer 'Zoho'; did you mean Zomato? (not in the company list: name its type "
         "instead, one of it-services (IT services), consulting (Consulting and engineering "
         "services), product (Product company or startup), big-tech (Global big tech))"),
        (["-c", "US", "--employer", "Hooli"],
         "unknown employer 'Hooli'; not in the company list: name its type instead, one of "
         "it-services (IT services and outsourcing), consulting (Consulting and analytics "
         "firms), product (Product company or startup), big-tech (Global big tech)"),
        (["-c", "US", "--city", "Smalltown"],
         "unknown city 'Smalltown'; did you mean allentown-pa, canton-oh, dalton-ga? "
         "(rest-of-us covers any city not listed)"),
        (["-c", "US", "--city", "Smalltown, TX"],
         "unknown city 'Smalltown, TX'; did you mean mcallen-tx, amarillo-tx, dallas-tx? "
         "(nonmetro-tx covers a place in TX outside the listed metro areas)"),
        (["-c", "US", "--city", "Zzyzx wy"],
         "unknown city 'Zzyzx wy'; nonmetro-wy covers a place in WY outside the listed "
         "metro areas; 581 are valid (sf-bay-area, rest-of-us, abilene-tx, ...; mlsal data info "
         "lists them)"),
        (["-c", "IN", "--city", "Surat"],
         "unknown city 'Surat'; smaller-city covers any city not listed; valid: bengaluru, "
         "hyderabad, gurugram, pune, delhi-ncr, chennai, mumbai, smaller-city"),
    ],
)  # fmt: skip
def test_unknown_values_say_what_covers_them(runner: CliRunner, argv: list[str], line: str) -> None:
    result = runner.invoke(app, ["estimate", "-y", "5", *argv])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"mlsal: error: {line}\n"
