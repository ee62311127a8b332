"""The shape of a bands file: sources, countries, salary bands and factors.

Every model is a frozen, slotted dataclass: plain Python, cheap to import and to build, so
a command whose data file is already validated (see :mod:`mlsal.bands.cache`) never loads
pydantic. The same classes are the schema: :mod:`mlsal.bands.schema` has pydantic check a
parsed file against their annotations. Each field's constraints are declared with
:class:`Rule` (pydantic's ``Field`` constraints) or :class:`Check` (a function on the one
value), which pydantic reads and nothing else does; checks that span fields run in
``__post_init__``, so they hold however a model is built. Unknown keys are errors, so a
typo in a hand-edited file is reported rather than silently ignored.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from mlsal.value import Value, frozen

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

#: The factor dimensions a profile can set; the CLI option of each is ``--<dimension>``.
DIMENSIONS: tuple[str, ...] = ("skill", "education", "city", "employer", "role")

#: The percentiles a band may carry, in order; all of them or none.
PERCENTILES: tuple[str, ...] = ("p10", "p25", "p50", "p75", "p90")

#: Multipliers outside this range are refused: no single factor plausibly moves pay more.
MULTIPLIER_MIN = 0.2
MULTIPLIER_MAX = 5.0

#: Pay figures above this are refused: far above any yearly pay in any currency unit, and
#: low enough that the estimator's float arithmetic stays exact to the unit.
PAY_MAX = 10**12

#: Exchange rates outside this range are refused: the widest pair in use (rial or dong per
#: dinar or dollar) is near 10^6; the bound keeps converted pay within what can be printed.
RATE_MIN = 1e-7
RATE_MAX = 1e7

#: PPP factors (local currency units per international dollar) outside this range are
#: refused: World Bank factors run from about 0.1 to about 10^5.
PPP_MIN = 1e-3
PPP_MAX = 1e6

#: Keys of bands, factors, skills and facts: lower case, digits, ``-`` and ``_``.
KEY_PATTERN = r"^[a-z][a-z0-9_-]*$"


def years_span(years_from: float, years_to: float | None) -> str:
    """A span of years as a person reads it: ``0-4 y``, ``10+ y`` (open-ended)."""
    start = f"{years_from:g}"
    return f"{start}+ y" if years_to is None else f"{start}-{years_to:g} y"


class Rule:
    """Constraints on one field, as pydantic's ``Field`` takes them: ``Rule(gt=0, le=60)``.

    Placed in an ``Annotated`` type. Only pydantic reads it (through the hook below), and
    only when a file is validated; building a model by hand or from the cache skips it.
    """

    __slots__ = ("constraints",)

    def __init__(self, **constraints: object) -> None:
        self.constraints = constraints

    def __repr__(self) -> str:
        return f"Rule({', '.join(f'{k}={v!r}' for k, v in self.constraints.items())})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic import Field

        return handler(Annotated[source, Field(**self.constraints)])  # type: ignore[call-overload]


class Check:
    """A check pydantic runs on one field's value, after its type is checked or before.

    ``check`` returns the value, or raises ValueError to refuse it; the problem is reported
    on that field, beside every other problem in the file. Only pydantic reads this.
    """

    __slots__ = ("before", "check")

    def __init__(self, check: Callable[[Any], Any], *, before: bool = False) -> None:
        self.check = check
        self.before = before

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        if self.before:
            return core_schema.no_info_before_validator_function(self.check, handler(source))
        return core_schema.no_info_after_validator_function(self.check, handler(source))


# Scalars are strict: a quoted "5" is not a number, 5 is not a string, "2024-06-01" in
# quotes is not a date. (An int is accepted where a float is expected.)
Str = Annotated[str, Rule(strict=True)]
Text = Annotated[str, Rule(strict=True, min_length=1)]
Key = Annotated[str, Rule(strict=True, pattern=KEY_PATTERN)]
CurrencyCode = Annotated[str, Rule(strict=True, pattern=r"^[A-Z]{3}$")]
Int = Annotated[int, Rule(strict=True)]
Float = Annotated[float, Rule(strict=True)]
Date = Annotated[dt.date, Rule(strict=True)]
Years = Annotated[float, Rule(strict=True, ge=0, le=60)]
Pay = Annotated[int, Rule(strict=True, gt=0, le=PAY_MAX)]


def _before(cls: type, fill: Callable[[Any], Any], handler: GetCoreSchemaHandler) -> CoreSchema:
    """The schema of ``cls``, with ``fill`` applied to the raw input first."""
    from pydantic_core import core_schema

    return core_schema.no_info_before_validator_function(fill, handler(cls))


class Frozen(Value):
    """Base for every data-file model: pydantic forbids unknown keys, NaN and infinity."""

    __slots__ = ()
    __pydantic_config__: ClassVar[Mapping[str, object]] = {
        "extra": "forbid",
        "allow_inf_nan": False,
    }


@frozen
class Source(Frozen):
    """Where a figure comes from: enough to find it again."""

    title: Text
    publisher: Str | None = None
    url: Str | None = None
    #: The first day the source's figures cover, when they cover a period; ``date`` is then
    #: its last day.
    period_from: Date | None = None
    date: Date
    license: Str | None = None
    note: Str | None = None

    def __post_init__(self) -> None:
        if self.period_from is not None and self.period_from > self.date:
            raise ValueError("period_from is after date")

    @property
    def period(self) -> str:
        """The period the figures cover (``2025-01-01 to 2025-06-30``), or their one date."""
        if self.period_from is None:
            return self.date.isoformat()
        return f"{self.period_from.isoformat()} to {self.date.isoformat()}"


def _range_from_percentiles(data: Any) -> Any:
    """A band with percentiles but no range gets low=p25, mid=p50, high=p75."""
    if isinstance(data, dict) and all(data.get(p) is not None for p in PERCENTILES):
        filled = {"low": data["p25"], "mid": data["p50"], "high": data["p75"]}
        data = {**filled, **{k: v for k, v in data.items() if v is not None}}
    return data


@frozen
class SalaryBand(Frozen):
    """Pay for one experience level, in the country's currency unit per year.

    The band covers ``years_from`` up to but not including ``years_to`` (open-ended when
    ``years_to`` is null). Its range applies exactly at ``reference_years``; between the
    reference points of neighbouring bands the estimate is interpolated (see methodology).
    A band given percentiles and no range takes p25, p50 and p75 as low, mid and high.
    """

    key: Key
    label: Text
    years_from: Years
    years_to: Annotated[Float, Rule(gt=0, le=60)] | None = None
    reference_years: Years
    low: Pay
    mid: Pay | None = None
    high: Pay
    tail_high: Pay | None = None
    p10: Annotated[Int, Rule(gt=0)] | None = None
    p25: Annotated[Int, Rule(gt=0)] | None = None
    p50: Annotated[Int, Rule(gt=0)] | None = None
    p75: Annotated[Int, Rule(gt=0)] | None = None
    p90: Annotated[Int, Rule(gt=0)] | None = None
    #: How many records are behind the percentiles.
    n: Annotated[Int, Rule(ge=1)] | None = None
    records_from: Date | None = None
    records_to: Date | None = None
    #: The band's years in its source's own words (``0-3 years``); labels show this.
    published_years: Text | None = None
    #: The largest pay any record of ``records_top_source`` reports at this level.
    records_top: Pay | None = None
    records_top_source: Str | None = None
    meaning: Text
    source: Text
    note: Str | None = None

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return _before(cls, _range_from_percentiles, handler)

    def __post_init__(self) -> None:
        self._check_percentiles()
        self._check_order()

    def _check_percentiles(self) -> None:
        values = [getattr(self, p) for p in PERCENTILES]
        if any(v is not None for v in values):
            if any(v is None for v in values):
                raise ValueError(f"band '{self.key}': give all of {', '.join(PERCENTILES)} or none")
            if values != sorted(values):
                raise ValueError(f"band '{self.key}': percentiles must not fall from p10 to p90")
        if self.records_from and self.records_to and self.records_from > self.records_to:
            raise ValueError(f"band '{self.key}': records_from is after records_to")
        if (self.records_top is None) != (self.records_top_source is None):
            raise ValueError(f"band '{self.key}': give records_top and records_top_source together")

    def _check_order(self) -> None:
        if self.low > self.high:
            raise ValueError(f"band '{self.key}': low {self.low} is above high {self.high}")
        if self.mid is not None and not self.low <= self.mid <= self.high:
            raise ValueError(f"band '{self.key}': mid {self.mid} is not between low and high")
        if self.tail_high is not None and self.tail_high < self.high:
            raise ValueError(f"band '{self.key}': tail_high is below high")
        if self.years_to is not None and self.years_to <= self.years_from:
            raise ValueError(f"band '{self.key}': years_to must be above years_from")
        upper = self.years_to if self.years_to is not None else math.inf
        if not self.years_from <= self.reference_years < upper:
            raise ValueError(f"band '{self.key}': reference_years must lie inside the band")

    @property
    def typical(self) -> int:
        """The band's central figure: the stated mid, else the midpoint of low and high."""
        return self.mid if self.mid is not None else (self.low + self.high) // 2

    @property
    def percentiles(self) -> tuple[int, int, int, int, int] | None:
        """(p10, p25, p50, p75, p90) of the records behind the band, when it has them."""
        values = (self.p10, self.p25, self.p50, self.p75, self.p90)
        if values[0] is None or values[1] is None or values[2] is None or values[3] is None:
            return None
        if values[4] is None:
            return None
        return (values[0], values[1], values[2], values[3], values[4])

    @property
    def years_label(self) -> str:
        """Years as a person reads them: ``0-4 y``, ``10+ y``."""
        return years_span(self.years_from, self.years_to)

    @property
    def years_wording(self) -> str:
        """The band's years as its source words them, else as computed: ``4-9 years``."""
        return self.published_years or self.years_label

    @property
    def reported_top(self) -> int:
        """The largest pay a bundled source reports at this level: range, tail or records."""
        return max(self.high, self.tail_high or 0, self.p90 or 0, self.records_top or 0)


@frozen
class Evidence(Frozen):
    """Why a multiplier has its value: measured from records, or a stated assumption."""

    kind: Literal["data", "assumption", "neutral"]
    source: Str | None = None
    method: Text
    n: Annotated[Int, Rule(ge=0)] | None = None
    observed: Float | None = None

    def __post_init__(self) -> None:
        if self.kind == "data" and (self.source is None or self.n is None):
            raise ValueError("evidence of kind 'data' needs a source and n")


def _sane_multiplier(value: float) -> float:
    if not MULTIPLIER_MIN <= value <= MULTIPLIER_MAX:
        raise ValueError(
            f"multiplier {value} is outside the sane range {MULTIPLIER_MIN}-{MULTIPLIER_MAX}"
        )
    return value


@frozen
class Factor(Frozen):
    """One choice within a factor group, e.g. the NLP specialization."""

    key: Key
    label: Text
    multiplier: Annotated[Float, Check(_sane_multiplier)]
    aliases: tuple[Str, ...] = ()
    #: Companies of this type, by name as people write them (``Flipkart``): naming one picks
    #: this choice, and the estimate says which company it was counted as.
    companies: tuple[Text, ...] = ()
    evidence: Evidence
    #: Why this choice is not priced in the countries of its group (too few records there):
    #: naming it is an error that says so.
    refused: Text | None = None


def _companies_once(factors: tuple[Factor, ...]) -> tuple[Factor, ...]:
    """A company names one choice: it is listed once in the group, and is no choice's key or
    alias (compared as typed names are matched, see mlsal.bands.names.fold)."""
    from mlsal.bands.names import fold

    named = {fold(n): f.key for f in factors for n in (f.key, *f.aliases)}
    listed: dict[str, str] = {}
    for factor in factors:
        for company in factor.companies:
            folded = fold(company)
            if folded in named:
                raise ValueError(
                    f"company '{company}' of '{factor.key}' is also a name of '{named[folded]}'"
                )
            if folded in listed:
                raise ValueError(
                    f"company '{company}' is listed under both '{listed[folded]}' and "
                    f"'{factor.key}'"
                )
            listed[folded] = factor.key
    return factors


@frozen
class FactorGroup(Frozen):
    """The choices of one dimension (skill, education, city, employer, role) for some
    countries."""

    dimension: Literal["skill", "education", "city", "employer", "role"]
    label: Text
    factors: Annotated[tuple[Factor, ...], Rule(min_length=1), Check(_companies_once)]
    #: The choice that covers what the group does not list (a city not listed:
    #: ``rest-of-us``); an unknown value's error names it.
    unlisted: Key | None = None

    def __post_init__(self) -> None:
        if self.unlisted is not None and all(f.key != self.unlisted for f in self.factors):
            raise ValueError(f"unlisted '{self.unlisted}' is not a key of the group's factors")
        seen: dict[str, str] = {}
        for factor in self.factors:
            for name in (factor.key, *factor.aliases):
                folded = name.casefold()
                if folded in seen:
                    raise ValueError(
                        f"name '{name}' is used by both '{seen[folded]}' and '{factor.key}'"
                    )
                seen[folded] = factor.key


@frozen
class Country(Frozen):
    """A market: its currency, how pay is stated there, its bands and its factor groups."""

    name: Text
    currency: CurrencyCode
    locale: Annotated[Str, Rule(min_length=2)]
    aliases: tuple[Str, ...] = ()
    pay_basis: Text
    bands: Annotated[tuple[SalaryBand, ...], Rule(min_length=1)]
    factors: dict[Str, Str]
    notes: tuple[Str, ...] = ()
    #: Said on the estimate card when no --city is given: where the figures apply.
    city_note: Str | None = None

    def __post_init__(self) -> None:
        """Bands tile the years from 0 and pay never falls; all problems, one per line."""
        bands = self.bands
        problems: list[str] = []
        if not bands:
            raise ValueError("bands: a country needs at least one band")
        if bands[0].years_from != 0:
            problems.append("bands.0.years_from: the first band must start at 0 years")
        for index, (before, after) in enumerate(itertools.pairwise(bands), start=1):
            if before.years_to is None or before.years_to != after.years_from:
                problems.append(
                    f"bands.{index}.years_from: bands '{before.key}' and '{after.key}' "
                    "leave a gap or overlap in years"
                )
            for name in ("low", "typical", "high"):
                if getattr(after, name) < getattr(before, name):
                    where = "mid" if name == "typical" else name
                    problems.append(
                        f"bands.{index}.{where}: band '{after.key}' {name} is below band "
                        f"'{before.key}': pay must not fall as years rise"
                    )
        if bands[-1].years_to is not None:
            problems.append(
                f"bands.{len(bands) - 1}.years_to: the last band '{bands[-1].key}' must be "
                "open-ended (years_to: null)"
            )
        keys = [band.key for band in bands]
        for index, key in enumerate(keys):
            if key in keys[:index]:
                problems.append(f"bands.{index}.key: band key '{key}' is used twice")
        for dimension in sorted(set(self.factors) - set(DIMENSIONS)):
            problems.append(f"factors.{dimension}: unknown factor dimension '{dimension}'")
        if problems:
            raise ValueError("\n".join(problems))


@frozen
class ExchangeRate(Frozen):
    """A dated exchange rate: ``rate`` units of ``quote`` buy one unit of ``base``."""

    base: CurrencyCode
    quote: CurrencyCode
    rate: Annotated[Float, Rule(ge=RATE_MIN, le=RATE_MAX)]
    date: Date
    source: Text
    note: Str | None = None


@frozen
class PppFactor(Frozen):
    """A PPP conversion factor: local currency units per international dollar, for a year."""

    factor: Annotated[Float, Rule(ge=PPP_MIN, le=PPP_MAX)]
    year: Annotated[Int, Rule(ge=1990, le=2100)]
    measure: Text
    source: Text
    note: Str | None = None


@frozen
class Rates(Frozen):
    """Currency conversion: exchange rates between currencies and PPP factors per country."""

    exchange: tuple[ExchangeRate, ...] = ()
    ppp: dict[Str, PppFactor] = field(default_factory=dict)
    remark: Str | None = None
    remark_source: Str | None = None


@frozen
class EssentialSkill(Frozen):
    """A skill the article calls essential: what it is for and the tools it names."""

    key: Key
    label: Text
    purpose: Text
    tools: tuple[Str, ...] = ()
    source: Text


@frozen
class Industry(Frozen):
    """An industry hiring ML engineers, with the work the article names for it."""

    label: Text
    examples: tuple[Str, ...] = ()
    countries: Annotated[tuple[Str, ...], Rule(min_length=1)]


@frozen
class Recruiters(Frozen):
    """The employers a source names as hiring in one country, and its claim about them."""

    names: Annotated[tuple[Str, ...], Rule(min_length=1)]
    claim: Text


@frozen
class CareerFact(Frozen):
    """A question readers ask and a source's answer to it, kept as that source's claim."""

    key: Key
    question: Text
    answer: Text


@frozen
class MarketFacts(Frozen):
    """Who hires ML engineers and the career facts a source states; all its claims."""

    source: Text
    industries: tuple[Industry, ...] = ()
    recruiters: dict[Str, Recruiters] = field(default_factory=dict)
    facts: tuple[CareerFact, ...] = ()


def _schema_version_one(value: Any) -> Any:
    """The integer 1: the literal alone would also take ``true`` and ``1.0``."""
    if type(value) is not int or value != 1:
        from pydantic_core import PydanticCustomError  # only pydantic calls this

        raise PydanticCustomError("literal_error", "Input should be 1")
    return value


@frozen
class BandsFile(Frozen):
    """A whole bands file: what ``data/bands.yaml`` holds."""

    schema_version: Annotated[Literal[1], Check(_schema_version_one, before=True)]
    title: Text
    updated: Date
    sources: Annotated[dict[Str, Source], Rule(min_length=1)]
    countries: Annotated[dict[Str, Country], Rule(min_length=1)]
    factor_groups: dict[Str, FactorGroup] = field(default_factory=dict)
    rates: Rates | None = None
    essential_skills: tuple[EssentialSkill, ...] = ()
    market: MarketFacts | None = None

    def __post_init__(self) -> None:
        self._check_facts()
        self._check_references()

    def _check_facts(self) -> None:
        """Rates, skills and market facts cite known sources and name known countries."""
        cited: list[tuple[str, str]] = []
        if self.rates is not None:
            cited += [(f"rate {r.base}/{r.quote}", r.source) for r in self.rates.exchange]
            pairs = [frozenset((r.base, r.quote)) for r in self.rates.exchange]
            for rate, pair in zip(self.rates.exchange, pairs, strict=True):
                if len(pair) == 1:
                    raise ValueError(f"rate {rate.base}/{rate.quote} converts a currency to itself")
                if pairs.count(pair) > 1:
                    raise ValueError(
                        f"more than one exchange rate between {rate.base} and {rate.quote}"
                    )
            if self.rates.remark_source is not None:
                cited.append(("rates remark", self.rates.remark_source))
            for code, ppp in self.rates.ppp.items():
                if code not in self.countries:
                    raise ValueError(f"PPP factor for unknown country '{code}'")
                cited.append((f"PPP factor {code}", ppp.source))
        cited += [(f"essential skill '{s.key}'", s.source) for s in self.essential_skills]
        if self.market is not None:
            cited.append(("market", self.market.source))
            named = {c for i in self.market.industries for c in i.countries}
            for code in sorted(named | set(self.market.recruiters)):
                if code not in self.countries:
                    raise ValueError(f"market facts name unknown country '{code}'")
        for what, source in cited:
            if source not in self.sources:
                raise ValueError(f"{what} cites unknown source '{source}'")

    def _check_references(self) -> None:
        """Every reference resolves; all problems are reported, one per line, path first."""
        problems: list[str] = []
        for code, country in self.countries.items():
            if not code.isupper() or len(code) != 2:
                problems.append(f"countries.{code}: country code must be two capital letters")
            for index, band in enumerate(country.bands):
                if band.source not in self.sources:
                    problems.append(
                        f"countries.{code}.bands.{index}.source: band '{band.key}' cites "
                        f"unknown source '{band.source}'"
                    )
                top = band.records_top_source
                if top is not None and top not in self.sources:
                    problems.append(
                        f"countries.{code}.bands.{index}.records_top_source: band "
                        f"'{band.key}' cites unknown source '{top}'"
                    )
            for dimension, group_id in country.factors.items():
                group = self.factor_groups.get(group_id)
                where = f"countries.{code}.factors.{dimension}"
                if group is None:
                    problems.append(f"{where}: factor group '{group_id}' is missing")
                elif group.dimension != dimension:
                    problems.append(
                        f"{where}: group '{group_id}' is of dimension '{group.dimension}'"
                    )
        for group_id, group in self.factor_groups.items():
            for index, factor in enumerate(group.factors):
                cited = factor.evidence.source
                if cited is not None and cited not in self.sources:
                    problems.append(
                        f"factor_groups.{group_id}.factors.{index}.evidence.source: factor "
                        f"'{factor.key}' cites unknown source '{cited}'"
                    )
        if problems:
            raise ValueError("\n".join(problems))


#: Every model class, by name: what the validated cache may build (see mlsal.bands.cache).
MODELS: dict[str, type[Frozen]] = {
    cls.__name__: cls
    for cls in (
        Source, SalaryBand, Evidence, Factor, FactorGroup, Country, ExchangeRate, PppFactor,
        Rates, EssentialSkill, Industry, Recruiters, CareerFact, MarketFacts, BandsFile,
    )
}  # fmt: skip
