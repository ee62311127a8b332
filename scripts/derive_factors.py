"""Derive mlsal's data-backed multipliers from the reference pay records, in one run.

    python scripts/derive_factors.py [DATA_DIR]

DATA_DIR is the reference data folder (default: ``../shared/data`` relative to the repository).
The run is deterministic: the same files give the same figures, in the same order. It prints
every figure that ``data/bands.yaml`` and ``docs/methodology.md`` quote (medians, ratios, n);
the raw rows stay where they are. The arithmetic lives in ``scripts/factors.py``, which the
tests exercise on fixtures of their own.

India (india-offers): each offer's total pay over the article's band mid at the same years
(interpolated exactly as ``mlsal estimate`` does); the median per employer type is its premium,
and a city's ratio is its median employer-adjusted ratio over the pooled median of all offers
that name an Indian city.

USA, specializations (ai-jobs): full-time records at US employers; each specialised title's
salary over the median "Machine Learning Engineer" salary at the same experience level.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import factors

from mlsal.bands.loader import load_bands
from mlsal.pay.estimate import base_pay

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"

INDIA_2025 = "india-offers-2025h1.csv"
AI_JOBS = "ai-jobs-salaries-2020-2023.csv"


def rows(path: Path) -> Iterator[dict[str, str]]:
    """The CSV file's rows as dicts, in file order."""
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def india(data: Path) -> None:
    country = load_bands().countries["IN"]
    offers, skipped = [], 0
    for row in rows(data / INDIA_2025):
        offer = factors.parse_offer(row, "2025H1")
        if offer is None:
            skipped += 1
        else:
            offers.append(offer)
    result = factors.india_factors(offers, lambda years: base_pay(country, years)[1])
    print(f"## India ({INDIA_2025}): {len(offers)} used, {skipped} skipped (no total pay or years)")
    print("Employer type: median of total pay / article band mid at the same years")
    for kind, measured in result.employer.items():
        print(f"  {kind:12} n={measured.n:4}  median ratio {measured.value:.2f}{measured.flag()}")
    print(f"  {'all':12} n={result.pooled.n:4}  median ratio {result.pooled.value:.2f}")
    print(
        f"City: median employer-adjusted ratio / pooled median of {result.located} located offers"
    )
    for city, measured in result.city.items():
        print(f"  {city:10} n={measured.n:4}  ratio {measured.value:.2f}{measured.flag()}")
    print()


def usa_specializations(data: Path) -> None:
    survey = [
        factors.SurveyRow(row["job_title"], row["experience_level"], float(row["salary_in_usd"]))
        for row in rows(data / AI_JOBS)
        if row["company_location"] == "US" and row["employment_type"] == "FT"
    ]
    baseline, found = factors.specialization_ratios(
        survey, factors.US_SPECIALIZATIONS, "Machine Learning Engineer"
    )
    n_base = sum(m.n for m in baseline.values())
    print(f"## USA specializations ({AI_JOBS}): full-time, US employers; MLE n={n_base}")
    for level in ("EN", "MI", "SE", "EX"):
        print(f"  MLE median {level}: {baseline[level].value:,.0f} USD (n={baseline[level].n})")
    print("Specialization: median of salary / MLE median at the same experience level")
    for key, measured in found.items():
        print(f"  {key:36} n={measured.n:4}  median ratio {measured.value:.2f}{measured.flag()}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data",
        nargs="?",
        type=Path,
        default=DEFAULT_DATA,
        help=f"the reference data folder (default: {DEFAULT_DATA})",
    )
    args = parser.parse_args(argv)
    for name in (INDIA_2025, AI_JOBS):
        if not (args.data / name).is_file():
            parser.error(f"{args.data / name}: no such file")
    india(args.data)
    usa_specializations(args.data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
