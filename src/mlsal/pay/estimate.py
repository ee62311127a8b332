"""The estimator: band interpolation by years, factor multipliers and the career path.

Pure functions: data in, data out. Nothing here prints, exits or reads argv. The results
are plain frozen dataclasses, like the models, so an estimate never imports pydantic.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

from mlsal.bands.freshness import months_between
from mlsal.bands.freshness import today as current_date
from mlsal.bands.models import (
    DIMENSIONS,
    PERCENTILES,
    BandsFile,
    Country,
    Factor,
    SalaryBand,
)
from mlsal.bands.names import Market, market
from mlsal.errors import InputError, quoted
from mlsal.value import Value, frozen

#: Years accepted for a profile.
YEARS_MAX = 60.0

#: Amounts are rounded to this many currency units: finer figures would claim false precision.
ROUND_TO = 1000

#: Year points shown in every career path, besides each band's reference point.
CAREER_YEARS: tuple[float, ...] = (0, 5, 10, 15, 20)


@frozen
class Profile(Value):
    """What a person asks about: a country, years of experience and optional factors.

    It checks its years when built (InputError outside 0-60, NaN or infinite); the names are
    checked against a bands file when it is estimated.
    """

    country: str
    years: float
    skill: str | None = None
    education: str | None = None
    city: str | None = None
    employer: str | None = None
    role: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "years", check_years(self.years))


@frozen
class AppliedFactor(Value):
    """One factor as applied to an estimate, with its evidence in short."""

    dimension: str
    key: str
    label: str
    multiplier: float
    evidence: str
    source: str | None
    n: int | None
    method: str


@frozen
class CareerPoint(Value):
    """One row of the career path: the adjusted range at a number of years."""

    years: float
    level: str
    level_label: str
    low: int
    mid: int
    high: int
    #: The band's range applies exactly here.
    reference: bool
    #: The profile's own years.
    current: bool


@frozen
class EmployerRange(Value):
    """The profile's range at one employer type, shown when no employer type was given."""

    key: str
    label: str
    multiplier: float
    low: int
    mid: int
    high: int


@frozen
class BandPercentiles(Value):
    """Percentiles of the records behind a band, unadjusted by factors."""

    p10: int
    p25: int
    p50: int
    p75: int
    p90: int


#: Confidence labels from the records behind a band: (label, least n, most years since the
#: newest record). A band meeting neither is "low"; one without a record count is "unrated".
CONFIDENCE_RULES: tuple[tuple[str, int, float], ...] = (("high", 100, 2.0), ("medium", 30, 4.0))


def confidence(n: int | None, records_to: dt.date | None, today: dt.date) -> tuple[str, str]:
    """A confidence label and its reason, from a band's record count and the data's age."""
    if n is None:
        return "unrated", "the band states no record count (a published range, not measured)"
    if records_to is None:
        return "low", f"{n} records of unknown date"
    age = (today - records_to).days / 365.25
    reason = f"{n} records, the newest {age:.1f} years old"
    for label, least_n, most_age in CONFIDENCE_RULES:
        if n >= least_n and age <= most_age:
            return label, reason
    return "low", reason


@frozen
class Estimate(Value):
    """A ranged estimate with everything that explains it."""

    country: str
    country_name: str
    currency: str
    locale: str
    pay_basis: str
    years: float
    level: str
    level_label: str
    band_years: str
    band_meaning: str
    base_low: int
    base_mid: int
    base_high: int
    multiplier: float
    low: int
    mid: int
    high: int
    tail_high: int | None
    factors: tuple[AppliedFactor, ...]
    career_path: tuple[CareerPoint, ...]
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    band_percentiles: BandPercentiles | None = None
    band_n: int | None = None
    records_from: dt.date | None = None
    records_to: dt.date | None = None
    confidence: str = "unrated"
    confidence_reason: str = ""
    #: The newest date among the sources behind this estimate, and its age on ``today``.
    data_date: dt.date | None = None
    data_age_months: int | None = None
    #: The band's years in its source's words (``4-9 years``); ``band_years`` as computed.
    published_years: str = ""
    #: The band's own range as its source publishes it, before factors.
    published_low: int = 0
    published_high: int = 0
    #: How the estimate at these years relates to the published range, in plain words.
    published_relation: str = ""
    #: What the range rests on, in plain words.
    based_on: str = ""
    #: With no employer type given: the range at each type the data knows.
    by_employer: tuple[EmployerRange, ...] = ()
    #: Said when no city is given: where the figures apply.
    city_note: str | None = None
    #: The largest pay any bundled source reports at the band's level (range, tail, records).
    reported_top: int = 0
    #: The company ``--employer`` named, as the data file's company list writes it
    #: (``Flipkart``); None when a type was named, or no employer.
    employer_company: str | None = None


def parse_years(text: str) -> float:
    """Years as typed (``5``, ``3.5``, ``.5``): a plain decimal number from 0 to 60.

    Only ASCII digits with a point and a minus sign: ``float`` would also read ``1e1``,
    ``1_0``, ``+5``, ``inf`` and other scripts' digits, which no one types as years.
    """

    typed = text.strip()
    years = plain_decimal(typed)
    if years is not None:
        if not 0 <= years <= YEARS_MAX:
            raise InputError(f"years must be a number from 0 to {YEARS_MAX:g}, not {quoted(typed)}")
        return check_years(years)
    try:
        literal = float(typed)
    except ValueError:
        raise InputError(
            f"years must be a number from 0 to {YEARS_MAX:g}, not '{quoted(text)}'"
        ) from None
    if not math.isfinite(literal):  # inf, nan, 1e400: named as before
        raise InputError(f"years must be a number from 0 to {YEARS_MAX:g}, not {literal:g}")
    raise InputError(
        f"years must be a plain decimal number from 0 to {YEARS_MAX:g} (like 5 or 3.5), "
        f"not '{quoted(text)}'"
    )


def plain_decimal(text: str) -> float | None:
    """``text`` read as a plain decimal number (ASCII digits, one point, a leading minus),
    or None when it is not one (``1e1``, ``1_0``, ``+5``, ``inf``, ``nan``, other digits)."""
    typed = text.strip()
    whole, _, fraction = typed.removeprefix("-").partition(".")
    if (whole or fraction) and all(c in "0123456789" for c in whole + fraction):
        return float(typed)
    return None


def parse_decimal(text: str, what: str) -> float:
    """An option's number as typed (``95``, ``95.5``); InputError naming ``what`` otherwise."""
    value = plain_decimal(text)
    if value is None:
        raise InputError(f"{what} takes a plain decimal number such as 12.5, not '{quoted(text)}'")
    return value


def check_years(years: float) -> float:
    """Years must be a finite number from 0 to 60; ``-0.0`` comes back as ``0.0``."""
    try:
        value = float(years)
    except OverflowError:  # an int beyond any float
        value = math.inf if years > 0 else -math.inf
    if not math.isfinite(value) or not 0 <= value <= YEARS_MAX:
        raise InputError(f"years must be a number from 0 to {YEARS_MAX:g}, not {value:g}")
    return value + 0.0


def band_at(country: Country, years: float) -> SalaryBand:
    """The band whose year span holds ``years``."""
    for band in country.bands:
        if band.years_to is None or years < band.years_to:
            return band
    return country.bands[-1]


def _interpolate(points: list[tuple[float, float]], years: float) -> float:
    """Geometric interpolation through (years, pay) anchors.

    Pay grows at a constant rate between neighbouring anchors; before the first anchor the
    first segment's rate carries on back to year 0; after the last anchor pay holds level.
    """
    if len(points) == 1 or years >= points[-1][0]:
        return points[-1][1]
    index = 0 if years < points[0][0] else max(i for i, p in enumerate(points) if p[0] <= years)
    (x0, y0), (x1, y1) = points[index], points[index + 1]
    return float(y0 * (y1 / y0) ** ((years - x0) / (x1 - x0)))


def base_pay(country: Country, years: float) -> tuple[float, float, float]:
    """The unadjusted (low, mid, high) at ``years``, interpolated between band anchors.

    Each series is interpolated on its own; before the first anchor their rates differ, so
    the mid is held inside low..high (found by the property tests: high fell below mid).
    """
    bands = country.bands
    anchors = [b.reference_years for b in bands]
    low = _interpolate(list(zip(anchors, [float(b.low) for b in bands], strict=True)), years)
    mid = _interpolate(list(zip(anchors, [float(b.typical) for b in bands], strict=True)), years)
    high = _interpolate(list(zip(anchors, [float(b.high) for b in bands], strict=True)), years)
    return min(low, mid), mid, max(high, mid)


def round_half_up(amount: float, step: int = ROUND_TO) -> int:
    """Nearest multiple of ``step``, halves up (198,500 -> 199,000 with a step of 1000)."""
    return math.floor(amount / step + 0.5) * step


def _applied(dimension: str, factor: Factor) -> AppliedFactor:
    evidence = factor.evidence
    return AppliedFactor(
        dimension=dimension,
        key=factor.key,
        label=factor.label,
        multiplier=factor.multiplier,
        evidence=evidence.kind,
        source=evidence.source,
        n=evidence.n,
        method=evidence.method,
    )


def resolve_factors(mkt: Market, profile: Profile) -> tuple[tuple[AppliedFactor, ...], str | None]:
    """The factors a profile names, in the fixed dimension order (unnamed ones left out), and
    the company its employer names, when it names one of the data file's companies."""
    chosen: list[AppliedFactor] = []
    company: str | None = None
    for dimension in DIMENSIONS:
        typed: str | None = getattr(profile, dimension)
        if typed is not None:
            factor, named = mkt.choice(dimension, typed)
            chosen.append(_applied(dimension, factor))
            if dimension == "employer":
                company = named
    return tuple(chosen), company


def combined(multipliers: Iterable[float]) -> float:
    """The product of factors' multipliers, to 8 decimals: the exact product of four
    two-decimal multipliers, without binary noise (3.417, not 3.4170000000000003)."""
    return round(float(math.prod(multipliers)), 8)


def career_path(
    country: Country, multiplier: float, *, current_years: float | None = None
) -> tuple[CareerPoint, ...]:
    """Adjusted ranges at each band's reference point and at fixed year points."""
    references = {band.reference_years for band in country.bands}
    points = set(CAREER_YEARS) | references
    if current_years is not None:
        points.add(current_years)
    rows: list[CareerPoint] = []
    for years in sorted(points):
        band = band_at(country, years)
        low, mid, high = base_pay(country, years)
        rows.append(
            CareerPoint(
                years=float(years),
                level=band.key,
                level_label=band.label,
                low=round_half_up(low * multiplier),
                mid=round_half_up(mid * multiplier),
                high=round_half_up(high * multiplier),
                reference=years in references,
                current=years == current_years,
            )
        )
    return tuple(rows)


def published_relation(country: Country, band: SalaryBand, years: float) -> str:
    """How the estimate at ``years`` relates to the band's published range, in plain words."""
    at = f"{years:g} years"
    who = "The article" if band.source == "article" else f"Source {band.source}"
    whole = (
        f"{who} gives one range for all of {band.years_wording}; mlsal applies it at "
        f"{band.reference_years:g} years"
    )
    if years == band.reference_years:
        return f"At {at} the estimate is the published range itself, times the factors."
    index = country.bands.index(band)
    if years < band.reference_years:
        if index == 0:
            return f"{whole}, and below that pay is lower, so at {at} the estimate is below it."
        before = country.bands[index - 1].years_wording
        return f"{whole}, so at {at} the estimate lies between the {before} range and it."
    if index + 1 < len(country.bands):
        after = country.bands[index + 1].years_wording
        return f"{whole}, so at {at} the estimate lies between it and the {after} range."
    return (
        f"{whole}, and holds it beyond, so at {at} the estimate is the published range "
        "times the factors."
    )


def based_on(bands: BandsFile, band: SalaryBand) -> str:
    """What a band's range rests on, in plain words: a published range, or n records."""
    source = bands.sources.get(band.source)
    named = f"{source.title} ({source.date.isoformat()})" if source else band.source
    if band.n is None:
        return f"a range published in {named}; no pay records are counted behind it"
    dated = f" from {band.records_from} to {band.records_to}" if band.records_to else ""
    return f"{band.n} pay records{dated} ({named})"


def by_employer(
    mkt: Market, multiplier: float, low: float, mid: float, high: float
) -> tuple[EmployerRange, ...]:
    """The range at each employer type the country's data knows (multiplier applied on top)."""
    group = mkt.groups.get("employer")
    if group is None:
        return ()
    rows: list[EmployerRange] = []
    for factor in group.factors:
        m = multiplier * factor.multiplier
        rows.append(
            EmployerRange(
                key=factor.key,
                label=factor.label,
                multiplier=factor.multiplier,
                low=round_half_up(low * m),
                mid=round_half_up(mid * m),
                high=round_half_up(high * m),
            )
        )
    return tuple(rows)


def estimate_salary(
    bands: BandsFile, profile: Profile, *, today: dt.date | None = None
) -> Estimate:
    """The ranged estimate for a profile, with its breakdown and career path.

    ``today`` dates the confidence label's and the sources' age (default: ``$MLSAL_TODAY``,
    else the system date).
    """

    years = check_years(profile.years)
    mkt = market(bands, profile.country)
    country = mkt.country
    factors, company = resolve_factors(mkt, profile)
    multiplier = combined(f.multiplier for f in factors)
    band = band_at(country, years)
    low, mid, high = base_pay(country, years)
    sources = [band.source, *(f.source for f in factors if f.source is not None)]
    percentiles = band.percentiles
    today = today or current_date()
    label, reason = confidence(band.n, band.records_to, today)
    cited = [bands.sources[s].date for s in dict.fromkeys(sources) if s in bands.sources]
    data_date = max(cited, default=None)
    est_mid = round_half_up(mid * multiplier)
    return Estimate(
        country=mkt.code,
        country_name=country.name,
        currency=country.currency,
        locale=country.locale,
        pay_basis=country.pay_basis,
        years=years,
        level=band.key,
        level_label=band.label,
        band_years=band.years_label,
        band_meaning=band.meaning,
        base_low=round_half_up(low),
        base_mid=round_half_up(mid),
        base_high=round_half_up(high),
        multiplier=multiplier,
        low=round_half_up(low * multiplier),
        mid=est_mid,
        high=round_half_up(high * multiplier),
        tail_high=band.tail_high,
        factors=factors,
        career_path=career_path(country, multiplier, current_years=years),
        sources=tuple(dict.fromkeys(sources)),
        notes=country.notes,
        band_percentiles=(
            BandPercentiles(**dict(zip(PERCENTILES, percentiles, strict=True)))
            if percentiles is not None
            else None
        ),
        band_n=band.n,
        records_from=band.records_from,
        records_to=band.records_to,
        confidence=label,
        confidence_reason=reason,
        data_date=data_date,
        data_age_months=None if data_date is None else months_between(data_date, today),
        published_years=band.years_wording,
        published_low=band.low,
        published_high=band.high,
        published_relation=published_relation(country, band, years),
        based_on=based_on(bands, band),
        by_employer=(
            by_employer(mkt, multiplier, low, mid, high) if profile.employer is None else ()
        ),
        city_note=country.city_note if profile.city is None else None,
        reported_top=band.reported_top,
        employer_company=company,
    )
