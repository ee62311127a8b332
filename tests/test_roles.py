"""--role: measured multipliers per country, refusals where records are too few, and the
market command's check of the article's ML engineer vs data scientist claim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlsal.bands.models import BandsFile
from mlsal.bands.names import market
from mlsal.cli import app


@pytest.mark.parametrize(
    ("country", "typed", "key", "multiplier"),
    [
        ("US", "data scientist", "data-scientist", 0.9),
        ("US", "applied-scientist", "applied-scientist", 1.1),
        ("US", "research-scientist", "research-scientist", 1.15),
        ("US", "AI engineer", "ai-engineer", 1.0),
        ("US", "mle", "machine-learning-engineer", 1.0),
        ("IN", "ds", "data-scientist", 0.65),
        ("IN", "machine-learning-engineer", "machine-learning-engineer", 1.0),
    ],
)
def test_a_role_is_priced_where_it_has_records(
    bands: BandsFile, country: str, typed: str, key: str, multiplier: float
) -> None:
    factor = market(bands, country).factor("role", typed)
    assert (factor.key, factor.multiplier) == (key, multiplier)
    assert factor.evidence.n is not None and factor.evidence.n >= 15


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["estimate", "-c", "IN", "-y", "5", "--role", "research-scientist"],
         "role 'research-scientist' is not priced for IN: no India offer of 2024 and 2025-H1 "
         "names this role (15 are needed)"),
        (["estimate", "-c", "IN", "-y", "5", "--role", "AI engineer"],
         "role 'ai-engineer' is not priced for IN: only 2 India offers of 2024 and 2025-H1 "
         "name this role (15 are needed)"),
        (["compare", "US", "IN", "-y", "5", "--role", "applied-scientist"],
         "in IN: role 'applied-scientist' is not priced for IN: only 5 India offers of 2024 "
         "and 2025-H1 name this role (15 are needed)"),
        (["compare", "US", "IN", "--role", "ds"],
         "--skill, --education, --employer and --role need --years"),
    ],
)  # fmt: skip
def test_a_role_without_records_is_refused_with_the_reason(
    runner: CliRunner, argv: list[str], line: str
) -> None:
    result = runner.invoke(app, argv)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"mlsal: error: {line}\n"


def test_estimate_names_the_role(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", "-c", "US", "-y", "5", "--role", "ds", "-f", "json"])
    payload = json.loads(result.stdout)
    assert payload["multiplier"] == 0.9
    [role] = [f for f in payload["factors"] if f["dimension"] == "role"]
    assert (role["key"], role["source"], role["n"]) == ("data-scientist", "h1b-lca", 4991)
    table = runner.invoke(app, ["estimate", "-c", "US", "-y", "5", "--role", "ds"])
    assert table.stdout.startswith("Data scientist pay · United States · 5 years")


def test_batch_takes_a_role_column(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "profiles.csv"
    path.write_text("country,years,role\nUS,5,data scientist\nUS,5,\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["role"], r["multiplier"]) for r in records] == [("data-scientist", 0.9), (None, 1.0)]


def test_market_checks_the_faq_claim_against_the_records(runner: CliRunner) -> None:
    result = runner.invoke(app, ["market", "--country", "US", "-f", "json"])
    [check] = json.loads(result.stdout)["checks"]
    assert check["fact"] == "ml-vs-data-science-pay"
    assert (check["country"], check["ratio"], check["gap_pct"], check["n"]) == (
        "US",
        0.921,
        8.6,
        4991,
    )
    assert check["finding"] == "supported: ML engineers earn slightly more"
    rows = runner.invoke(app, ["market", "-f", "csv"]).stdout.splitlines()
    assert rows[-1] == (
        "check,US,ml-vs-data-science-pay,data scientist / ML engineer 0.921 (n=4991): "
        "ML engineers earn +8.6%; supported: ML engineers earn slightly more,h1b-lca"
    )


def test_the_python_api_takes_a_role() -> None:
    import mlsal

    result = mlsal.estimate("US", 5, role="data scientist")
    assert [f.key for f in result.factors] == ["data-scientist"]
    compared = mlsal.compare("US", "IN", years=5, role="ds")
    assert compared.profile is not None and compared.profile.role == "ds"
