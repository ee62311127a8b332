"""Estimates for a whole file of profiles, streamed row by row in flat memory.

Each row gives the same figures as ``estimate_salary`` for that profile. One row parser
(``row_pricer``) turns a CSV record into the row's estimate or the reason it has none;
``estimate_rows`` does the accounting (rows read = rows estimated + rows rejected). The work
that depends only on the country and the named factors, or on the country and the years, is
done once and kept in small bounded caches, so a million rows cost little more than reading
and writing them.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, NamedTuple

from mlsal.bands.models import DIMENSIONS, BandsFile, Factor
from mlsal.bands.names import Market, market
from mlsal.errors import InputError, MlsalError
from mlsal.io import CsvRecords
from mlsal.memo import Memo
from mlsal.pay.estimate import ROUND_TO, band_at, base_pay, combined, parse_years

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
    role: str | None
    #: The country's pay points by years, shared by all its profiles.
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


#: A profile, or the reason a row's cells name none.
Profiled = ResolvedProfile | str

#: The row parser of a profiles file: a data row's number and CSV record to its estimate, or
#: to the reason it has none.
RowPricer = Callable[[int, list[str]], PricedRow | RejectedRow]


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


def _columns(header: Sequence[str]) -> dict[str, int]:
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


def _years(text: str) -> float | str:
    """The years a cell gives, or the reason it gives none."""
    try:
        if not text.strip():
            raise InputError("years is empty")
        return parse_years(text.strip())
    except MlsalError as error:
        return str(error)


def _profile_resolver(bands: BandsFile, names: Sequence[str]) -> Callable[[object], Profiled]:
    """Raw cells of the columns ``names`` (``country`` first; a tuple, or the one cell) to the
    profile they name, or why they name none; resolved as ``estimate_salary`` does: the
    country, then the factors in DIMENSIONS order.

    Countries and factors are kept by name too: the same few names recur in many profiles,
    and finding one among the aliases is the costly part.
    """
    pays_by_country: dict[str, Memo[float, PayPoint]] = {}

    def pays_of(code: str) -> Memo[float, PayPoint]:
        """A country's pay points by years, each worked out when first needed."""
        country = bands.countries[code]

        def pay_point(years: float) -> PayPoint:
            low, mid, high = base_pay(country, years)
            return PayPoint(years, band_at(country, years).key, low, mid, high)

        return pays_by_country.setdefault(code, Memo(pay_point, CACHE_LIMIT))

    def market_of(typed: str) -> Market | str:
        try:
            return market(bands, typed)
        except MlsalError as error:
            return str(error)

    markets = Memo(market_of, CACHE_LIMIT)

    def factor_of(key: tuple[str, str, str]) -> Factor | str:
        country, dimension, typed = key
        mkt = markets[country]
        try:
            return mkt.factor(dimension, typed) if isinstance(mkt, Market) else mkt
        except MlsalError as error:
            return str(error)

    factors = Memo(factor_of, CACHE_LIMIT)

    def resolved(key: object) -> Profiled:
        cells = key if isinstance(key, tuple) else (key,)
        typed = {name: str(cell).strip() for name, cell in zip(names, cells, strict=True)}
        if not typed["country"]:
            return "country is empty"
        mkt = markets[typed["country"]]
        if isinstance(mkt, str):
            return mkt
        chosen: dict[str, Factor] = {}
        for dimension in DIMENSIONS:
            if typed.get(dimension):
                factor = factors[(typed["country"], dimension, typed[dimension])]
                if isinstance(factor, str):
                    return factor
                chosen[dimension] = factor
        keys = {dimension: factor.key for dimension, factor in chosen.items()}
        return ResolvedProfile(
            country=mkt.code,
            currency=mkt.country.currency,
            multiplier=combined(f.multiplier for f in chosen.values()),
            skill=keys.get("skill"),
            education=keys.get("education"),
            city=keys.get("city"),
            employer=keys.get("employer"),
            role=keys.get("role"),
            pays=pays_of(mkt.code),
        )

    return resolved


def row_pricer(bands: BandsFile, header: Sequence[str]) -> RowPricer:
    """The row parser of a profiles file with this header (InputError for a bad header).

    The caches that matter: years by their raw cell, profiles by the raw cells that name them
    (no stripping per row), and each country's pay points by years; each is a Memo that
    empties itself at CACHE_LIMIT entries.
    """
    columns = _columns(header)
    width = len(header)
    years_at = columns["years"]
    offer_at = columns.get("offer", -1)
    parse_offer = _offer_parser() if offer_at >= 0 else None
    names = [name for name in ("country", *DIMENSIONS) if name in columns]
    # The raw cells that name the profile, as one hashable key (a tuple, or the one cell).
    cells_of: Callable[[list[str]], object] = operator.itemgetter(*(columns[n] for n in names))
    years_of = Memo(_years, CACHE_LIMIT)
    profile_of: Memo[object, Profiled] = Memo(_profile_resolver(bands, names), CACHE_LIMIT)

    new, floor, step = tuple.__new__, math.floor, ROUND_TO

    def price(number: int, record: list[str]) -> PricedRow | RejectedRow:
        if len(record) != width:
            return RejectedRow(number, f"expected {width} fields, found {len(record)}")
        years = years_of[record[years_at]]
        if isinstance(years, str):
            return RejectedRow(number, years)
        profile = profile_of[cells_of(record)]
        if isinstance(profile, str):
            return RejectedRow(number, profile)
        offer = None
        if parse_offer is not None and record[offer_at].strip():
            try:
                offer = parse_offer(record[offer_at], profile.currency)
            except MlsalError as error:
                return RejectedRow(number, str(error))
        point = profile.pays[years]
        m = profile.multiplier
        # Two measured savings (callgrind, instructions per row of a make_profiles.py batch,
        # CSV out, 25,322 in all): PricedRow built by tuple.__new__, without the Python-level
        # __new__ of a NamedTuple, saves 1,546 (6%); round_half_up inlined saves 1,108 (4%).
        # tests/test_batch.py pins that round_half_up still computes exactly this.
        return new(
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

    return price


def estimate_rows(
    bands: BandsFile, rows: Iterable[list[str]], counts: BatchCounts | None = None
) -> Iterator[PricedRow | RejectedRow]:
    """One result per data row of CSV records as ``read_records`` gives them (the first is the
    header): row N is the Nth data row, since blank and whitespace-only lines are no records.

    Rows that fail are yielded as ``RejectedRow`` and the rest carry on; ``counts`` (if
    given) is kept up to date. A header that is missing, has unknown or repeated columns or
    lacks a required one raises ``InputError`` before any row.
    """
    tally = counts if counts is not None else BatchCounts()
    records = iter(rows)
    header = next(records, None)
    if header is None:
        raise InputError("the input is empty; it needs a header row: country,years,...")
    price = row_pricer(bands, header)
    number = 0
    try:
        for number, record in enumerate(records, 1):
            result = price(number, record)
            if type(result) is RejectedRow:
                tally.read = number
                tally.rejected += 1
            yield result
    finally:
        tally.read = number  # also kept current at each rejected row


def read_records(stream: IO[str], *, name: str = "input") -> CsvRecords:
    """The CSV records of a text stream for ``estimate_rows``, one per line, lines bounded in
    length; a broken quote, text that is not UTF-8 or a CSV error is an InputError naming
    ``name`` and the line."""
    return CsvRecords(stream, name=name)
