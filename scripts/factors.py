"""Pure functions behind ``scripts/derive_factors.py``: records in, multipliers out.

No file is read here and nothing here needs the reference data folder, so the tests can run
these functions on small fixtures of their own (``tests/test_factors.py``). The package never
imports this module.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

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

#: India: a location as written (folded) -> the city key of ``city-in``.
CITY_NAMES = {
    "bengaluru": "bengaluru", "bangalore": "bengaluru",
    "hyderabad": "hyderabad",
    "gurugram": "gurugram", "gurgaon": "gurugram", "gurgoan": "gurugram",
    "noida": "delhi-ncr", "delhi": "delhi-ncr", "new delhi": "delhi-ncr",
    "pune": "pune", "chennai": "chennai",
    "mumbai": "mumbai", "navi mumbai": "mumbai",
    "kolkata": "smaller", "raipur": "smaller", "lucknow": "smaller",
}  # fmt: skip

INDIA_EMPLOYER_TYPES = ("it-services", "consulting", "product", "big-tech")

US_SPECIALIZATIONS = {
    "computer-vision": ("Computer Vision Engineer", "Computer Vision Software Engineer"),
    "nlp": ("NLP Engineer",),
    "deep-learning": ("Deep Learning Engineer",),
    "mlops": ("MLOps Engineer", "Machine Learning Infrastructure Engineer"),
    "generative-ai (proxy: AI Engineer)": ("AI Engineer",),
}


@dataclass(frozen=True)
class Ratio:
    """A measured ratio: the median of ``n`` records' ratios (``used``: n >= MIN_N)."""

    value: float
    n: int

    @property
    def used(self) -> bool:
        return self.n >= MIN_N

    def flag(self) -> str:
        return "" if self.used else "  (too few to use)"


def median(values: Iterable[float]) -> float:
    """The median; ValueError for no values (a figure from nothing is a bug)."""
    listed = list(values)
    if not listed:
        raise ValueError("median of no values")
    return float(statistics.median(listed))


def ratio(values: Sequence[float]) -> Ratio:
    """The median ratio of ``values``, with their count."""
    return Ratio(median(values), len(values))


def round_step(value: float, step: float = 0.05) -> float:
    """``value`` to the nearest ``step``, halves up, as the bands file states multipliers."""
    return round(math.floor(round(value / step, 9) + 0.5) * step, 2)


def fold_name(text: str) -> str:
    """Lower case, single spaces, no punctuation but letters, digits and spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def employer_type(company: str) -> str:
    """Classify an Indian offer's company: big-tech, it-services, consulting or product."""
    name = company.strip().casefold()
    for kind, names in (
        ("big-tech", BIG_TECH),
        ("it-services", MASS_IT_SERVICES),
        ("consulting", IT_SERVICES),
    ):
        if any(name == k or name.startswith(k + " ") for k in names):
            return kind
    return "product"


@dataclass(frozen=True)
class Offer:
    """One India offer: years of experience, total pay in rupees, company, city key or None."""

    years: float
    total: float
    company: str
    city: str | None
    period: str = ""


def parse_offer(row: Mapping[str, str], period: str = "") -> Offer | None:
    """An offer from a CSV row of the india-offers files; None without years or total pay."""
    try:
        years = float(row["yoe"])
        total = float(row["total"]) * 100_000
    except ValueError:
        return None
    if not 0 <= years <= 60 or not total > 0 or not math.isfinite(total):
        return None
    city = CITY_NAMES.get(row["location"].strip().casefold())
    return Offer(years=years, total=total, company=row["company"], city=city, period=period)


@dataclass(frozen=True)
class IndiaFactors:
    """Employer-type premiums over the article's band mid, and city ratios, each with n."""

    employer: dict[str, Ratio]
    pooled: Ratio
    city: dict[str, Ratio]
    located: int


def india_factors(offers: Sequence[Offer], band_mid: Callable[[float], float]) -> IndiaFactors:
    """Each offer's total over the band mid at its years; the median per employer type is
    that type's premium; a city's ratio is its median employer-adjusted ratio over the
    pooled median of all located offers."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    located: list[tuple[str, float, str]] = []
    for offer in offers:
        value = offer.total / band_mid(offer.years)
        kind = employer_type(offer.company)
        by_kind[kind].append(value)
        if offer.city is not None:
            located.append((offer.city, value, kind))
    employer = {kind: ratio(by_kind[kind]) for kind in INDIA_EMPLOYER_TYPES if by_kind[kind]}
    pooled = ratio([v for values in by_kind.values() for v in values])
    adjusted = [(city, value / employer[kind].value) for city, value, kind in located]
    pooled_located = median(v for _, v in adjusted)
    by_city: dict[str, list[float]] = defaultdict(list)
    for key, value in adjusted:
        by_city[key].append(value / pooled_located)
    cities = {
        key: ratio(values) for key, values in sorted(by_city.items(), key=lambda kv: -len(kv[1]))
    }
    return IndiaFactors(employer=employer, pooled=pooled, city=cities, located=len(adjusted))


@dataclass(frozen=True)
class SurveyRow:
    """One ai-jobs salary record: title, experience level (EN/MI/SE/EX), salary in USD."""

    title: str
    level: str
    salary: float


def specialization_ratios(
    rows: Sequence[SurveyRow], titles: Mapping[str, Sequence[str]], baseline_title: str
) -> tuple[dict[str, Ratio], dict[str, Ratio]]:
    """(baseline median per level, ratio per key): each titled record over the baseline
    title's median at the same experience level."""
    by_level: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if row.title == baseline_title:
            by_level[row.level].append(row.salary)
    baseline = {level: ratio(values) for level, values in sorted(by_level.items())}
    found: dict[str, Ratio] = {}
    for key, named in titles.items():
        values = [
            row.salary / baseline[row.level].value
            for row in rows
            if row.title in named and row.level in baseline
        ]
        if values:
            found[key] = ratio(values)
    return baseline, found
