"""Take-home beside the gross figures: ``estimate --net``, ``batch --net`` and compare's two
after-tax views per level."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from mlsal.cli import app
from mlsal.tax.india import IndiaPay, india_takehome
from mlsal.tax.loader import load_tax
from mlsal.tax.net import net_pay, net_range
from mlsal.tax.us import UsPay, us_takehome

RULES = load_tax()


def test_net_pay_is_the_takehome_of_the_default_structure() -> None:
    assert (
        net_pay(RULES, "IN", 3_000_000) == india_takehome(RULES, IndiaPay(ctc=3_000_000)).net_annual
    )
    assert net_pay(RULES, "US", 200_000) == us_takehome(RULES, UsPay(cash=200_000)).net_annual
    assert net_pay(RULES, "US", 200_000, state="CA") == 131_972


def test_a_country_mlsal_cannot_tax_has_no_net() -> None:
    assert net_range(RULES, "DE", (1, 2, 3)) is None


def run_json(runner: CliRunner, *argv: str) -> dict[str, object]:
    result = runner.invoke(app, [*argv, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_estimate_net_in_json_with_the_offer(runner: CliRunner) -> None:
    doc = run_json(runner, "estimate", "-c", "IN", "-y", "5", "--offer", "32L", "--net")
    net = doc["net"]
    assert isinstance(net, dict)
    assert [net[k] for k in ("low", "mid", "high")] == [
        net_pay(RULES, "IN", doc[k])
        for k in ("low", "mid", "high")  # type: ignore[arg-type]
    ]
    assert net["offer"] == net_pay(RULES, "IN", 3_200_000)
    assert str(net["basis"]).startswith("India 2026-27, new regime; CTC split basic 50%")


def test_estimate_without_net_is_unchanged(runner: CliRunner) -> None:
    assert "net" not in run_json(runner, "estimate", "-c", "US", "-y", "5")


def test_estimate_net_on_the_card_and_in_csv(runner: CliRunner) -> None:
    result = runner.invoke(app, ["estimate", "-c", "US", "-y", "5", "--net"])
    assert result.exit_code == 0, result.stderr
    low, mid, high = (net_pay(RULES, "US", x) for x in (124_000, 173_000, 221_000))
    assert f"Take-home  ${low:,} – ${mid:,} – ${high:,}  (per year)" in result.stdout
    assert "Take-home basis: US 2026, single, Texas (the default; --state to choose)" in (
        " ".join(result.stdout.split())
    )
    table = runner.invoke(app, ["estimate", "-c", "US", "-y", "5", "--net", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [rows[0][k] for k in ("net_low", "net_mid", "net_high", "net_offer")] == [
        str(low),
        str(mid),
        str(high),
        "",
    ]


def test_batch_net_columns(runner: CliRunner) -> None:
    profiles = "country,years,offer\nIN,5,32L\nUS,3,\n"
    result = runner.invoke(app, ["batch", "-", "--net"], input=profiles)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["net_offer"] == str(net_pay(RULES, "IN", 3_200_000))
    assert rows[1]["net_mid"] == str(net_pay(RULES, "US", int(rows[1]["mid"])))
    assert rows[1]["net_offer"] == ""
    plain = runner.invoke(app, ["batch", "-"], input=profiles)
    assert [line.split(",")[:14] for line in plain.stdout.splitlines()] == [
        line.split(",")[:14] for line in result.stdout.splitlines()
    ]
    jsonl = runner.invoke(app, ["batch", "-", "--net", "-f", "json"], input=profiles)
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert records[1]["net_offer"] is None
    assert records[1]["net_mid"] == int(rows[1]["net_mid"])


@pytest.mark.parametrize("state", [None, "CA"])
def test_compare_has_take_home_own_and_at_ppp(runner: CliRunner, state: str | None) -> None:
    extra = [] if state is None else ["--state", state]
    doc = run_json(runner, "compare", "IN", "US", "--net", *extra)
    factors = {p["country"]: p["factor"] for p in doc["ppp"]}  # type: ignore[attr-defined]
    rows = doc["rows"]
    assert isinstance(rows, list)
    for row in rows:
        first, second = row["first"], row["second"]
        assert first["net"]["mid"] == net_pay(RULES, "IN", first["own"]["mid"])
        assert second["net"]["mid"] == net_pay(RULES, "US", second["own"]["mid"], state=state)
        ppp_in = round(first["net"]["mid"] / factors["IN"] / 100) * 100
        assert abs(first["net_ppp"]["mid"] - ppp_in) <= 100
        expected = (second["net"]["mid"] / factors["US"]) / (first["net"]["mid"] / factors["IN"])
        assert row["ratio_net_ppp"] == round(expected, 2)
    basis = doc["net_basis"]
    assert isinstance(basis, dict)
    named = "California" if state else "Texas (the default; --state to choose)"
    assert f"single, {named}" in basis["second"]


def test_compare_card_says_the_default_state_and_that_ppp_is_national(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compare", "IN", "US", "--net"])
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "After tax" in text
    assert "net, own" in text
    assert "Texas (the default; --state to choose)" in text
    assert (
        "PPP is national: a costly metro (Bengaluru, Mumbai, San Francisco, New York) buys "
        "less than the national figure shows." in text
    )


def test_compare_refuses_an_unknown_us_state(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compare", "IN", "US", "--net", "--state", "FL"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mlsal: error: no tax rules for US state 'FL' in the tax data; known: CA, MA, NY, TX, WA\n"
    )


def test_compare_is_gross_without_net(runner: CliRunner) -> None:
    """Take-home is asked for, as with estimate and batch: plain compare loads no tax rules."""
    doc = run_json(runner, "compare", "IN", "US")
    assert "net" not in doc["rows"][0]["first"]  # type: ignore[index]
    assert "ratio_net_ppp" not in doc["rows"][0]  # type: ignore[index]
    result = runner.invoke(app, ["compare", "IN", "US"])
    assert "After tax" not in result.stdout


def test_compare_state_needs_net(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compare", "IN", "US", "--state", "CA"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mlsal: error: --state sets the US side's tax for take-home: add --net\n"
    )
