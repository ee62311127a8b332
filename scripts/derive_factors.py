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
import textwrap
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import factors

from mlsal.bands.loader import load_bands
from mlsal.pay.estimate import base_pay

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"

INDIA_2025 = "india-offers-2025h1.csv"
INDIA_2024 = "india-offers-2024.csv"
AI_JOBS = "ai-jobs-salaries-2020-2023.csv"
OFLC = "us-oflc-prevailing-wages-2025-26.csv"
H1B = "us-h1b-lca-fy2025-ml.csv"

#: The occupation whose wage levels price an area: software developers, where most ML
#: engineer positions are classed, and the one occupation every area has.
AREA_SOC = "15-1252"

#: The widest line the run prints: docs/methodology.md quotes the output in a code block, and
#: tests/test_docs.py holds code lines to this width.
WIDTH = 100

#: Areas the cross-check compares: those with at least this many located filings.
CROSS_CHECK_N = 30

#: Metros the methodology quotes (key: the area's name starts with it).
QUOTED_AREAS = (
    "San Jose-", "San Francisco-", "Seattle-", "New York-", "Boston-", "Los Angeles-",
    "Austin-", "Chicago-", "Pittsburgh,", "Raleigh-", "Atlanta-", "Dallas-", "Washington-",
    "Denver-", "Fayetteville-Springdale", "Houston-", "Detroit-",
)  # fmt: skip


def rows(path: Path) -> Iterator[dict[str, str]]:
    """The CSV file's rows as dicts, in file order."""
    with path.open(newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def say(text: str) -> None:
    """Print a line of prose, wrapped to WIDTH; its continuation lines indented past a row's."""
    print(textwrap.fill(text, WIDTH, subsequent_indent="    ", break_on_hyphens=False))


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


def india_offers(path: Path, period: str) -> tuple[list[factors.Offer], int]:
    offers, skipped = [], 0
    for row in rows(path):
        offer = factors.parse_offer(row, period)
        if offer is None:
            skipped += 1
        else:
            offers.append(offer)
    return offers, skipped


def india_mid() -> Callable[[float], float]:
    """The article's India band mid at a number of years, as ``mlsal estimate`` has it."""
    country = load_bands().countries["IN"]
    return lambda years: base_pay(country, years)[1]


def india_two_years(data: Path) -> None:
    mid = india_mid()
    recent, _ = india_offers(data / INDIA_2025, "2025H1")
    older, skipped = india_offers(data / INDIA_2024, "2024")
    growth = factors.growth_rate(older, recent)
    print(f"## India, 2024 + 2025-H1 ({INDIA_2024}: {len(older)} used, {skipped} skipped)")
    say(
        f"Growth 2024 -> 2025-H1: {growth.factor:.3f}, the median over {growth.cells} cells "
        f"(same employer, same whole years; {growth.earlier} offers of 2024, {growth.later} of "
        "2025-H1) of the 2025 median total over the 2024 one"
    )
    combined = [*factors.moved(older, growth.factor), *recent]
    before = factors.india_factors(recent, mid)
    after = factors.india_factors(combined, mid)
    print(f"Offers together: {len(combined)} (2024 pay x {growth.factor:.3f})")
    print("Employer type: median ratio, 2025-H1 alone -> both years (n)")
    for kind, measured in after.employer.items():
        old = before.employer.get(kind)
        was = f"{old.value:.2f} (n={old.n:4})" if old else "-"
        use = factors.round_step(measured.value)
        print(
            f"  {kind:12} {was} -> {measured.value:.3f} (n={measured.n:4})  "
            f"multiplier {use:.2f}{measured.flag()}"
        )
    print(
        f"City: ratio, 2025-H1 alone -> both years (n); pooled over {after.located} located offers"
    )
    for city, measured in after.city.items():
        old = before.city.get(city)
        was = f"{old.value:.2f} (n={old.n:4})" if old else "-"
        use = factors.round_step(measured.value)
        print(
            f"  {city:10} {was} -> {measured.value:.3f} (n={measured.n:4})  "
            f"multiplier {use:.2f}{measured.flag()}"
        )
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


def areas(data: Path) -> list[factors.Area]:
    found = [
        factors.Area(
            area_id=row["area_id"],
            name=factors.clean_name(row["area_name"]),
            state=row["state"],
            wages=(
                float(row["l1_annual"]),
                float(row["l2_annual"]),
                float(row["l3_annual"]),
                float(row["l4_annual"]),
            ),
        )
        for row in rows(data / OFLC)
        if row["soc"] == AREA_SOC
    ]
    return sorted(found, key=lambda a: a.area_id)


def filings(data: Path, index: dict[tuple[str, str], str]) -> tuple[list[factors.Filing], int]:
    found, skipped = [], 0
    for row in rows(data / H1B):
        filing = factors.parse_filing(row, index)
        if filing is None:
            skipped += 1
        else:
            found.append(filing)
    return found, skipped


class UsAreas:
    """Every US area's multiplier, the composite keys, and the filings located in areas."""

    def __init__(self, data: Path) -> None:
        self.areas = areas(data)
        self.by_id = {a.area_id: a for a in self.areas}
        self.reference = factors.hub_reference(self.areas)
        self.multiplier = {
            a.area_id: factors.area_multiplier(a, self.reference) for a in self.areas
        }
        self.key = {a.area_id: factors.area_key(a) for a in self.areas}
        if len(set(self.key.values())) != len(self.areas):
            raise SystemExit("two areas have the same key")
        self.index = factors.place_index(self.areas)
        self.filings, self.skipped = filings(data, self.index)
        self.count: dict[str, int] = {}
        for f in self.filings:
            if f.area is not None:
                self.count[f.area] = self.count.get(f.area, 0) + 1
        self.hub_ids = frozenset(a.area_id for a in self.areas if a.name in factors.HUB_AREAS)
        bay = [a.area_id for a in self.areas if a.name in factors.HUB_AREAS[:2]]
        self.bay = bay
        self.bay_n = sum(self.count.get(i, 0) for i in bay)
        self.bay_multiplier = (
            sum(self.multiplier[i] * self.count.get(i, 0) for i in bay) / self.bay_n
        )
        rest = [(self.multiplier[i], n) for i, n in self.count.items() if i not in self.hub_ids]
        self.rest_n = sum(n for _, n in rest)
        self.rest_multiplier = factors.weighted_median(rest)
        self.nonmetro: dict[str, tuple[float, int]] = {}
        by_state: dict[str, list[float]] = {}
        for a in self.areas:
            if a.nonmetro:
                by_state.setdefault(a.state, []).append(self.multiplier[a.area_id])
        for state, values in sorted(by_state.items()):
            self.nonmetro[state] = (factors.median(values), len(values))


def usa_areas(us: UsAreas) -> None:
    print(f"## USA areas ({OFLC}): {len(us.areas)} areas, occupation {AREA_SOC}, levels I-IV")
    ref = ", ".join(f"{lvl} {w:,.0f}" for lvl, w in zip(factors.LEVELS, us.reference, strict=True))
    print(f"Hub reference (median of {len(factors.HUB_AREAS)} hub areas per level): {ref} USD")
    say(
        "Area multiplier: geometric mean over levels I-IV of area wage / hub reference; "
        "filings: the H-1B filings located in the area"
    )
    for prefix in QUOTED_AREAS:
        area = next(a for a in us.areas if a.name.startswith(prefix))
        n = us.count.get(area.area_id, 0)
        print(
            f"  {us.key[area.area_id]:22} {us.multiplier[area.area_id]:.3f}  "
            f"filings {n:4}  {area.name}"
        )
    values = sorted(us.multiplier.values())
    print(
        f"  all {len(values)} areas: min {values[0]:.3f}, median {factors.median(values):.3f}, "
        f"max {values[-1]:.3f}"
    )
    print(
        f"  sf-bay-area: {us.bay_multiplier:.3f} (filings-weighted mean of San Francisco and "
        f"San Jose, n={us.bay_n})"
    )
    print(
        f"  rest-of-us: {us.rest_multiplier:.3f} (filings-weighted median of the areas outside "
        f"the hubs, n={us.rest_n})"
    )
    print("Non-metropolitan areas by state: median of the state's non-metro areas")
    line = []
    for state, (value, n) in us.nonmetro.items():
        line.append(f"nonmetro-{state.lower()} {value:.3f} ({n})")
        if len(line) == 4:
            print("  " + "; ".join(line))
            line = []
    if line:
        print("  " + "; ".join(line))
    located = sum(us.count.values())
    say(
        f"H-1B filings ({H1B}): {len(us.filings)} with a yearly wage and a level "
        f"({us.skipped} skipped); {located} located in an area by worksite city"
    )
    ratios = factors.filing_area_ratios(us.filings, us.hub_ids, CROSS_CHECK_N)
    say(
        f"Cross-check, areas with >= {CROSS_CHECK_N} located filings: median filing wage over "
        "the median of the hubs' median filing wages at the same level and SOC, against the "
        "area multiplier"
    )
    diffs = []
    for area_id, measured in sorted(ratios.items(), key=lambda kv: -kv[1].n):
        oflc = us.multiplier[area_id]
        diffs.append(measured.value - oflc)
        print(
            f"  {us.key[area_id]:22} n={measured.n:5}  filings {measured.value:.3f}  "
            f"wage levels {oflc:.3f}  difference {measured.value - oflc:+.3f}"
        )
    rho = factors.spearman([us.multiplier[i] for i in ratios], [m.value for m in ratios.values()])
    within = sum(1 for d in diffs if abs(d) <= 0.10)
    print(
        f"  {len(ratios)} areas: median absolute difference "
        f"{factors.median(abs(d) for d in diffs):.3f}, within 0.10: {within}, "
        f"Spearman rank correlation {rho:.2f}"
    )
    print()


def usa_employers(us: UsAreas) -> None:
    types, companies = factors.employer_ratios(us.filings)
    kinds = {alias: kind for alias, kind, _ in factors.US_COMPANIES}
    counts: dict[str, int] = {}
    for f in us.filings:
        alias = factors.us_company(f.employer)[1]
        if alias:
            counts[alias] = counts.get(alias, 0) + 1
    say(
        f"## USA employer type ({H1B}): each filing's base wage over the median product-company "
        f"wage at the same level and area (cells with >= {factors.MIN_CELL} product filings)"
    )
    for kind, measured in types.items():
        print(f"  {kind:12} n={measured.n:5}  median ratio {measured.value:.3f}{measured.flag()}")
    print("Listed employers with >= 15 filings in a reference cell (type, n, median ratio):")
    for alias, measured in sorted(companies.items(), key=lambda kv: -kv[1].n):
        if measured.n >= factors.MIN_N:
            kind = kinds[alias]
            print(f"  {alias:24} {kind:12} n={measured.n:5}  {measured.value:.3f}")
    listed = sum(counts.values())
    print(f"  {len(counts)} listed employers with filings: {listed} of {len(us.filings)} filings")
    print()


def roles(data: Path, us: UsAreas) -> None:
    measured = factors.role_ratios(us.filings)
    say(
        f"## Roles ({H1B}): each filing's base wage over the median ML engineer wage at the same "
        f"level and area (cells with >= {factors.MIN_CELL} ML engineer filings)"
    )
    for kind, value in measured.items():
        print(f"  {kind:26} n={value.n:5}  median ratio {value.value:.3f}{value.flag()}")
    survey = [
        factors.SurveyRow(row["job_title"], row["experience_level"], float(row["salary_in_usd"]))
        for row in rows(data / AI_JOBS)
        if row["company_location"] == "US" and row["employment_type"] == "FT"
    ]
    titled = {
        kind: tuple(sorted({r.title for r in survey if factors.role_of(r.title) == kind}))
        for kind in factors.ROLES
    }
    relabelled = [
        factors.SurveyRow(factors.role_of(r.title) or "", r.level, r.salary) for r in survey
    ]
    baseline, found = factors.specialization_ratios(
        relabelled, {k: (k,) for k in factors.ROLES}, factors.ROLES[0]
    )
    n_base = sum(m.n for m in baseline.values())
    say(
        f"Survey ({AI_JOBS}, US, full time): salary over the ML engineer median at the same "
        f"experience level (ML engineers n={n_base}; {sum(len(t) for t in titled.values())} titles)"
    )
    for kind, value in found.items():
        print(f"  {kind:26} n={value.n:5}  median ratio {value.value:.3f}{value.flag()}")
    country = load_bands().countries["IN"]
    offers = []
    for name, period in ((INDIA_2024, "2024"), (INDIA_2025, "2025H1")):
        for row in rows(data / name):
            offer = factors.parse_offer(row, period)
            if offer is not None:
                offers.append((offer, factors.role_of(row["role"])))
    counts, india = factors.india_role_ratios(offers, lambda y: base_pay(country, y)[1])
    say(
        "India (both offer files): offers per role as titled; a role with >= 15: its median total "
        "over the band mid at the same years, over the ML engineers' median"
    )
    for kind in factors.ROLES:
        value = india.get(kind)
        shown = f"median ratio {value.value:.3f}" if value else "(too few to use)"
        print(f"  {kind:26} n={counts[kind]:5}  {shown}")
    print()


#: Metros the backtest prices with their bundled city factor: (key in the bands, area name).
BACKTEST_METROS = (
    ("san-jose-ca", "San Jose-"), ("seattle", "Seattle-"), ("new-york", "New York-"),
    ("austin", "Austin-"), ("chicago-il", "Chicago-"),
)  # fmt: skip


def backtest(us: UsAreas) -> None:
    bands = load_bands()
    country = bands.countries["US"]
    city = {f.key: f.multiplier for f in bands.factor_groups["city-us"].factors}
    ranges = {band.key: base_pay(country, band.reference_years) for band in country.bands}
    by_level: dict[str, list[factors.Filing]] = {level: [] for level in factors.LEVELS}
    for f in us.filings:
        if factors.role_of(f.title) is not None:
            by_level[f.level].append(f)
    say(
        "## Backtest: the bundled US bands (base + bonus, at each band's reference years) "
        f"against the FY2025 filings' offered base wage ({H1B})"
    )
    print("Share of filings below / inside / above each band's low-high, by wage level:")
    header = "".join(f"  {key:>19}" for key in ranges)
    print(f"  {'level':6} {'n':>6}{header}")
    for level, filings in by_level.items():
        wages = [f.wage for f in filings]
        cells = []
        for low, _mid, high in ranges.values():
            c = factors.coverage(wages, low, high)
            cells.append(
                f"{c.share(c.below):5.0%} /{c.share(c.inside):5.0%} /{c.share(c.above):5.0%}"
            )
        median = factors.median(wages)
        print(
            f"  {level:6} {len(wages):6}"
            + "".join(f"  {cell:>19}" for cell in cells)
            + f"  median {median:,.0f}"
        )
    engineers = [f for f in us.filings if factors.role_of(f.title) == factors.ROLES[0]]
    print("ML engineer filings only (n per level), inside the band's range:")
    for level in factors.LEVELS:
        wages = [f.wage for f in engineers if f.level == level]
        shares = []
        for low, _mid, high in ranges.values():
            c = factors.coverage(wages, low, high)
            shares.append(f"{c.share(c.inside):5.0%}")
        print(f"  {level:6} {len(wages):6}  " + "  ".join(shares))
    print("With the metro's bundled city factor (level III against the mid band, IV senior):")
    for key, prefix in BACKTEST_METROS:
        area = next(a for a in us.areas if a.name.startswith(prefix))
        for level, band in (("III", "mid"), ("IV", "senior")):
            wages = [f.wage for f in by_level[level] if f.area == area.area_id]
            low, _mid, high = ranges[band]
            plain = factors.coverage(wages, low, high)
            priced = factors.coverage(wages, low * city[key], high * city[key])
            print(
                f"  {key:12} x{city[key]:.2f} level {level:3} n={plain.n:4}  inside without "
                f"city {plain.share(plain.inside):4.0%}, with {priced.share(priced.inside):4.0%}"
                f"  (below {priced.share(priced.below):4.0%}, above "
                f"{priced.share(priced.above):4.0%})"
            )
    print()


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


AREA_METHOD = (
    "OFLC prevailing wage levels I-IV of software developers (SOC 15-1252), where most ML "
    "engineer positions are classed, wage year July 2025 - June 2026 (from the OEWS survey of "
    "May 2024): the geometric mean over the four levels of the area's wage over the median "
    "of the seven hub areas (San Francisco, San Jose, Seattle, New York, Boston, Los Angeles, "
    "Austin) at that level. n counts the wage levels; OFLC sets each from the area's survey "
    "responses."
)


def emit_city_us(us: UsAreas) -> None:
    """The factors of the ``city-us`` group, as YAML lines for data/bands.yaml."""
    bare: dict[str, set[str]] = {}
    for (place, _state), area_id in us.index.items():
        bare.setdefault(place, set()).add(area_id)
    sj, sf = (
        us.multiplier[i] for i in sorted(us.bay, key=lambda i: us.by_id[i].name, reverse=True)
    )
    out = print
    out("      # Generated by: python scripts/derive_factors.py --emit-yaml city-us")
    out("      - key: sf-bay-area")
    out("        label: San Francisco Bay Area (San Francisco and San Jose areas)")
    out(f"        multiplier: {factors.round_step(us.bay_multiplier, 0.01)}")
    out(f"        aliases: [{', '.join(factors.BAY_AREA_ALIASES)}]")
    out("        evidence:")
    out("          kind: data")
    out("          source: oflc-wages")
    out("          method: >-")
    out(f"            The mean of the San Francisco-Oakland-Fremont ({sf:.2f}) and San")
    out(f"            Jose-Sunnyvale-Santa Clara ({sj:.2f}) multipliers, weighted by the FY2025")
    out("            H-1B filings located in each (n).")
    out(f"          n: {us.bay_n}")
    out(f"          observed: {round(us.bay_multiplier, 3)}")
    out("      - key: rest-of-us")
    out("        label: Elsewhere in the US (outside the hubs)")
    out(f"        multiplier: {factors.round_step(us.rest_multiplier, 0.01)}")
    out("        aliases: [other, elsewhere, remote, non-hub]")
    out("        evidence:")
    out("          kind: data")
    out("          source: oflc-wages")
    out("          method: >-")
    out("            The median multiplier of the areas outside the seven hubs, each area counted")
    out("            once per FY2025 H-1B filing located in it (n): where ML work outside the")
    out("            hubs is. Name the area (--city Chicago) for its own figure.")
    out(f"          n: {us.rest_n}")
    out(f"          observed: {round(us.rest_multiplier, 3)}")
    first = True
    for area in sorted(us.areas, key=lambda a: us.key[a.area_id]):
        key = us.key[area.area_id]
        names: list[str] = []
        places = [p for (p, _s), i in sorted(us.index.items()) if i == area.area_id]
        for place in dict.fromkeys([*area.cities, *places]):
            names.append(place if len(bare[place]) == 1 else f"{place} {area.states[0].lower()}")
        names += factors.LEGACY_AREA_ALIASES.get(key, ())
        folded_key = key.replace("-", " ")
        names = [n for n in dict.fromkeys(names) if n != folded_key]
        aliases = f", aliases: [{', '.join(names)}]" if names else ""
        if first:
            evidence = (
                f"&us-area {{kind: data, source: oflc-wages, n: 4, method: {_quote(AREA_METHOD)}}}"
            )
            first = False
        else:
            evidence = "*us-area"
        out(
            f"      - {{key: {key}, label: {_quote(area.name)}, "
            f"multiplier: {factors.round_step(us.multiplier[area.area_id], 0.01)}{aliases}, "
            f"evidence: {evidence}}}"
        )
    method = _quote(
        "The median of the multipliers (wage levels of software developers against the hub "
        "reference, as for every area) of the state's non-metropolitan areas; n counts the "
        "areas."
    )
    for index, (state, (value, n)) in enumerate(us.nonmetro.items()):
        if index == 0:
            evidence = f"&us-nonmetro {{kind: data, source: oflc-wages, n: {n}, method: {method}}}"
        else:
            evidence = f"{{<<: *us-nonmetro, n: {n}}}"
        out(
            f"      - {{key: nonmetro-{state.lower()}, label: Non-metropolitan {state}, "
            f"multiplier: {factors.round_step(value, 0.01)}, evidence: {evidence}}}"
        )


EMPLOYER_LABELS = {
    "it-services": (
        "IT services and outsourcing (Cognizant, Infosys, TCS, ...)",
        ["services", "outsourcing"],
    ),
    "consulting": (
        "Consulting and analytics firms (BCG, McKinsey, Deloitte, ...)",
        ["consultancy"],
    ),
    "product": ("Product company or startup", ["startup", "product company", "fintech"]),
    "big-tech": ("Global big tech (FAANG-type)", ["faang", "maang", "bigtech", "big tech"]),
}


EMPLOYER_METHOD = (
    "FY2025 H-1B filings: the median of each filing's offered base wage over the median "
    "product-company wage at the same wage level and area (cells with "
    f"{factors.MIN_CELL} or more product filings). Base salary only: stock, large at big tech, "
    "is not in these records. Employers are typed by name (the companies listed, the employers "
    "that file most)."
)


def emit_employer_us(us: UsAreas) -> None:
    """The factors of the ``employer-us`` group, as YAML lines for data/bands.yaml."""
    types, _ = factors.employer_ratios(us.filings)
    out = print
    out("      # Generated by: python scripts/derive_factors.py --emit-yaml employer-us")
    for kind in factors.US_EMPLOYER_TYPES:
        label, words = EMPLOYER_LABELS[kind]
        companies = [factors.us_company_written(a) for a, k, _ in factors.US_COMPANIES if k == kind]
        measured = types[kind]
        out(f"      - key: {kind}")
        out(f"        label: {label}")
        out(f"        multiplier: {factors.round_step(measured.value)}")
        out(f"        aliases: [{', '.join(words)}]")
        emit_companies(companies)
        if kind == "product":
            out("        evidence:")
            out("          kind: neutral")
            out("          source: h1b-lca")
            out("          method: >-")
            out("            The reference point of the article's US bands and of the other types;")
            out("            n counts the product-company filings in the reference cells.")
            out(f"          n: {measured.n}")
            continue
        first = kind == factors.US_EMPLOYER_TYPES[0]
        emit_evidence("us-employer", "h1b-lca", EMPLOYER_METHOD, measured, first=first)


def _flow_item(name: str) -> str:
    """A company name as an item of a YAML flow sequence, quoted when YAML needs it."""
    plain = all(c.isalnum() or c in " -." for c in name) and not name[0].isdigit()
    return name if plain else _quote(name)


def emit_evidence(
    anchor: str, source: str, method: str, measured: factors.Ratio, *, first: bool
) -> None:
    """An employer type's evidence as YAML lines: in full, under ``anchor``, for the group's
    first type; for the others, a merge of it with their own n and observed ratio."""
    observed = round(measured.value, 3)
    if not first:
        print(f"        evidence: {{<<: *{anchor}, n: {measured.n}, observed: {observed}}}")
        return
    print(f"        evidence: &{anchor}")
    print("          kind: data")
    print(f"          source: {source}")
    print("          method: >-")
    for line in textwrap.wrap(method, 78):
        print(f"            {line}")
    print(f"          n: {measured.n}")
    print(f"          observed: {observed}")


def emit_companies(names: Iterable[str]) -> None:
    """A factor's ``companies`` list, as YAML lines of up to 96 characters."""
    lines: list[str] = []
    line = ""
    for item in (_flow_item(n) for n in names):
        if line and len(line) + len(item) + 2 > 84:
            lines.append(line + ",")
            line = ""
        line = f"{line}, {item}" if line else item
    lines.append(line)
    if len(lines) == 1:
        print(f"        companies: [{lines[0]}]")
        return
    print("        companies: [")
    for text in lines[:-1]:
        print(f"          {text}")
    print(f"          {lines[-1]}]")


INDIA_EMPLOYERS = {
    "it-services": ("IT services (TCS, Infosys, Wipro, HCL, ...)", ["services", "service"]),
    "consulting": (
        "Consulting and engineering services (EPAM, IBM, Deloitte, ...)",
        ["consultancy"],
    ),
    "product": (
        "Product company or startup",
        ["startup", "product company", "fintech", "gcc", "bank"],
    ),
    "big-tech": (
        "Global big tech (Amazon, Google, Microsoft, ...)",
        ["faang", "maang", "bigtech", "big tech"],
    ),
}

INDIA_EMPLOYER_METHOD = (
    "Offers of 2024 and 2025-H1 together, 2024 pay moved to 2025 terms (x{growth:.3f}, same "
    "employer and years). Median of total pay over the article's band mid at the same years. "
    "The sample is engineers who post offers publicly: it shows the segment, not the market."
)


def emit_employer_in(data: Path) -> None:
    """The factors of the ``employer-in`` group, as YAML lines for data/bands.yaml."""
    recent, _ = india_offers(data / INDIA_2025, "2025H1")
    older, _ = india_offers(data / INDIA_2024, "2024")
    growth = factors.growth_rate(older, recent).factor
    offers = [*factors.moved(older, growth), *recent]
    measured = factors.india_factors(offers, india_mid()).employer
    listed = factors.india_companies(o.company for o in offers)
    out = print
    out("      # Generated by: python scripts/derive_factors.py --emit-yaml employer-in")
    for kind in factors.INDIA_EMPLOYER_TYPES:
        label, words = INDIA_EMPLOYERS[kind]
        value = measured[kind]
        out(f"      - key: {kind}")
        out(f"        label: {label}")
        out(f"        multiplier: {factors.round_step(value.value)}")
        out(f"        aliases: [{', '.join(words)}]")
        emit_companies(c.name for c in listed if c.kind == kind)
        method = INDIA_EMPLOYER_METHOD.format(growth=growth)
        first = kind == factors.INDIA_EMPLOYER_TYPES[0]
        emit_evidence("in-employer", "india-offers", method, value, first=first)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data",
        nargs="?",
        type=Path,
        default=DEFAULT_DATA,
        help=f"the reference data folder (default: {DEFAULT_DATA})",
    )
    parser.add_argument(
        "--emit-yaml",
        choices=["city-us", "employer-in", "employer-us"],
        help="print a factor group's factors as YAML for data/bands.yaml instead of the tables",
    )
    args = parser.parse_args(argv)
    for name in (INDIA_2025, INDIA_2024, AI_JOBS, OFLC, H1B):
        if not (args.data / name).is_file():
            parser.error(f"{args.data / name}: no such file")
    us = UsAreas(args.data)
    if args.emit_yaml == "city-us":
        emit_city_us(us)
        return 0
    if args.emit_yaml == "employer-in":
        emit_employer_in(args.data)
        return 0
    if args.emit_yaml == "employer-us":
        emit_employer_us(us)
        return 0
    india(args.data)
    india_two_years(args.data)
    usa_specializations(args.data)
    usa_areas(us)
    usa_employers(us)
    roles(args.data, us)
    backtest(us)
    return 0


if __name__ == "__main__":
    sys.exit(main())
