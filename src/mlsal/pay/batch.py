"""Estimates for a whole file of profiles, streamed row by row in flat memory.

Each row gives the same figures as ``estimate_salary`` for that profile; the work that
depends only on the country and the named factors, or on the country and the years, is
done once and kept in small bounded caches, so a million rows cost little more than
reading and writing them.
"""

from __future__ import annotations

import csv
import math
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

from mlsal.bands.models import DIMENSIONS, BandsFile, Factor
from mlsal.bands.names import Market, market
from mlsal.errors import InputError, MlsalError
from mlsal.io import bounded_lines
from mlsal.pay.estimate import ROUND_TO, band_at, base_pay, parse_years

#: Columns every input file must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("country", "years")

#: Columns an input file may have besides the required ones; no others are accepted.
OPTIONAL_COLUMNS: tuple[str, ...] = (*DIMENSIONS, "offer")

#: Entries kept per cache before it is emptied: bounds memory whatever the input holds.
CACHE_LIMIT = 50_000


@dataclass(frozen=True, eq=False, slots=True)
class ResolvedProfile:
    """A country and the factors a row names, resolved once and shared by every such row.

    Compared and hashed by identity, so the render layer can key its own caches on it.
    """

    country: str
    currency: str
    multiplier: float
    skill: str | None
    education: str | None
    city: str | None
    employer: str | None
    pays: dict[float, PayPoint]


@dataclass(frozen=True, eq=False, slots=True)
class PayPoint:
    """A country's band and unadjusted (low, mid, high) at a number of years; shared."""

    years: float
    level: str
    low: float
    mid: float
    high: float


class PricedRow(NamedTuple):
    """The estimate for one input row (``row`` 1 is the first row after the header)."""

    row: int
    profile: ResolvedProfile
    point: PayPoint
    low: int
    mid: int
    high: int
    offer: int | None


class RejectedRow(NamedTuple):
    """An input row that could not be estimated, and why."""

    row: int
    reason: str


@dataclass
class BatchCounts:
    """Rows read and rejected; every other row read was estimated.

    Current at each rejected row and once the input is used up (or the run stops).
    """

    read: int = 0
    rejected: int = 0

    @property
    def priced(self) -> int:
        """Rows estimated: ``read == priced + rejected`` by construction."""
        return self.read - self.rejected


def _bounded(cache: dict[Any, Any], key: object, value: object) -> None:
    """Store ``value`` under ``key``, emptying the cache first when it is full."""
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value


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
    from mlsal.pay.offer import parse_offer

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
    try:
        header = next(records, None)
    except (UnicodeDecodeError, csv.Error) as error:
        raise _unreadable(rows, error) from None
    if header is None:
        raise InputError("the input is empty; it needs a header row: country,years,...")
    columns = _columns(header)
    width = len(header)
    years_at = columns["years"]
    offer_at = columns.get("offer", -1)
    parse_offer = _offer_parser() if offer_at >= 0 else None
    present = [(name, columns[name]) for name in ("country", *DIMENSIONS) if name in columns]
    at_indices = [index for _, index in present]
    # The raw cells that decide the factors, as one hashable key (no per-row stripping).
    key_of: Callable[[list[str]], object] = operator.itemgetter(*at_indices)
    year_cache: dict[str, float | str] = {}
    profile_cache: dict[object, ResolvedProfile | str] = {}
    pay_caches: dict[str, dict[float, PayPoint]] = {}

    def years_of(text: str) -> float | str:
        try:
            if not text.strip():
                raise InputError("years is empty")
            return parse_years(text.strip())
        except MlsalError as error:
            return str(error)

    markets: dict[str, Market | str] = {}
    factors: dict[tuple[str, str, str], Factor | str] = {}

    def market_of(typed: str) -> Market | str:
        found = markets.get(typed)
        if found is None:
            try:
                if not typed:
                    raise InputError("country is empty")
                found = market(bands, typed)
            except MlsalError as error:
                found = str(error)
            _bounded(markets, typed, found)
        return found

    def factor_of(mkt: Market, dimension: str, typed: str) -> Factor | str:
        key = (mkt.code, dimension, typed)
        found = factors.get(key)
        if found is None:
            try:
                found = mkt.factor(dimension, typed)
            except MlsalError as error:
                found = str(error)
            _bounded(factors, key, found)
        return found

    def resolved(record: list[str]) -> ResolvedProfile | str:
        """As ``estimate_salary`` resolves a profile: country, then factors in DIMENSIONS order."""
        names = {name: record[index].strip() for name, index in present}
        mkt = market_of(names.pop("country"))
        if isinstance(mkt, str):
            return mkt
        chosen: dict[str, Factor] = {}
        for dimension in DIMENSIONS:
            typed = names.get(dimension)
            if typed:
                factor = factor_of(mkt, dimension, typed)
                if isinstance(factor, str):
                    return factor
                chosen[dimension] = factor
        keys = {dimension: factor.key for dimension, factor in chosen.items()}
        return ResolvedProfile(
            country=mkt.code,
            currency=mkt.country.currency,
            multiplier=float(math.prod(f.multiplier for f in chosen.values())),
            skill=keys.get("skill"),
            education=keys.get("education"),
            city=keys.get("city"),
            employer=keys.get("employer"),
            pays=pay_caches.setdefault(mkt.code, {}),
        )

    def pay_point(code: str, years: float) -> PayPoint:
        country = bands.countries[code]
        low, mid, high = base_pay(country, years)
        return PayPoint(years, band_at(country, years).key, low, mid, high)

    new = tuple.__new__
    floor, step = math.floor, ROUND_TO
    number = 0
    try:
        for record in records:
            if not record:
                continue  # a blank line is no row
            number += 1
            if len(record) != width:
                tally.read = number
                tally.rejected += 1
                yield RejectedRow(number, f"expected {width} fields, found {len(record)}")
                continue
            text = record[years_at]
            years = year_cache.get(text)
            if years is None:
                years = years_of(text)
                _bounded(year_cache, text, years)
            if isinstance(years, str):
                tally.read = number
                tally.rejected += 1
                yield RejectedRow(number, years)
                continue
            key = key_of(record)
            profile = profile_cache.get(key)
            if profile is None:
                profile = resolved(record)
                _bounded(profile_cache, key, profile)
            if isinstance(profile, str):
                tally.read = number
                tally.rejected += 1
                yield RejectedRow(number, profile)
                continue
            offer: int | None = None
            if parse_offer is not None and record[offer_at].strip():
                try:
                    offer = parse_offer(record[offer_at], profile.currency)
                except MlsalError as error:
                    tally.read = number
                    tally.rejected += 1
                    yield RejectedRow(number, str(error))
                    continue
            point = profile.pays.get(years)
            if point is None:
                point = pay_point(profile.country, years)
                _bounded(profile.pays, years, point)
            m = profile.multiplier
            # estimate.round_half_up, inlined (a call per amount costs a fifth of the batch's
            # time); tests/test_batch.py pins that round_half_up still computes exactly this.
            yield new(
                PricedRow,
                (
                    number,
                    profile,
                    point,
                    floor(point.low * m / step + 0.5) * step,
                    floor(point.mid * m / step + 0.5) * step,
                    floor(point.high * m / step + 0.5) * step,
                    offer,
                ),
            )
    except (UnicodeDecodeError, csv.Error) as error:
        raise _unreadable(rows, error) from None
    finally:
        tally.read = number  # also kept current at each rejected row


def read_records(stream: IO[str], *, name: str = "input") -> Iterator[list[str]]:
    """CSV records from a text stream, lines bounded in length; ``estimate_rows`` turns CSV and
    decoding errors into InputError."""
    return csv.reader(bounded_lines(stream, name=name))


def _unreadable(rows: object, error: Exception) -> InputError:
    """A decoding or CSV error while reading, as an InputError naming the input line."""
    line = getattr(rows, "line_num", None)
    where = (
        f"input line {line + 1 if isinstance(error, UnicodeDecodeError) else line}: "
        if line
        else ""
    )
    if isinstance(error, UnicodeDecodeError):
        return InputError(f"{where}not UTF-8 text ({error.reason})")
    return InputError(f"{where}{error}")
