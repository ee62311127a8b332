"""Cross-check mlsal's US federal income tax and payroll tax against the PSL Tax-Calculator.

A development script, not part of mlsal: Tax-Calculator (``taxcalc``, CC0, by the Policy
Simulation Library) is an independent implementation of US federal tax law. It is no runtime
or test dependency of mlsal and this script installs nothing. Install it in a venv of its own:

    python3 -m venv /tmp/venv-taxcalc
    /tmp/venv-taxcalc/bin/pip install taxcalc
    /tmp/venv-taxcalc/bin/python scripts/crosscheck_taxcalc.py

mlsal is imported from this checkout's ``src`` (it needs nothing beyond the standard library
to read its bundled tax rules). The grid: wages of 10,000 to 1,000,000 (every 2,500, and
each threshold and one dollar either side), single and joint (one earner), no other income,
tax year 2026. Compared, in dollars:

- federal income tax: mlsal's ``federal_income_tax`` against Tax-Calculator's ``c05800``
  (income tax before credits, AMT included). mlsal models no credits (a wage-only household
  with no children has none but the EITC at low wages, which Tax-Calculator's ``iitax``
  subtracts; the script reports that difference separately, as information);
- payroll tax, the employee's share: mlsal's ``social_security`` + ``medicare`` (Additional
  Medicare included) against half of Tax-Calculator's ``ptax_was`` (which counts both
  shares of OASDI and Medicare) plus ``ptax_amc`` (Additional Medicare, employee only).

It prints the largest difference of each and exits 1 if either is above $1.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mlsal.tax.loader import load_tax  # noqa: E402
from mlsal.tax.us import UsPay, us_takehome  # noqa: E402

YEAR = 2026
LIMIT = 1.0
THRESHOLDS = (184_500, 200_000, 250_000)


def grid() -> list[int]:
    """Wages from 10,000 to 1,000,000 every 2,500, with each threshold and its neighbours."""
    points = set(range(10_000, 1_000_001, 2_500))
    points |= {t + d for t in THRESHOLDS for d in (-1, 0, 1)}
    return sorted(points)


def taxcalc_results(wages: list[int], filing: str) -> list[dict[str, float]]:
    """Tax-Calculator's figures for one earner with ``wages`` and no other income."""
    import pandas as pd
    import taxcalc

    mars = {"single": 1, "joint": 2}[filing]
    frame = pd.DataFrame(
        {
            "RECID": range(1, len(wages) + 1),
            "MARS": mars,
            "XTOT": mars,
            "FLPDYR": YEAR,
            "age_head": 40,
            "age_spouse": 40 if mars == 2 else 0,
            "e00200": wages,
            "e00200p": wages,
            "e00200s": 0,
        }
    )
    records = taxcalc.Records(
        data=frame, start_year=YEAR, gfactors=None, weights=None, adjust_ratios=None
    )
    calculator = taxcalc.Calculator(policy=taxcalc.Policy(), records=records, verbose=False)
    calculator.calc_all()
    names = ["c05800", "iitax", "ptax_was", "ptax_amc", "eitc"]
    table = calculator.dataframe(names)
    return [dict(zip(names, row, strict=True)) for row in table[names].itertuples(index=False)]


def main() -> int:
    try:
        import taxcalc
    except ImportError:
        print(__doc__, file=sys.stderr)
        print("crosscheck_taxcalc: taxcalc is not installed in this Python", file=sys.stderr)
        return 2
    rules = load_tax()
    wages = grid()
    worst = {"income": (0.0, 0, ""), "payroll": (0.0, 0, ""), "iitax": (0.0, 0, "")}
    for filing in ("single", "joint"):
        theirs = taxcalc_results(wages, filing)
        for amount, other in zip(wages, theirs, strict=True):
            ours = us_takehome(rules, UsPay(cash=amount, filing=filing))  # type: ignore[arg-type]
            taxes = {line.key: line.amount or 0 for line in ours.taxes}
            payroll = taxes["social_security"] + taxes["medicare"]
            their_payroll = other["ptax_was"] / 2 + other["ptax_amc"]
            gaps = {
                "income": abs(taxes["federal_income_tax"] - other["c05800"]),
                "payroll": abs(payroll - their_payroll),
                "iitax": abs(taxes["federal_income_tax"] - other["iitax"]),
            }
            for key, gap in gaps.items():
                if gap > worst[key][0]:
                    worst[key] = (gap, amount, filing)
    print(f"Tax-Calculator {taxcalc.__version__}, tax year {YEAR}, {len(wages)} wages x 2 filings")
    for key, label in (
        ("income", "federal income tax (before credits)"),
        ("payroll", "payroll tax, employee share"),
    ):
        gap, amount, filing = worst[key]
        print(f"largest difference, {label}: ${gap:.2f} (wages {amount:,}, {filing})")
    gap, amount, filing = worst["iitax"]
    print(
        f"for information, against iitax (after credits, e.g. EITC): ${gap:.2f} "
        f"(wages {amount:,}, {filing})"
    )
    largest = max(worst["income"][0], worst["payroll"][0])
    print(f"largest difference: ${largest:.2f} ({'within' if largest <= LIMIT else 'above'} $1)")
    return 0 if largest <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
