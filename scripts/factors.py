"""Pure functions behind ``scripts/derive_factors.py``: records in, multipliers out.

No file is read here and nothing here needs the reference data folder, so the tests can run
these functions on small fixtures of their own (``tests/test_factors.py``). The package never
imports this module.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter, defaultdict
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
    # spellings of the 2024 file
    "banglore": "bengaluru", "bengalore": "bengaluru", "bangaluru": "bengaluru",
    "blr": "bengaluru", "hyd": "hyderabad", "hydrabad": "hyderabad", "delhi ncr": "delhi-ncr",
    "mysore": "smaller", "indore": "smaller",
}  # fmt: skip


def india_city(location: str) -> str | None:
    """The city key of a location as written ("Bangalore, India", "blr"); None when it names
    no single Indian city ("remote", "bangalore/pune", blank)."""
    text = location.casefold().split(",")[0].split("(")[0]
    return CITY_NAMES.get(" ".join(text.split()))


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


# --- India: the company list of the bands file ------------------------------------------

#: Names of the typing rule's lists that are not a company of their own: not a company at
#: all, or another name of a listed one.
NOT_LISTED = ("service based", "service now", "oci", "samya ai fractal")

#: Company names in the offers that name no company.
NOT_COMPANIES = ("current company",)

#: Names the offers write one company by (folded) -> the name it is counted under.
SAME_COMPANY = {"jpmc": "jpmorgan chase", "jp morgan chase": "jpmorgan chase",
                "jp morgan": "jpmorgan chase", "jpmorgan": "jpmorgan chase"}  # fmt: skip

#: Offers a company that the rule does not name needs to be listed (as a product company).
MIN_LISTED = 7


@dataclass(frozen=True)
class Company:
    """A company of the bands file's list: its name as most often written, its type, and the
    offers behind it."""

    name: str
    kind: str
    n: int


def _rule_name(company: str) -> str | None:
    """The name in the typing rule's lists that ``company`` matches (see employer_type)."""
    name = company.strip().casefold()
    for names in (BIG_TECH, MASS_IT_SERVICES, IT_SERVICES):
        for k in names:
            if name == k or name.startswith(k + " "):
                return k
    return None


def india_companies(companies: Iterable[str], min_n: int = MIN_LISTED) -> list[Company]:
    """The companies of the offers (one name per offer, as written) that the bands file
    lists, most offers first, then by name.

    Every company the typing rule names is listed (with at least one offer; ``NOT_LISTED``
    left out), written as the offers most often write the rule's name (``HCL`` of ``HCL
    Tech``); any other company, a product company by the rule, is listed with ``min_n`` or
    more offers: its names folded, ``SAME_COMPANY`` joined, a name that extends a more common
    one (``Walmart Global Tech``) counted with it, written as most often written."""
    written: dict[str, Counter[str]] = defaultdict(Counter)
    ruled: dict[str, Counter[str]] = defaultdict(Counter)
    for company in companies:
        text = " ".join(company.split())
        rule = _rule_name(text)
        if rule is not None:
            if rule not in NOT_LISTED:
                ruled[rule][text[: len(rule)]] += 1
        elif fold_name(text) and fold_name(text) not in NOT_COMPANIES:
            folded = fold_name(text)
            written[SAME_COMPANY.get(folded, folded)][text] += 1
    found = [
        Company(name=_most_common(spellings), kind=employer_type(rule), n=spellings.total())
        for rule, spellings in ruled.items()
    ]
    heads: dict[str, Counter[str]] = {}
    for name in sorted(written, key=lambda k: (-written[k].total(), k)):
        head = next((h for h in heads if name.startswith(h + " ")), None)
        if head is None:
            heads[name] = Counter(written[name])
        else:
            heads[head].update({"": written[name].total()})
    for spellings in heads.values():
        n = spellings.total()
        if n >= min_n:
            shown = _most_common(Counter({k: v for k, v in spellings.items() if k}))
            found.append(Company(name=shown, kind="product", n=n))
    return sorted(found, key=lambda c: (-c.n, c.name.casefold()))


def _most_common(spellings: Counter[str]) -> str:
    """The most common spelling; on a tie, the first in sorted order."""
    return min(spellings, key=lambda k: (-spellings[k], k))


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
    city = india_city(row["location"])
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


# --- US areas (OFLC prevailing wage levels) ----------------------------------------------

#: The four OFLC wage levels, in order (roughly the 17th, 34th, 50th and 67th percentiles).
LEVELS = ("I", "II", "III", "IV")

#: The areas the bands file treated as the article's "tech hubs" (multiplier 1.00) before
#: measured metros: San Francisco and San Jose (the Bay Area), Seattle, New York, Boston,
#: Los Angeles and Austin. Their median wage per level is the reference an area is priced
#: against, so the article's US bands keep describing those hubs.
HUB_AREAS = (
    "San Francisco-Oakland-Fremont, CA",
    "San Jose-Sunnyvale-Santa Clara, CA",
    "Seattle-Tacoma-Bellevue, WA",
    "New York-Newark-Jersey City, NY-NJ",
    "Boston-Cambridge-Newton, MA-NH",
    "Los Angeles-Long Beach-Anaheim, CA",
    "Austin-Round Rock-San Marcos, TX",
)

#: Keys of earlier versions kept for the areas they name (batch files use them).
LEGACY_AREA_KEYS = {
    "Seattle-Tacoma-Bellevue, WA": "seattle",
    "New York-Newark-Jersey City, NY-NJ": "new-york",
    "Boston-Cambridge-Newton, MA-NH": "boston",
    "Los Angeles-Long Beach-Anaheim, CA": "los-angeles",
    "Austin-Round Rock-San Marcos, TX": "austin",
}

#: Extra names of earlier versions and common names for an area, beside its principal cities.
LEGACY_AREA_ALIASES = {
    "seattle": ("redmond",),
    "new-york": ("nyc", "new york city", "manhattan", "brooklyn"),
    "boston": (),
    "los-angeles": ("la", "santa monica"),
    "austin": ("austin tx",),
}

#: Places that are not an area's principal city but where ML work is filed (the worksites
#: with about 8 or more FY2025 filings) or that people name: (place, state) -> (principal
#: city, state) of the area that holds them (county membership of the OMB 2023 delineations).
SUBURBS: dict[tuple[str, str], tuple[str, str]] = {
    **{(p, "WA"): ("seattle", "WA") for p in (
        "redmond", "kirkland", "bothell", "lynnwood", "issaquah")},
    **{(p, "CA"): ("san jose", "CA") for p in (
        "mountain view", "palo alto", "cupertino", "milpitas", "los gatos", "campbell",
        "los altos", "saratoga")},
    **{(p, "CA"): ("san francisco", "CA") for p in (
        "menlo park", "redwood city", "san mateo", "san bruno", "foster city", "burlingame",
        "south san francisco", "pleasanton", "san ramon", "berkeley", "newark", "san carlos",
        "emeryville", "east palo alto", "walnut creek", "dublin", "belmont")},
    **{(p, "CA"): ("los angeles", "CA") for p in (
        "irvine", "culver city", "santa monica", "pasadena", "burbank", "el segundo",
        "costa mesa", "torrance")},
    **{(p, "TX"): ("dallas", "TX") for p in (
        "plano", "irving", "frisco", "richardson", "coppell", "mckinney", "westlake", "allen",
        "denton")},
    **{(p, "TX"): ("austin", "TX") for p in ("leander", "georgetown", "cedar park")},
    ("katy", "TX"): ("houston", "TX"),
    ("bentonville", "AR"): ("fayetteville", "AR"),
    **{(p, "IL"): ("chicago", "IL") for p in (
        "riverwoods", "lake forest", "schaumburg", "deerfield")},
    **{(p, "VA"): ("washington", "VA") for p in (
        "mclean", "vienna", "ashburn", "reston", "herndon", "fairfax", "tysons", "chantilly")},
    **{(p, "MD"): ("washington", "MD") for p in ("rockville", "bethesda")},
    **{(p, "GA"): ("atlanta", "GA") for p in ("alpharetta", "cumming")},
    **{(p, "NY"): ("new york", "NY") for p in (
        "brooklyn", "long island city", "new york city", "manhattan")},
    **{(p, "NJ"): ("new york", "NJ") for p in (
        "hoboken", "florham park", "parsippany", "basking ridge", "raritan", "edison",
        "roseland")},
    ("collierville", "TN"): ("memphis", "TN"),
    **{(p, "AZ"): ("phoenix", "AZ") for p in ("tempe", "scottsdale")},
    **{(p, "MA"): ("boston", "MA") for p in (
        "framingham", "north reading", "wellesley", "waltham", "somerville", "malden")},
    ("morrisville", "NC"): ("raleigh", "NC"),
    **{(p, "PA"): ("philadelphia", "PA") for p in ("malvern", "wayne")},
    ("troy", "MI"): ("detroit", "MI"),
    ("dublin", "OH"): ("columbus", "OH"),
    ("overland park", "KS"): ("kansas city", "KS"),
    ("littleton", "CO"): ("denver", "CO"),
    ("oak ridge", "TN"): ("knoxville", "TN"),
    ("boise", "ID"): ("boise city", "ID"),
}  # fmt: skip

#: Common names of the Bay Area as a whole (key ``sf-bay-area``, both of its areas).
BAY_AREA_ALIASES = ("sf", "bay area", "sf bay area", "san francisco bay area", "silicon valley")


@dataclass(frozen=True)
class Area:
    """One OFLC area: id, name, state column, and annual wage per level (I-IV)."""

    area_id: str
    name: str
    state: str
    wages: tuple[float, float, float, float]

    @property
    def nonmetro(self) -> bool:
        return "nonmetropolitan" in self.name

    @property
    def cities(self) -> tuple[str, ...]:
        """The principal cities a metro's name lists ("San Jose-Sunnyvale-Santa Clara, CA")."""
        if self.nonmetro or "," not in self.name:
            return ()
        places, _, _ = self.name.rpartition(", ")
        return tuple(fold_name(p) for p in places.split("-") if fold_name(p))

    @property
    def states(self) -> tuple[str, ...]:
        """The states a metro's name lists (``IL-IN``), else the state column."""
        if self.nonmetro or "," not in self.name:
            return (self.state,)
        return tuple(self.name.rpartition(", ")[2].split("-"))


def clean_name(text: str) -> str:
    """A name without control characters (one area name carries a stray U+0081)."""
    return "".join(c for c in text if c.isprintable())


def slug(text: str) -> str:
    """A key from a name: ``Boise City`` -> ``boise-city``."""
    return fold_name(text).replace(" ", "-")


def area_key(area: Area) -> str:
    """The key of an area: a kept key, else the first principal city and the first state
    (``chicago-il``), else for a non-metro area its name and state
    (``west-texas-nonmetro-tx``)."""
    if area.name in LEGACY_AREA_KEYS:
        return LEGACY_AREA_KEYS[area.name]
    if area.nonmetro:
        name = area.name.replace("nonmetropolitan area", "").replace("(noncontiguous)", "")
        return f"{slug(name)}-nonmetro-{area.state.lower()}"
    if area.cities:
        return f"{slug(area.cities[0])}-{area.states[0].lower()}"
    return f"{slug(area.name.removesuffix(' MSA'))}-{area.state.lower()}"


def geometric_mean(values: Sequence[float]) -> float:
    if not values or min(values) <= 0:
        raise ValueError("geometric mean needs positive values")
    return math.exp(sum(math.log(v) for v in values) / len(values))


def hub_reference(areas: Sequence[Area]) -> tuple[float, float, float, float]:
    """The median wage at each level across HUB_AREAS."""
    hubs = [a for a in areas if a.name in HUB_AREAS]
    if len(hubs) != len(HUB_AREAS):
        raise ValueError("a hub area is missing from the wage table")
    return (
        median(a.wages[0] for a in hubs),
        median(a.wages[1] for a in hubs),
        median(a.wages[2] for a in hubs),
        median(a.wages[3] for a in hubs),
    )


def area_multiplier(area: Area, reference: Sequence[float]) -> float:
    """The geometric mean over the four levels of the area's wage over the reference's."""
    return geometric_mean([w / r for w, r in zip(area.wages, reference, strict=True)])


def weighted_median(pairs: Iterable[tuple[float, int]]) -> float:
    """The median of values each counted ``weight`` times (the lower middle on a tie)."""
    ordered = sorted((v, w) for v, w in pairs if w > 0)
    total = sum(w for _, w in ordered)
    if not total:
        raise ValueError("median of no values")
    running = 0
    for value, weight in ordered:
        running += weight
        if 2 * running >= total:
            return value
    raise AssertionError("unreachable")


def place_index(areas: Sequence[Area]) -> dict[tuple[str, str], str]:
    """(folded place, state) -> area id, for every principal city and every SUBURBS entry."""
    index: dict[tuple[str, str], str] = {}
    for area in areas:
        for city in area.cities:
            for state in area.states:
                index[(city, state)] = area.area_id
    for (place, state), principal in SUBURBS.items():
        if principal in index:
            index.setdefault((place, state), index[principal])
    return index


def locate(city: str, state: str, index: Mapping[tuple[str, str], str]) -> str | None:
    """The area id of a worksite, or None when the place is not an indexed name."""
    return index.get((fold_name(city), state.strip().upper()))


@dataclass(frozen=True)
class Filing:
    """One H-1B filing: employer, title, SOC code (7 characters), worksite, offered yearly
    wage (the lower end of a range), prevailing-wage level, and the located area id."""

    employer: str
    title: str
    soc: str
    city: str
    state: str
    wage: float
    level: str
    area: str | None


def parse_filing(row: Mapping[str, str], index: Mapping[tuple[str, str], str]) -> Filing | None:
    """A filing from a CSV row of the H-1B extract; None without a yearly wage or a level."""
    if row["wage_unit"] != "Year" or row["pw_wage_level"] not in LEVELS:
        return None
    try:
        wage = float(row["wage_from"])
    except ValueError:
        return None
    if not 10_000 <= wage <= 2_000_000:
        return None
    return Filing(
        employer=row["employer"],
        title=row["job_title"],
        soc=row["soc_code"][:7],
        city=row["worksite_city"],
        state=row["worksite_state"],
        wage=wage,
        level=row["pw_wage_level"],
        area=locate(row["worksite_city"], row["worksite_state"], index),
    )


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation (average ranks for ties)."""

    def ranks(values: Sequence[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        result = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                result[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return result

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    vy = math.sqrt(sum((b - my) ** 2 for b in ry))
    return cov / (vx * vy)


def filing_area_ratios(
    filings: Sequence[Filing], hub_ids: frozenset[str], min_n: int
) -> dict[str, Ratio]:
    """Per area with at least ``min_n`` located filings: the median of each filing's wage over
    the reference at the same level and SOC code, where the reference is built as the wage
    levels' is: the median over the hub areas of each hub's median filing wage."""
    cells: dict[tuple[str, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for f in filings:
        if f.area in hub_ids:
            cells[(f.level, f.soc)][f.area].append(f.wage)
    reference = {
        key: median(median(wages) for wages in by_hub.values()) for key, by_hub in cells.items()
    }
    by_area: dict[str, list[float]] = defaultdict(list)
    for f in filings:
        if f.area is not None and (f.level, f.soc) in reference:
            by_area[f.area].append(f.wage / reference[(f.level, f.soc)])
    return {area: ratio(values) for area, values in by_area.items() if len(values) >= min_n}


# --- US employers (H-1B filings) ---------------------------------------------------------

#: Employers by the name people type, their type, and how their filings' employer names start
#: (folded). Covers every employer with 15 or more FY2025 filings in the extract and the other
#: large technology names; any other employer is a product company (the bands' reference).
US_COMPANIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("amazon", "big-tech", ("amazon",)),
    ("aws", "big-tech", ("amazon web services",)),
    ("microsoft", "big-tech", ("microsoft",)),
    ("linkedin", "big-tech", ("linkedin",)),
    ("meta", "big-tech", ("meta platforms",)),
    ("facebook", "big-tech", ("facebook",)),
    ("google", "big-tech", ("google",)),
    ("apple", "big-tech", ("apple inc",)),
    ("netflix", "big-tech", ("netflix",)),
    ("nvidia", "big-tech", ("nvidia",)),
    ("tiktok", "big-tech", ("tiktok",)),
    ("bytedance", "big-tech", ("bytedance",)),
    ("adobe", "big-tech", ("adobe",)),
    ("intuit", "big-tech", ("intuit",)),
    ("oracle", "big-tech", ("oracle",)),
    ("salesforce", "big-tech", ("salesforce",)),
    ("uber", "big-tech", ("uber technologies",)),
    ("airbnb", "big-tech", ("airbnb",)),
    ("atlassian", "big-tech", ("atlassian",)),
    ("boston consulting group", "consulting", ("boston consulting group",)),
    ("bcg", "consulting", ()),
    ("mckinsey", "consulting", ("mckinsey",)),
    ("ibm", "it-services", ("ibm", "international business machines")),
    ("tiger analytics", "consulting", ("tiger analytics",)),
    ("cognizant", "it-services", ("cognizant",)),
    ("ltimindtree", "it-services", ("ltimindtree",)),
    ("infosys", "it-services", ("infosys",)),
    ("tcs", "it-services", ("tata consultancy",)),
    ("wipro", "it-services", ("wipro",)),
    ("hcl", "it-services", ("hcl",)),
    ("accenture", "it-services", ("accenture",)),
    ("capgemini", "it-services", ("capgemini",)),
    ("deloitte", "consulting", ("deloitte",)),
    ("epam", "it-services", ("epam",)),
    ("zs associates", "consulting", ("zs associates",)),
    ("fractal", "consulting", ("fractal analytics",)),
    ("incedo", "it-services", ("incedo",)),
    ("compunnel", "it-services", ("compunnel",)),
    ("citiustech", "it-services", ("citiustech",)),
    ("tech mahindra", "it-services", ("tech mahindra",)),
    ("kpmg", "consulting", ("kpmg",)),
    ("ey", "consulting", ("ernst young",)),
    ("pwc", "consulting", ("pricewaterhousecoopers",)),
    ("genpact", "it-services", ("genpact",)),
    ("walmart", "product", ("wal mart", "walmart")),
    ("capital one", "product", ("capital one",)),
    ("jpmorgan", "product", ("jpmorgan",)),
    ("discover", "product", ("discover products", "dfs services")),
    ("pinterest", "product", ("pinterest",)),
    ("paypal", "product", ("paypal",)),
    ("fedex", "product", ("federal express", "fedex")),
    ("cvs health", "product", ("aetna", "caremark", "cvs")),
    ("doordash", "product", ("doordash",)),
    ("visa", "product", ("visa u s a",)),
    ("intel", "product", ("intel corporation",)),
    ("expedia", "product", ("expedia",)),
    ("home depot", "product", ("home depot",)),
    ("relx", "product", ("relx", "lexisnexis")),
    ("american express", "product", ("american express",)),
    ("block", "product", ("block inc",)),
    ("ford", "product", ("ford motor",)),
    ("wayfair", "product", ("wayfair",)),
    ("navy federal", "product", ("navy federal",)),
    ("ebay", "product", ("ebay",)),
    ("elevance", "product", ("elevance",)),
    ("lyft", "product", ("lyft",)),
    ("dell", "product", ("dell",)),
    ("at&t", "product", ("at t",)),
    ("snap", "product", ("snap inc",)),
    ("roblox", "product", ("roblox",)),
    ("spotify", "product", ("spotify",)),
    ("target", "product", ("target",)),
    ("chewy", "product", ("chewy",)),
    ("prudential", "product", ("the prudential", "prudential")),
    ("c3 ai", "product", ("c3 ai",)),
    ("cisco", "product", ("cisco",)),
    ("adp", "product", ("adp",)),
    ("robinhood", "product", ("robinhood",)),
    ("vanguard", "product", ("the vanguard", "vanguard")),
    ("fidelity", "product", ("fidelity",)),
    ("sofi", "product", ("social finance",)),
    ("liberty mutual", "product", ("liberty mutual",)),
    ("comcast", "product", ("comcast",)),
    ("zillow", "product", ("zillow",)),
    ("reddit", "product", ("reddit",)),
    ("caterpillar", "product", ("caterpillar",)),
    ("truist", "product", ("truist",)),
    ("etsy", "product", ("etsy",)),
    ("indeed", "product", ("indeed",)),
    ("verisk", "product", ("insurance services office",)),
    ("travelers", "product", ("the travelers", "travelers")),
    ("humana", "product", ("humana",)),
    ("optum", "product", ("optum",)),
    ("autodesk", "product", ("autodesk",)),
)

#: How a listed employer is written where capitalising each word of its alias is wrong.
US_COMPANY_WRITTEN = {
    "aws": "AWS", "linkedin": "LinkedIn", "tiktok": "TikTok", "bytedance": "ByteDance",
    "nvidia": "NVIDIA", "bcg": "BCG", "mckinsey": "McKinsey", "ibm": "IBM",
    "ltimindtree": "LTIMindtree", "tcs": "TCS", "hcl": "HCL", "epam": "EPAM",
    "zs associates": "ZS Associates", "citiustech": "CitiusTech", "kpmg": "KPMG", "ey": "EY",
    "pwc": "PwC", "jpmorgan": "JPMorgan", "paypal": "PayPal", "fedex": "FedEx",
    "cvs health": "CVS Health", "doordash": "DoorDash", "relx": "RELX", "ebay": "eBay",
    "at&t": "AT&T", "c3 ai": "C3 AI", "adp": "ADP", "sofi": "SoFi",
}  # fmt: skip


def us_company_written(alias: str) -> str:
    """A listed US employer as people write it: ``jpmorgan`` -> ``JPMorgan``."""
    return US_COMPANY_WRITTEN.get(alias) or " ".join(w.capitalize() for w in alias.split())


#: The employer types of the US bands, the product company being the reference: mass IT
#: services and outsourcing (Cognizant, Infosys, ...) apart from consulting and analytics
#: firms (BCG, McKinsey, Deloitte, ...), which the filings show paying very differently.
US_EMPLOYER_TYPES = ("it-services", "consulting", "product", "big-tech")

#: A (level, area) cell needs this many product filings to be a reference for the others.
MIN_CELL = 3


def us_company(employer: str) -> tuple[str, str]:
    """(type, company alias) of a filing's employer name; ("product", "") when not listed."""
    name = fold_name(employer)
    for alias, kind, prefixes in US_COMPANIES:
        if any(name == p or name.startswith(p + " ") for p in prefixes):
            return kind, alias
    return "product", ""


def employer_ratios(filings: Sequence[Filing]) -> tuple[dict[str, Ratio], dict[str, Ratio]]:
    """(per type, per listed company): the median of each filing's wage over the median
    product-company wage at the same level and area (cells with MIN_CELL product filings)."""
    product: dict[tuple[str, str], list[float]] = defaultdict(list)
    for f in filings:
        if f.area is not None and us_company(f.employer)[0] == "product":
            product[(f.level, f.area)].append(f.wage)
    reference = {cell: median(w) for cell, w in product.items() if len(w) >= MIN_CELL}
    by_type: dict[str, list[float]] = defaultdict(list)
    by_company: dict[str, list[float]] = defaultdict(list)
    for f in filings:
        cell = (f.level, f.area or "")
        if cell not in reference:
            continue
        kind, alias = us_company(f.employer)
        value = f.wage / reference[cell]
        by_type[kind].append(value)
        if alias:
            by_company[alias].append(value)
    types = {kind: ratio(by_type[kind]) for kind in US_EMPLOYER_TYPES if by_type[kind]}
    companies = {alias: ratio(v) for alias, v in sorted(by_company.items())}
    return types, companies


# --- India: 2024 moved to 2025 terms -----------------------------------------------------


@dataclass(frozen=True)
class Growth:
    """Pay growth from one period to the next: the median over matched cells (same employer,
    same whole years of experience) of the later median total over the earlier one."""

    factor: float
    cells: int
    earlier: int
    later: int


def growth_rate(earlier: Sequence[Offer], later: Sequence[Offer], min_cells: int = MIN_N) -> Growth:
    """The growth between two periods' offers, matched by employer and whole years."""

    def cells(offers: Sequence[Offer]) -> dict[tuple[str, int], list[float]]:
        found: dict[tuple[str, int], list[float]] = defaultdict(list)
        for offer in offers:
            found[(fold_name(offer.company), int(offer.years))].append(offer.total)
        return found

    before, after = cells(earlier), cells(later)
    shared = sorted(set(before) & set(after))
    if len(shared) < min_cells:
        raise ValueError(f"only {len(shared)} employer-and-years cells in both periods")
    ratios = [median(after[c]) / median(before[c]) for c in shared]
    return Growth(
        factor=median(ratios),
        cells=len(shared),
        earlier=sum(len(before[c]) for c in shared),
        later=sum(len(after[c]) for c in shared),
    )


def moved(offers: Sequence[Offer], factor: float) -> list[Offer]:
    """The offers with their total pay multiplied by ``factor`` (to another period's terms)."""
    return [
        Offer(
            years=o.years, total=o.total * factor, company=o.company, city=o.city, period=o.period
        )
        for o in offers
    ]


# --- Roles ---------------------------------------------------------------------------------

#: The roles mlsal prices, the bands' own first.
ROLES = (
    "machine-learning-engineer", "data-scientist", "applied-scientist", "research-scientist",
    "ai-engineer",
)  # fmt: skip

_ML_ENGINEER = re.compile(r"\b(machine learning|ml|ai ml|ml ai)\b.*\bengineer")
_AI_ENGINEER = re.compile(
    r"\b(ai|artificial intelligence|generative ai|gen ai|genai)\b.*\bengineer"
)
_DATA_SCIENTIST = re.compile(r"\bdata scien")


def role_of(title: str) -> str | None:
    """The role a job title names, or None (analysts, managers, other engineers).

    Order matters: "Applied Scientist" before anything else, "AI/ML Engineer" is an ML
    engineer, "AI Engineer" an AI engineer, "Data Science Engineer" a data scientist."""
    text = fold_name(title)
    if "applied scien" in text:
        return "applied-scientist"
    if "research scien" in text:
        return "research-scientist"
    if _ML_ENGINEER.search(text):
        return "machine-learning-engineer"
    if _AI_ENGINEER.search(text):
        return "ai-engineer"
    if _DATA_SCIENTIST.search(text):
        return "data-scientist"
    return None


def role_ratios(filings: Sequence[Filing]) -> dict[str, Ratio]:
    """Per role: the median of each filing's wage over the median ML engineer wage at the same
    wage level and area (cells with MIN_CELL or more ML engineer filings)."""
    engineers: dict[tuple[str, str], list[float]] = defaultdict(list)
    for f in filings:
        if f.area is not None and role_of(f.title) == ROLES[0]:
            engineers[(f.level, f.area)].append(f.wage)
    reference = {cell: median(w) for cell, w in engineers.items() if len(w) >= MIN_CELL}
    by_role: dict[str, list[float]] = defaultdict(list)
    for f in filings:
        cell = (f.level, f.area or "")
        kind = role_of(f.title)
        if kind is not None and cell in reference:
            by_role[kind].append(f.wage / reference[cell])
    return {kind: ratio(by_role[kind]) for kind in ROLES if by_role[kind]}


def india_role_ratios(
    offers: Sequence[tuple[Offer, str | None]], band_mid: Callable[[float], float]
) -> tuple[dict[str, int], dict[str, Ratio]]:
    """(count per role, ratio per role with MIN_N or more offers): a role's median of total over
    the band mid at the same years, over the ML engineers' median of the same."""
    by_role: dict[str, list[float]] = defaultdict(list)
    for offer, kind in offers:
        if kind is not None:
            by_role[kind].append(offer.total / band_mid(offer.years))
    counts = {kind: len(by_role[kind]) for kind in ROLES}
    if counts[ROLES[0]] < MIN_N:
        return counts, {}
    base = median(by_role[ROLES[0]])
    found = {
        kind: Ratio(median(values) / base, len(values))
        for kind, values in by_role.items()
        if len(values) >= MIN_N
    }
    return counts, found


# --- Backtest ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """How many values fall below, inside and above a range (low <= value <= high inside)."""

    below: int
    inside: int
    above: int

    @property
    def n(self) -> int:
        return self.below + self.inside + self.above

    def share(self, part: int) -> float:
        return part / self.n if self.n else 0.0


def coverage(values: Iterable[float], low: float, high: float) -> Coverage:
    """Counts of ``values`` below ``low``, within [low, high], above ``high``."""
    below = inside = above = 0
    for value in values:
        if value < low:
            below += 1
        elif value > high:
            above += 1
        else:
            inside += 1
    return Coverage(below, inside, above)
