"""Derive mlsal's data-backed multipliers from the reference pay records.

Re-runnable: it reads the two reference files named on the command line, and prints every
figure that ``data/bands.yaml`` and ``docs/methodology.md`` quote (medians, ratios, n).

    python scripts/derive_factors.py --india-offers PATH --ai-jobs PATH

India (india-offers file): each offer's total pay is divided by the article's band mid at
the same years of experience (interpolated exactly as ``mlsal estimate`` does), giving the
offer's ratio to the article's market band. The median ratio per employer type is that
type's premium over the market band. City ratios compare, within the sample, each city's
median ratio (after removing the employer-type premium) with the pooled median of all
offers that name an Indian city.

USA (ai-jobs file): full-time records at US employers. Each specialised title's salary is
divided by the median "Machine Learning Engineer" salary at the same experience level
(EN/MI/SE/EX); the median of those ratios is the specialization's multiplier.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from mlsal.bands.loader import load_bands
from mlsal.pay.estimate import base_pay

#: Records needed before a ratio is used as a multiplier; fewer is reported, not used.
MIN_N = 15

BIG_TECH = (
    "amazon", "google", "microsoft", "meta", "apple", "netflix", "nvidia", "linkedin",
    "uber", "salesforce", "oracle", "adobe", "atlassian", "servicenow", "service now",
    "stripe", "airbnb", "intuit", "oci",
)  # fmt: skip
MASS_IT_SERVICES = (
    "tcs", "infosys", "wipro", "hcl", "cognizant", "capgemini", "accenture", "tech mahindra",
    "ltimindtree", "mphasis",
)  # fmt: skip
IT_SERVICES = (
    "epam", "deloitte", "pwc", "ibm", "thoughtworks", "publicis sapient", "synechron",
    "altimetrik", "ascendion", "hashedin", "sigmoid", "fractal", "samya ai fractal", "impetus",
    "cgi", "capco", "zs associates", "tricon", "service based", "people tech group",
    "thinkpalm", "doodleblue", "cogentsoft", "telus digital", "acuity knowledge",
)  # fmt: skip

CITY_NAMES = {
    "bengaluru": "bengaluru", "bangalore": "bengaluru",
    "hyderabad": "hyderabad",
    "gurugram": "gurugram", "gurgaon": "gurugram", "gurgoan": "gurugram",
    "noida": "delhi-ncr", "delhi": "delhi-ncr", "new delhi": "delhi-ncr",
    "pune": "pune", "chennai": "chennai",
    "mumbai": "mumbai", "navi mumbai": "mumbai",
    "kolkata": "smaller", "raipur": "smaller", "lucknow": "smaller",
}  # fmt: skip

US_SPECIALIZATIONS = {
    "computer-vision": ("Computer Vision Engineer", "Computer Vision Software Engineer"),
    "nlp": ("NLP Engineer",),
    "deep-learning": ("Deep Learning Engineer",),
    "mlops": ("MLOps Engineer", "Machine Learning Infrastructure Engineer"),
    "generative-ai (proxy: AI Engineer)": ("AI Engineer",),
}


def employer_type(company: str) -> str:
    """Classify a company: big-tech, it-services, consulting or product (everything else)."""
    name = company.strip().casefold()
    for kind, names in (
        ("big-tech", BIG_TECH),
        ("it-services", MASS_IT_SERVICES),
        ("consulting", IT_SERVICES),
    ):
        if any(name == k or name.startswith(k + " ") for k in names):
            return kind
    return "product"


def _median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def india(path: Path) -> None:
    country = load_bands().countries["IN"]
    ratios: dict[str, list[float]] = defaultdict(list)
    located: list[tuple[str, float, str]] = []
    skipped = 0
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            try:
                years = float(row["yoe"])
                total = float(row["total"]) * 100_000
            except ValueError:
                skipped += 1
                continue
            if not 0 <= years <= 60 or total <= 0:
                skipped += 1
                continue
            ratio = total / base_pay(country, years)[1]
            kind = employer_type(row["company"])
            ratios[kind].append(ratio)
            city = CITY_NAMES.get(row["location"].strip().casefold())
            if city is not None:
                located.append((city, ratio, kind))
    used = sum(len(v) for v in ratios.values())
    print(f"India offers: {used} used, {skipped} skipped (no total pay or years)")
    print("Employer type: median of total pay / article band mid at the same years")
    premium = {}
    for kind in ("it-services", "consulting", "product", "big-tech"):
        values = ratios[kind]
        premium[kind] = _median(values)
        flag = "" if len(values) >= MIN_N else "  (too few to use)"
        print(f"  {kind:12} n={len(values):4}  median ratio {premium[kind]:.2f}{flag}")
    pooled_all = _median(r for v in ratios.values() for r in v)
    print(f"  {'all':12} n={used:4}  median ratio {pooled_all:.2f}")
    adjusted = [(city, ratio / premium[kind]) for city, ratio, kind in located]
    pooled = _median(r for _, r in adjusted)
    print(f"City: median employer-adjusted ratio / pooled median of {len(adjusted)} located offers")
    by_city: dict[str, list[float]] = defaultdict(list)
    for city, ratio in adjusted:
        by_city[city].append(ratio)
    for city, values in sorted(by_city.items(), key=lambda kv: -len(kv[1])):
        flag = "" if len(values) >= MIN_N else "  (too few to use)"
        print(f"  {city:10} n={len(values):4}  ratio {_median(values) / pooled:.2f}{flag}")


def usa(path: Path) -> None:
    salaries: dict[tuple[str, str], list[float]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["company_location"] == "US" and row["employment_type"] == "FT":
                key = (row["job_title"], row["experience_level"])
                salaries[key].append(float(row["salary_in_usd"]))
    baseline = {
        level: _median(salaries[("Machine Learning Engineer", level)])
        for level in ("EN", "MI", "SE", "EX")
    }
    n_base = sum(len(salaries[("Machine Learning Engineer", lvl)]) for lvl in baseline)
    print(f"USA: full-time, US employers; baseline 'Machine Learning Engineer' n={n_base}")
    for level, value in baseline.items():
        n = len(salaries[("Machine Learning Engineer", level)])
        print(f"  MLE median {level}: {value:,.0f} USD (n={n})")
    print("Specialization: median of salary / MLE median at the same experience level")
    for key, titles in US_SPECIALIZATIONS.items():
        values = [
            salary / baseline[level]
            for (title, level), group in salaries.items()
            if title in titles
            for salary in group
        ]
        flag = "" if len(values) >= MIN_N else "  (too few to use)"
        print(f"  {key:36} n={len(values):4}  median ratio {_median(values):.2f}{flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--india-offers", type=Path, help="india-offers-2025h1.csv")
    parser.add_argument("--ai-jobs", type=Path, help="ai-jobs-salaries-2020-2023.csv")
    args = parser.parse_args(argv)
    if args.india_offers is None and args.ai_jobs is None:
        parser.error("name at least one of --india-offers and --ai-jobs")
    for path in (args.india_offers, args.ai_jobs):
        if path is not None and not path.is_file():
            parser.error(f"{path}: no such file")
    if args.india_offers is not None:
        india(args.india_offers)
    if args.ai_jobs is not None:
        usa(args.ai_jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
