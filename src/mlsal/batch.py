"""Estimates for a whole file of profiles, streamed row by row in flat memory.

Each row gives the same figures as ``estimate_salary`` for that profile; the work that
depends only on the country and the named factors, or on the country and the years, is
done once and kept in small bounded caches, so a million rows cost little more than
reading and writing them.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from mlsal.errors import InputError, MlsalError
from mlsal.estimate import (
    Profile,
    _round,
    band_at,
    base_pay,
    check_years,
    market,
    resolve_factors,
)
from mlsal.models import DIMENSIONS, BandsFile

#: Columns every input file must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("country", "years")

#: Columns an input file may have besides the required ones; no others are accepted.
OPTIONAL_COLUMNS: tuple[str, ...] = (*DIMENSIONS, "offer")

#: Entries kept per cache before it is emptied: bounds memory whatever the input holds.
CACHE_LIMIT = 50_000


class PricedRow(NamedTuple):
    """The estimate for one input row (``row`` 1 is the first row after the header)."""

    row: int
    country: str
    currency: str
    years: float
    level: str
    low: int
    mid: int
    high: int
    multiplier: float
    skill: str | None
    education: str | None
    city: str | None
    employer: str | None
    offer: int | None


class RejectedRow(NamedTuple):
    """An input row that could not be estimated, and why."""

    row: int
    reason: str


@dataclass
class BatchCounts:
    """Rows read, estimated and rejected; ``read == priced + rejected`` always."""

    read: int = 0
    priced: int = 0
    rejected: int = 0


class _FactorSet(NamedTuple):
    """What a row's country and factor names resolve to, worked out once per combination."""

    code: str
    currency: str
    multiplier: float
    keys: tuple[str | None, str | None, str | None, str | None]


class _Pay(NamedTuple):
    """Band and unadjusted pay of a country at a number of years."""

    years: float
    level: str
    low: float
    mid: float
    high: float


def _bounded(cache: dict[Any, Any], key: object, value: object) -> None:
    """Store ``value`` under ``key``, emptying the cache first when it is full."""
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value


def _parse_years(text: str) -> float:
    try:
        years = float(text)
    except ValueError:
        raise InputError(f"years must be a number from 0 to 60, not '{text}'") from None
    return check_years(years)


def _columns(header: list[str]) -> dict[str, int]:
    """Column positions by name; refuses missing, unknown and repeated columns."""
    names = [name.strip().casefold() for name in header]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise InputError(
            f"unknown column '{unknown[0]}' in the input header; "
            f"columns: {', '.join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))}"
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InputError(f"column '{repeated[0]}' appears twice in the input header")
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise InputError(f"the input has no '{missing[0]}' column")
    return {name: index for index, name in enumerate(names)}


def _offer_parser() -> Callable[[str, str], int]:
    from mlsal.offer import parse_offer

    return parse_offer


def estimate_rows(
    bands: BandsFile, rows: Iterable[list[str]], counts: BatchCounts | None = None
) -> Iterator[PricedRow | RejectedRow]:
    """One result per data row of CSV records (the first record is the header).

    Rows that fail are yielded as ``RejectedRow`` and the rest carry on; ``counts`` (if
    given) is kept up to date. A header that is missing, has unknown or repeated columns or
    lacks a required one raises ``InputError`` before any row.
    """
    tally = counts if counts is not None else BatchCounts()
    records = iter(rows)
    header = next(records, None)
    if header is None:
        raise InputError("the input is empty; it needs a header row: country,years,...")
    columns = _columns(header)
    width = len(header)
    where = (columns["country"], *(columns.get(d, -1) for d in DIMENSIONS))
    years_at = columns["years"]
    offer_at = columns.get("offer", -1)
    parse_offer = _offer_parser() if offer_at >= 0 else None
    year_cache: dict[str, float | str] = {}
    factor_cache: dict[tuple[str, ...], _FactorSet | str] = {}
    pay_cache: dict[tuple[str, float], _Pay] = {}

    def years_of(text: str) -> float | str:
        try:
            if not text:
                raise InputError("years is empty")
            return _parse_years(text)
        except MlsalError as error:
            return str(error)

    def factor_set(names: tuple[str, ...]) -> _FactorSet | str:
        country, skill, education, city, employer = names
        try:
            if not country:
                raise InputError("country is empty")
            mkt = market(bands, country)
            profile = Profile(
                country=country,
                years=0,
                skill=skill or None,
                education=education or None,
                city=city or None,
                employer=employer or None,
            )
            factors = resolve_factors(mkt, profile)
        except MlsalError as error:
            return str(error)
        keys = {f.dimension: f.key for f in factors}
        return _FactorSet(
            code=mkt.code,
            currency=mkt.country.currency,
            multiplier=float(math.prod(f.multiplier for f in factors)),
            keys=(keys.get("skill"), keys.get("education"), keys.get("city"), keys.get("employer")),
        )

    def pay(code: str, years: float) -> _Pay:
        country = bands.countries[code]
        low, mid, high = base_pay(country, years)
        return _Pay(years, band_at(country, years).key, low, mid, high)

    number = 0
    for record in records:
        if not record:
            continue  # a blank line is no row
        number += 1
        tally.read += 1
        if len(record) != width:
            tally.rejected += 1
            yield RejectedRow(number, f"expected {width} fields, found {len(record)}")
            continue
        text = record[years_at].strip()
        years = year_cache.get(text)
        if years is None:
            years = years_of(text)
            _bounded(year_cache, text, years)
        if isinstance(years, str):
            tally.rejected += 1
            yield RejectedRow(number, years)
            continue
        names = tuple(record[i].strip() if i >= 0 else "" for i in where)
        found = factor_cache.get(names)
        if found is None:
            found = factor_set(names)
            _bounded(factor_cache, names, found)
        if isinstance(found, str):
            tally.rejected += 1
            yield RejectedRow(number, found)
            continue
        offer: int | None = None
        if parse_offer is not None and record[offer_at].strip():
            try:
                offer = parse_offer(record[offer_at], found.currency)
            except MlsalError as error:
                tally.rejected += 1
                yield RejectedRow(number, str(error))
                continue
        at = pay_cache.get((found.code, years))
        if at is None:
            at = pay(found.code, years)
            _bounded(pay_cache, (found.code, years), at)
        m = found.multiplier
        tally.priced += 1
        yield PricedRow(
            number,
            found.code,
            found.currency,
            at.years,
            at.level,
            _round(at.low * m),
            _round(at.mid * m),
            _round(at.high * m),
            m,
            *found.keys,
            offer,
        )


def read_records(stream: Iterable[str]) -> Iterator[list[str]]:
    """CSV records from a text stream, with decoding and CSV errors as ``InputError``."""
    reader = csv.reader(stream)
    try:
        yield from reader
    except UnicodeDecodeError as error:
        raise InputError(
            f"input line {reader.line_num + 1}: not UTF-8 text ({error.reason})"
        ) from None
    except csv.Error as error:
        raise InputError(f"input line {reader.line_num}: {error}") from None
