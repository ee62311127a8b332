"""`mlsal takehome` and `mlsal data ... --tax` through the CLI: JSON, CSV, the card, and
one-line errors."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlsal.cli import app

TAKEHOME_KEYS = [
    "schema_version", "kind", "country", "currency", "tax_year", "regime", "state", "filing",
    "amount", "gross", "taxable_income", "taxes", "contributions", "net_annual", "net_monthly",
    "effective_rate", "marginal_rate", "sources",
]  # fmt: skip

BUNDLED_TAX = (resources.files("mlsal") / "data" / "tax.yaml").read_text(encoding="utf-8")


def run_json(runner: CliRunner, *argv: str) -> dict[str, object]:
    result = runner.invoke(app, ["takehome", *argv, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    document: dict[str, object] = json.loads(result.stdout)
    return document


def by_key(lines: object) -> dict[str, object]:
    assert isinstance(lines, list)
    return {line["key"]: line["amount"] for line in lines}


def test_json_of_30_lakh_ctc_new_regime_karnataka(runner: CliRunner) -> None:
    doc = run_json(runner, "30L", "--country", "IN", "--state", "KA")
    assert list(doc) == TAKEHOME_KEYS
    assert (doc["kind"], doc["country"], doc["currency"], doc["tax_year"]) == (
        "takehome",
        "IN",
        "INR",
        "2026-27",
    )
    assert (doc["regime"], doc["state"], doc["filing"]) == ("new", "KA", None)
    assert (doc["amount"], doc["gross"], doc["taxable_income"]) == (3_000_000, 2_747_850, 2_672_850)
    assert by_key(doc["taxes"]) == {
        "income_tax": 381_855,
        "surcharge": 0,
        "cess": 15_275,
        "professional_tax": 2_500,
    }
    assert by_key(doc["contributions"]) == {
        "employee_pf": 180_000,
        "employer_pf": 180_000,
        "gratuity": 72_150,
        "employer_nps": 0,
    }
    assert (doc["net_annual"], doc["net_monthly"]) == (2_168_220, 180_685)
    assert (doc["effective_rate"], doc["marginal_rate"]) == (0.1454, 0.31)
    sources = doc["sources"]
    assert isinstance(sources, list)
    assert sources[0]["source"] == "in-budget-2026"
    assert set(sources[0]) == {"rule", "tax_year", "source", "title", "date", "confirmed"}


def test_json_of_200k_single_in_california(runner: CliRunner) -> None:
    doc = run_json(runner, "$200k", "--country", "US", "--state", "CA")
    assert list(doc) == TAKEHOME_KEYS
    assert (doc["currency"], doc["tax_year"], doc["state"], doc["filing"]) == (
        "USD",
        "2026",
        "CA",
        "single",
    )
    assert by_key(doc["taxes"]) == {
        "federal_income_tax": 36_734,
        "social_security": 11_439,
        "medicare": 2_900,
        "state_income_tax": 14_355,
        "local_income_tax": None,
        "state_payroll": 2_600,
    }
    assert (doc["net_annual"], doc["net_monthly"], doc["effective_rate"]) == (
        131_972,
        10_997,
        0.3401,
    )


def test_the_us_default_state_is_texas_and_the_card_says_so(runner: CliRunner) -> None:
    doc = run_json(runner, "200000", "-c", "US")
    assert doc["state"] == "TX"
    result = runner.invoke(app, ["takehome", "200000", "-c", "US"])
    assert "State: Texas by default (--state to choose)." in result.stdout


def test_stock_and_pretax(runner: CliRunner) -> None:
    doc = run_json(runner, "150k", "-c", "US", "--stock", "400k/4", "--pretax", "20k")
    assert doc["gross"] == 250_000
    assert by_key(doc["contributions"]) == {"pretax": 20_000}


def test_regime_both_puts_the_better_one_on_top(runner: CliRunner) -> None:
    doc = run_json(
        runner, "30L", "-c", "IN", "--state", "MH", "--city", "Mumbai", "--regime", "both",
        "--rent", "60000", "--80c", "50k",
    )  # fmt: skip
    regimes = doc["regimes"]
    assert isinstance(regimes, list)
    assert [r["regime"] for r in regimes] == ["new", "old"]
    best = max(regimes, key=lambda r: r["net_annual"])
    assert doc["regime"] == best["regime"]
    assert doc["net_annual"] == best["net_annual"]
    old = by_key(regimes[1]["taxes"])
    assert old["professional_tax"] == 2_500


def test_csv_has_one_row_per_line_of_the_waterfall(runner: CliRunner) -> None:
    result = runner.invoke(app, ["takehome", "30L", "-c", "IN", "--state", "KA", "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "country", "currency", "tax_year", "regime", "state", "filing", "section", "key",
        "label", "amount",
    ]  # fmt: skip
    assert [(r[6], r[7], r[9]) for r in rows[1:]] == [
        ("amount", "amount", "3000000"),
        ("component", "basic", "1500000"),
        ("component", "hra", "600000"),
        ("component", "special", "647850"),
        ("outside", "employer_pf", "-180000"),
        ("outside", "gratuity", "-72150"),
        ("gross", "gross", "2747850"),
        ("deduction", "standard_deduction", "-75000"),
        ("taxable", "taxable_income", "2672850"),
        ("tax", "income_tax", "-381855"),
        ("tax", "surcharge", "0"),
        ("tax", "cess", "-15275"),
        ("tax", "professional_tax", "-2500"),
        ("contribution", "employee_pf", "-180000"),
        ("net", "net_annual", "2168220"),
        ("net", "net_monthly", "180685"),
    ]


def test_the_card_shows_the_waterfall_and_the_net(runner: CliRunner) -> None:
    result = runner.invoke(app, ["takehome", "30L", "-c", "IN", "--state", "KA"])
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0] == "Take-home pay · India · tax year 2026-27 · new regime · Karnataka"
    assert lines[1] == "Take-home  ₹21,68,220 a year · ₹1,80,685 a month"
    assert lines[2] == "Tax rate  14.5% effective · 31.0% marginal (all taxes on the next 1,000)"
    assert " Income tax                       │ −₹3,81,855" in lines
    assert "Saved, not lost: Employee PF ₹1,80,000, Employer PF ₹1,80,000." in lines


def test_no_state_in_india_says_professional_tax_is_not_counted(runner: CliRunner) -> None:
    doc = run_json(runner, "30L", "-c", "IN")
    assert doc["state"] is None
    assert by_key(doc["taxes"])["professional_tax"] is None


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (
            ["30L", "-c", "IN", "--state", "GJ"],
            "no professional-tax rules for state 'GJ' in the tax data; "
            "known: DL, HR, KA, MH, TN, TS, UP",
        ),
        (
            ["200k", "-c", "US", "--state", "FL"],
            "no tax rules for US state 'FL' in the tax data; known: CA, MA, NY, TX, WA",
        ),
        (["-c", "IN", "--", "-30L"], "amount '-30L' must be above zero"),
        (
            ["30L", "-c", "IN", "--basic", "150"],
            "--basic must be a percent from 0 to 100 (got 150)",
        ),
        (["30L", "-c", "IN", "--nps", "-1"], "--nps must be a percent from 0 to 100 (got -1)"),
        (["200k", "-c", "US", "--regime", "old"], "--regime applies to --country IN only"),
        (["30L", "-c", "IN", "--pretax", "5000"], "--pretax applies to --country US only"),
        (["30L", "-c", "FR"], "unknown country 'FR' for takehome; valid: IN, US"),
        (
            ["30L", "-c", "US"],
            "amount '30L' is in INR but --country US takes USD; give the amount in USD",
        ),
        (["200k", "-c", "US", "--stock", "400k"], "--stock '400k': write VALUE/YEARS, e.g. 400k/4"),
        (
            ["200k", "-c", "US", "--state", "CA", "--local", "sf"],
            "no local income tax 'sf' in California in the tax data; known: nyc (NY)",
        ),
        (
            ["30L", "-c", "IN", "--basic", "90", "--hra", "100"],
            "the structure takes 5,853,870 of a CTC of 3,000,000: lower --basic, --hra, "
            "--nps or --variable",
        ),
    ],
)
def test_bad_input_is_one_line(runner: CliRunner, argv: list[str], line: str) -> None:
    result = runner.invoke(app, ["takehome", *argv])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"mlsal: error: {line}\n")


def test_a_replacement_tax_file_is_used(runner: CliRunner, tmp_path: Path) -> None:
    """--tax-data: Karnataka's professional tax changed in a user's copy of the rules."""
    mine = tmp_path / "tax.yaml"
    mine.write_text(
        BUNDLED_TAX.replace(
            "{monthly_from: 25000, annual: 2500}", "{monthly_from: 25000, annual: 2400}"
        ),
        encoding="utf-8",
    )
    doc = run_json(runner, "30L", "-c", "IN", "--state", "KA", "--tax-data", str(mine))
    assert by_key(doc["taxes"])["professional_tax"] == 2_400


def test_a_broken_tax_file_is_one_line_and_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "tax.yaml"
    mine.write_text(BUNDLED_TAX.replace("    rate_pct: 6.2\n", "    rate_pct: 620\n"), "utf-8")
    line = BUNDLED_TAX.splitlines().index("    rate_pct: 6.2") + 1
    result = runner.invoke(app, ["takehome", "200k", "-c", "US", "--tax-data", str(mine)])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"mlsal: error: {mine}:{line}: us.social_security.rate_pct: "
        "Input should be less than or equal to 100 (got 620)\n"
    )


def test_data_validate_covers_the_tax_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["data", "validate", "--tax"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "bundled data/tax.yaml: valid: 25 sources; India 2026-27 (2 regimes, professional tax "
        "in 7 states); US 2026 (5 states: CA, NY, WA, TX, MA)\n"
    )
    mine = tmp_path / "tax.yaml"
    mine.write_text(BUNDLED_TAX.replace("default_state: TX", "default_state: FL"), "utf-8")
    result = runner.invoke(app, ["data", "validate", "--tax", str(mine)])
    assert result.exit_code == 3
    assert result.stderr.endswith("us.default_state: 'FL' is not among the states\n")


def test_data_info_lists_the_tax_rules(runner: CliRunner) -> None:
    result = runner.invoke(app, ["data", "info", "--tax", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["kind"], doc["file"]) == ("data-info-tax", "bundled data/tax.yaml")
    assert doc["data"]["us"]["social_security"]["wage_base"] == 184_500
    table = runner.invoke(app, ["data", "info", "--tax"])
    assert "US: tax year 2026; states: CA California (2025, not all confirmed)" in table.stdout


def test_state_completion_comes_from_the_tax_file() -> None:
    from mlsal.shell import completions

    assert completions("state", "K", data=None, country="IN") == [("KA", "Karnataka")]
    assert completions("state", "", data=None, country="usa") == [
        ("CA", "California"), ("NY", "New York"), ("WA", "Washington"), ("TX", "Texas"),
        ("MA", "Massachusetts"),
    ]  # fmt: skip
    # offered as typed (Typer keeps values that start with the typed text); any case works
    assert [code for code, _ in completions("state", "t", data=None)] == ["tn", "ts", "tx"]


_RUN = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write(json.dumps(sorted(sys.modules))))
sys.argv = ["mlsal", *json.loads(sys.argv[1])]
from mlsal.entry import main
main()
"""


def test_the_bundled_tax_rules_load_without_the_validator() -> None:
    """The bundled rules come from their snapshot: no YAML parser, no schema checks. (Typer
    0.29 coerces options through pydantic, so pydantic itself is the framework's cost.)"""
    import subprocess
    import sys

    argv = ["takehome", "30L", "--country", "IN", "--state", "KA", "-f", "json"]
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(argv)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stderr)
    assert "mlsal.tax.snapshot" in modules  # the check is not blind
    heavy = ("yaml", "mlsal.bands.schema", "mlsal.bands.safe_yaml")
    assert [m for m in modules if m.split(".")[0] in heavy or m in heavy] == []


def test_regime_both_card_puts_the_two_side_by_side(runner: CliRunner) -> None:
    """Old regime by hand: HRA exemption = least of 7,50,000, 6,00,000 - 1,50,000 and 50% of
    basic (Mumbai): 4,50,000; 80C capped at 1,50,000; taxable 27,47,850 - 50,000 - 4,50,000 -
    2,500 - 1,50,000 = 20,95,350; tax 1,12,500 + 30% of 10,95,350 = 4,41,105."""
    argv = ["takehome", "30L", "-c", "IN", "--state", "MH", "--city", "Mumbai",
            "--regime", "both", "--rent", "50k", "--80c", "50k"]  # fmt: skip
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[1] == "Better regime  new: ₹61,620 a year more in hand than the old regime."
    assert " Line                               ┃ New regime ┃ Old regime" in lines
    assert " HRA exemption (section 10(13A))    │            │ −₹4,50,000" in lines
    assert " Taxable income                     │ ₹26,72,850 │ ₹20,95,350" in lines
    assert " Income tax                         │ −₹3,81,855 │ −₹4,41,105" in lines
    assert " Take-home, per year                │ ₹21,68,220 │ ₹21,06,600" in lines
