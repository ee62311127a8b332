"""The validated shape of a bands file: sources, countries, salary bands and factors.

Every model is frozen and forbids unknown keys, so a typo in a hand-edited file is an
error rather than a silently ignored field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

#: The four factor dimensions a profile can set; the CLI option of each is ``--<dimension>``.
DIMENSIONS: tuple[str, ...] = ("skill", "education", "city", "employer")

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


class Frozen(BaseModel):
    """Base for every data-file model: immutable, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Source(Frozen):
    """Where a figure comes from: enough to find it again."""

    title: str = Field(min_length=1)
    publisher: str | None = None
    url: str | None = None
    date: dt.date
    license: str | None = None
    note: str | None = None


class SalaryBand(Frozen):
    """Pay for one experience level, in the country's currency unit per year.

    The band covers ``years_from`` up to but not including ``years_to`` (open-ended when
    ``years_to`` is null). Its range applies exactly at ``reference_years``; between the
    reference points of neighbouring bands the estimate is interpolated (see methodology).
    """

    key: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    label: str = Field(min_length=1)
    years_from: float = Field(ge=0, le=60)
    years_to: float | None = Field(default=None, gt=0, le=60)
    reference_years: float = Field(ge=0, le=60)
    low: int = Field(gt=0, le=PAY_MAX)
    mid: int | None = Field(default=None, gt=0, le=PAY_MAX)
    high: int = Field(gt=0, le=PAY_MAX)
    tail_high: int | None = Field(default=None, gt=0, le=PAY_MAX)
    p10: int | None = Field(default=None, gt=0)
    p25: int | None = Field(default=None, gt=0)
    p50: int | None = Field(default=None, gt=0)
    p75: int | None = Field(default=None, gt=0)
    p90: int | None = Field(default=None, gt=0)
    n: int | None = Field(default=None, ge=1, description="records behind the percentiles")
    records_from: dt.date | None = None
    records_to: dt.date | None = None
    meaning: str = Field(min_length=1)
    source: str = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _range_from_percentiles(cls, data: Any) -> Any:
        """A band with percentiles but no range gets low=p25, mid=p50, high=p75."""
        if isinstance(data, dict) and all(data.get(p) is not None for p in PERCENTILES):
            filled = {"low": data["p25"], "mid": data["p50"], "high": data["p75"]}
            data = {**filled, **{k: v for k, v in data.items() if v is not None}}
        return data

    @model_validator(mode="after")
    def _check_percentiles(self) -> SalaryBand:
        values = [getattr(self, p) for p in PERCENTILES]
        if any(v is not None for v in values):
            if any(v is None for v in values):
                raise ValueError(f"band '{self.key}': give all of {', '.join(PERCENTILES)} or none")
            if values != sorted(values):
                raise ValueError(f"band '{self.key}': percentiles must not fall from p10 to p90")
        if self.records_from and self.records_to and self.records_from > self.records_to:
            raise ValueError(f"band '{self.key}': records_from is after records_to")
        return self

    @model_validator(mode="after")
    def _check_order(self) -> SalaryBand:
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
        return self

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
        start = f"{self.years_from:g}"
        return f"{start}+ y" if self.years_to is None else f"{start}-{self.years_to:g} y"


class Evidence(Frozen):
    """Why a multiplier has its value: measured from records, or a stated assumption."""

    kind: Literal["data", "assumption", "neutral"]
    source: str | None = None
    method: str = Field(min_length=1)
    n: int | None = Field(default=None, ge=0)
    observed: float | None = None

    @model_validator(mode="after")
    def _data_needs_source(self) -> Evidence:
        if self.kind == "data" and (self.source is None or self.n is None):
            raise ValueError("evidence of kind 'data' needs a source and n")
        return self


class Factor(Frozen):
    """One choice within a factor group, e.g. the NLP specialization."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    label: str = Field(min_length=1)
    multiplier: float
    aliases: tuple[str, ...] = ()
    evidence: Evidence

    @field_validator("multiplier")
    @classmethod
    def _sane_multiplier(cls, value: float) -> float:
        if not math.isfinite(value) or not MULTIPLIER_MIN <= value <= MULTIPLIER_MAX:
            raise ValueError(
                f"multiplier {value} is outside the sane range {MULTIPLIER_MIN}-{MULTIPLIER_MAX}"
            )
        return value


class FactorGroup(Frozen):
    """The choices of one dimension (skill, education, city, employer) for some countries."""

    dimension: Literal["skill", "education", "city", "employer"]
    label: str = Field(min_length=1)
    factors: tuple[Factor, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> FactorGroup:
        seen: dict[str, str] = {}
        for factor in self.factors:
            for name in (factor.key, *factor.aliases):
                folded = name.casefold()
                if folded in seen:
                    raise ValueError(
                        f"name '{name}' is used by both '{seen[folded]}' and '{factor.key}'"
                    )
                seen[folded] = factor.key
        return self


class Country(Frozen):
    """A market: its currency, how pay is stated there, its bands and its factor groups."""

    name: str = Field(min_length=1)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    locale: str = Field(min_length=2)
    aliases: tuple[str, ...] = ()
    pay_basis: str = Field(min_length=1)
    bands: tuple[SalaryBand, ...] = Field(min_length=1)
    factors: dict[str, str]
    notes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check_bands(self) -> Country:
        """Bands tile the years from 0 and pay never falls; all problems, one per line."""
        bands = self.bands
        problems: list[str] = []
        if bands[0].years_from != 0:
            problems.append("bands.0.years_from: the first band must start at 0 years")
        for index, (before, after) in enumerate(itertools.pairwise(bands), start=1):
            if before.years_to is None or before.years_to != after.years_from:
                problems.append(
                    f"bands.{index}.years_from: bands '{before.key}' and '{after.key}' "
                    "leave a gap or overlap in years"
                )
            for field in ("low", "typical", "high"):
                if getattr(after, field) < getattr(before, field):
                    where = "mid" if field == "typical" else field
                    problems.append(
                        f"bands.{index}.{where}: band '{after.key}' {field} is below band "
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
        return self


class ExchangeRate(Frozen):
    """A dated exchange rate: ``rate`` units of ``quote`` buy one unit of ``base``."""

    base: str = Field(pattern=r"^[A-Z]{3}$")
    quote: str = Field(pattern=r"^[A-Z]{3}$")
    rate: float = Field(ge=RATE_MIN, le=RATE_MAX)
    date: dt.date
    source: str = Field(min_length=1)
    note: str | None = None


class PppFactor(Frozen):
    """A PPP conversion factor: local currency units per international dollar, for a year."""

    factor: float = Field(ge=PPP_MIN, le=PPP_MAX)
    year: int = Field(ge=1990, le=2100)
    measure: str = Field(min_length=1)
    source: str = Field(min_length=1)
    note: str | None = None


class Rates(Frozen):
    """Currency conversion: exchange rates between currencies and PPP factors per country."""

    exchange: tuple[ExchangeRate, ...] = ()
    ppp: dict[str, PppFactor] = Field(default_factory=dict)
    remark: str | None = None
    remark_source: str | None = None


class EssentialSkill(Frozen):
    """A skill the article calls essential: what it is for and the tools it names."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    label: str = Field(min_length=1)
    purpose: str = Field(min_length=1)
    tools: tuple[str, ...] = ()
    source: str = Field(min_length=1)


class Industry(Frozen):
    """An industry hiring ML engineers, with the work the article names for it."""

    label: str = Field(min_length=1)
    examples: tuple[str, ...] = ()
    countries: tuple[str, ...] = Field(min_length=1)


class Recruiters(Frozen):
    """The employers a source names as hiring in one country, and its claim about them."""

    names: tuple[str, ...] = Field(min_length=1)
    claim: str = Field(min_length=1)


class CareerFact(Frozen):
    """A question readers ask and a source's answer to it, kept as that source's claim."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    question: str = Field(min_length=1)
    answer: str = Field(min_length=1)


class MarketFacts(Frozen):
    """Who hires ML engineers and the career facts a source states; all its claims."""

    source: str = Field(min_length=1)
    industries: tuple[Industry, ...] = ()
    recruiters: dict[str, Recruiters] = Field(default_factory=dict)
    facts: tuple[CareerFact, ...] = ()


class BandsFile(Frozen):
    """A whole bands file: what ``data/bands.yaml`` holds."""

    schema_version: Literal[1]
    title: str = Field(min_length=1)
    updated: dt.date
    sources: dict[str, Source] = Field(min_length=1)
    countries: dict[str, Country] = Field(min_length=1)
    factor_groups: dict[str, FactorGroup] = Field(default_factory=dict)
    rates: Rates | None = None
    essential_skills: tuple[EssentialSkill, ...] = ()
    market: MarketFacts | None = None

    @model_validator(mode="after")
    def _check_facts(self) -> BandsFile:
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
        return self

    @model_validator(mode="after")
    def _check_references(self) -> BandsFile:
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
        return self
