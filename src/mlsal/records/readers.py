"""Streaming readers for salary records: the ai-jobs survey schema and a generic one.

Each schema has one row parser, a function from a CSV record to a ``Record``, to None when
the filters (title, employment, year, country) leave the row out, or to the reason the row
cannot be used; ``RecordReader`` does the accounting (rows = kept + filtered + bad) and keeps
the line numbers and reasons of the first few bad rows.
"""

from __future__ import annotations

import bisect
import datetime as dt
import fnmatch
import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from mlsal.bands.models import years_span
from mlsal.errors import InputError, quoted
from mlsal.io import CsvRecords, open_csv
from mlsal.memo import Memo

#: Columns of the aijobs.net salary survey (foorilla/ai-jobs-net-salaries, salaries.csv).
AI_JOBS_COLUMNS: tuple[str, ...] = (
    "work_year", "experience_level", "employment_type", "job_title", "salary",
    "salary_currency", "salary_in_usd", "employee_residence", "remote_ratio",
    "company_location", "company_size",
)  # fmt: skip

#: Fields of the generic schema: the first four are required.
GENERIC_REQUIRED: tuple[str, ...] = ("country", "years", "salary", "currency")
GENERIC_OPTIONAL: tuple[str, ...] = ("title", "date", "city", "employment")

#: Bad rows whose line number and reason are kept for the report.
MAX_EXAMPLES = 5

#: Yearly salaries below this, in any currency, are bad rows: a monthly or hourly figure, or
#: a typo, not a year's pay (1,000 US dollars, euros or pounds; 12 dollars in rupees).
SALARY_MIN = 1_000

#: Yearly salaries above this, in any currency, are bad rows: ten billion is far above any
#: yearly pay in dollars, euros or rupees, yet leaves room for currencies with small units
#: (10**10 Indonesian rupiah is over half a million US dollars), and it is a hundredth of the
#: bands' PAY_MAX, so every band calibrated from records validates.
SALARY_MAX = 10**10

#: Entries kept by each cache of parsed cells (codes, dates, titles) before older ones go.
CACHE_SIZE = 1 << 16


@dataclass(frozen=True)
class Level:
    """An experience level: its survey code, its year span and its reference point."""

    code: str
    key: str
    label: str
    years_from: float
    years_to: float | None
    reference_years: float

    @property
    def years_label(self) -> str:
        """Years as a person reads them: ``0-2 y``, ``10+ y``."""
        return years_span(self.years_from, self.years_to)


#: The survey's experience levels as year bands (an assumption, see docs/calibrate.md).
#: A survey record is placed at its level's reference point; a generic record by its years.
LEVELS: tuple[Level, ...] = (
    Level("EN", "entry", "Entry", 0, 2, 1),
    Level("MI", "mid", "Mid-level", 2, 5, 3.5),
    Level("SE", "senior", "Senior", 5, 10, 7.5),
    Level("EX", "executive", "Executive", 10, None, 12),
)

_LEVEL_YEARS = {level.code: level.reference_years for level in LEVELS}
_LEVEL_BOUNDS = [level.years_from for level in LEVELS[1:]]


def level_of(years: float) -> Level:
    """The level whose year span holds ``years``."""
    return LEVELS[bisect.bisect_right(_LEVEL_BOUNDS, years)]


@dataclass(frozen=True, eq=False, slots=True)
class RecordGroup:
    """What many records share: country, years, currency and dates.

    Parsed once per distinct set of cells and shared by every record with those cells, so
    it is compared and hashed by identity (``same`` compares the values).
    """

    country: str
    years: float
    currency: str
    first_day: dt.date | None
    last_day: dt.date | None

    @property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """The records' dates as (first day, last day), or None when undated."""
        if self.first_day is None or self.last_day is None:
            return None
        return (self.first_day, self.last_day)

    def same(self, other: RecordGroup) -> bool:
        """Whether ``other`` holds the same values."""
        return (self.country, self.years, self.currency, self.span) == (
            other.country,
            other.years,
            other.currency,
            other.span,
        )


class Record(NamedTuple):
    """One salary record, reduced to what calibration and backtests use: its group and its
    own amounts per year."""

    group: RecordGroup
    salary: int
    #: The salary in US dollars: the survey's own figure, or a generic USD record's salary.
    salary_usd: int | None


@dataclass(frozen=True)
class RecordFilter:
    """Which records to keep: titles (exact or glob pattern), employment, year, country."""

    titles: tuple[str, ...] = ()
    employment: tuple[str, ...] = ()
    since: int | None = None
    countries: tuple[str, ...] = ()

    def describe(self) -> str:
        """The filters in words, for notes and reports; ``all records`` when none."""
        parts = []
        if self.titles:
            parts.append("title " + " or ".join(repr(t) for t in self.titles))
        if self.employment:
            parts.append("employment " + "/".join(self.employment))
        if self.since is not None:
            parts.append(f"year >= {self.since}")
        if self.countries:
            parts.append("country " + "/".join(self.countries))
        return ", ".join(parts) if parts else "all records"


@dataclass
class ReadStats:
    """What reading a records file found: data rows, kept, filtered out and bad rows.

    ``rows == kept + filtered + bad``; blank lines are not rows. ``bad_examples`` holds the
    (line, reason) of the first few bad rows, the line counted in the file (header = 1).
    """

    schema: str = ""
    rows: int = 0
    kept: int = 0
    filtered: int = 0
    bad: int = 0
    bad_examples: list[tuple[int, str]] = field(default_factory=list)

    def add_bad(self, line: int, reason: str) -> None:
        """Count one bad row; keep its line and reason if it is among the first few."""
        self.bad += 1
        if len(self.bad_examples) < MAX_EXAMPLES:
            self.bad_examples.append((line, reason))


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """``--map COLUMN=FIELD`` options as a dict of header column to field name."""
    known = set(GENERIC_REQUIRED) | set(GENERIC_OPTIONAL) | set(AI_JOBS_COLUMNS)
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, name = pair.partition("=")
        column, name = column.strip(), name.strip()
        if not sep or not column or not name:
            raise InputError(f"--map '{pair}': expected COLUMN=FIELD")
        if name not in known:
            fields = ", ".join((*GENERIC_REQUIRED, *GENERIC_OPTIONAL))
            raise InputError(f"--map '{pair}': unknown field '{name}'; valid: {fields}")
        mapping[column] = name
    return mapping


class _BadRow(Exception):
    """A cell that cannot be read; its message is the reason the row is bad."""


#: Record(group, salary, salary_usd) without the Python-level __new__ of a NamedTuple: 736
#: fewer instructions per survey row of calibrate, 3% (23,152 against 23,888, callgrind).
_record: Callable[[tuple[RecordGroup, int, int | None]], Record] = functools.partial(
    tuple.__new__, Record
)

#: A row parser's verdict on one data row: its record, None when the filters leave it out,
#: or the reason it cannot be used.
Parsed = Record | str | None

#: A function from a CSV record (one data row) to its verdict.
RowParser = Callable[[list[str]], Parsed]


def _amount(text: str, what: str) -> int:
    """A yearly amount: a whole number (or a decimal, rounded) from SALARY_MIN to SALARY_MAX."""
    value: float
    try:
        value = int(text)
    except ValueError:  # a decimal, an exponent, digits beyond int's limit, or no number
        try:
            value = float(text)
        except ValueError:
            value = math.nan
    if math.isnan(value):
        raise _BadRow(f"{what} '{quoted(text)}' is not a number")
    if math.isfinite(value):
        value = round(value)
    if value < SALARY_MIN:
        raise _BadRow(f"{what} {quoted(text.strip())} is below {SALARY_MIN:,} a year")
    if value > SALARY_MAX:
        raise _BadRow(f"{what} {quoted(text.strip())} is above {SALARY_MAX:,} a year")
    return int(value)


def _day_span(key: str) -> tuple[dt.date, dt.date] | None:
    """``2023`` as the whole year, an ISO date as its day; None for anything else."""
    try:
        if re.fullmatch(r"\d{4}", key):
            year = int(key)
            return (dt.date(year, 1, 1), dt.date(year, 12, 31))
        day = dt.date.fromisoformat(key)
    except ValueError:
        return None
    return (day, day)


def _date_span(text: str) -> tuple[dt.date, dt.date]:
    """A year (``2023``: the whole year) or an ISO date or timestamp (its day)."""
    span = _day_span(text.strip()[:10])
    if span is None:
        raise _BadRow(f"date '{quoted(text)}' is not a year or an ISO date")
    return span


def _country(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise _BadRow(f"country '{quoted(text)}' is not a two-letter code")
    return code


def _currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise _BadRow(f"currency '{quoted(text)}' is not a three-letter code")
    return code


def _years(text: str) -> float:
    try:
        years = float(text)
    except ValueError:
        raise _BadRow(f"years '{quoted(text)}' is not a number") from None
    if not 0 <= years <= 60:  # also refuses nan
        raise _BadRow(f"years {quoted(text.strip())} is not from 0 to 60")
    return years


def _title_filter(titles: Sequence[str]) -> Memo[str, bool] | None:
    """Whether a title is kept: exact names (any case) or glob patterns (``*Machine*``)."""
    if not titles:
        return None
    globbed = [t for t in titles if re.search(r"[*?\[]", t)]
    exact = {t.strip().casefold() for t in titles if t not in globbed}
    patterns = [re.compile(fnmatch.translate(t.strip().casefold())) for t in globbed]

    def kept(title: str) -> bool:
        folded = title.strip().casefold()
        return folded in exact or any(p.match(folded) for p in patterns)

    return Memo(kept, CACHE_SIZE)


def _employment_filter(kinds: Sequence[str]) -> Memo[str, bool] | None:
    """Whether an employment type is kept (``FT``, ``PT``, ...; any case)."""
    if not kinds:
        return None
    wanted = frozenset(kind.strip().upper() for kind in kinds)
    return Memo(lambda kind: kind.strip().upper() in wanted, CACHE_SIZE)


#: The cells a record group is parsed from, as they are in the file.
Cells = tuple[str, str, str, str]


def survey_parser(columns: Mapping[str, int], width: int, chosen: RecordFilter) -> RowParser:
    """The row parser of the ai-jobs survey schema (``columns``: positions by name).

    A row's codes (country, level, work year, currency) are parsed once per distinct raw
    combination: a survey repeats a few hundred of them across all its rows.
    """
    i_year, i_level = columns["work_year"], columns["experience_level"]
    i_type, i_title = columns["employment_type"], columns["job_title"]
    i_salary, i_currency = columns["salary"], columns["salary_currency"]
    i_usd, i_country = columns["salary_in_usd"], columns["company_location"]
    title_kept = _title_filter(chosen.titles)
    kind_kept = _employment_filter(chosen.employment)
    countries, since = frozenset(chosen.countries), chosen.since

    def group_of(cells: Cells) -> RecordGroup | str | None:
        """The group, None when the country or year filter leaves it out, or why it cannot be
        read."""
        country, level, year, currency = cells
        try:
            code = _country(country)
            if countries and code not in countries:
                return None
            years = _LEVEL_YEARS.get(level.strip().upper())
            if years is None:
                return f"experience_level '{quoted(level)}' is not EN, MI, SE or EX"
            first, last = _date_span(year)
            unit = _currency(currency)
        except _BadRow as error:
            return str(error)
        if since is not None and first.year < since:
            return None
        return RecordGroup(code, years, unit, first, last)

    groups = Memo(group_of, CACHE_SIZE)

    def parse(row: list[str]) -> Parsed:
        if len(row) != width:
            return f"{len(row)} fields, expected {width}"
        if title_kept is not None and not title_kept[row[i_title]]:
            return None
        if kind_kept is not None and not kind_kept[row[i_type]]:
            return None
        group = groups[(row[i_country], row[i_level], row[i_year], row[i_currency])]
        if group is None or isinstance(group, str):
            return group
        # Whole numbers in range, the usual case, without two calls of _amount per row: 3,544
        # fewer instructions per survey row of calibrate, 13% (23,152 against 26,696,
        # callgrind); anything else goes to _amount for its value or the reason it has none.
        try:
            salary, usd = int(row[i_salary]), int(row[i_usd])
        except ValueError:
            salary = usd = 0
        if not (SALARY_MIN <= salary <= SALARY_MAX and SALARY_MIN <= usd <= SALARY_MAX):
            try:
                salary = _amount(row[i_salary], "salary")
                usd = _amount(row[i_usd], "salary_in_usd")
            except _BadRow as error:
                return str(error)
        return _record((group, salary, usd))

    return parse


def generic_parser(
    columns: Mapping[str, int], width: int, chosen: RecordFilter, *, path: Path
) -> RowParser:
    """The row parser of the generic schema (``columns``: positions by field name).

    InputError when a filter needs a column the file lacks.
    """
    for needed, wanted in (("title", chosen.titles), ("employment", chosen.employment)):
        if wanted and needed not in columns:
            raise InputError(f"--{needed} needs a '{needed}' column in {path}")
    if chosen.since is not None and "date" not in columns:
        raise InputError(f"--since needs a 'date' column in {path}")
    i_country, i_years = columns["country"], columns["years"]
    i_salary, i_currency = columns["salary"], columns["currency"]
    i_date = columns.get("date")
    i_title, i_type = columns.get("title", -1), columns.get("employment", -1)
    title_kept = _title_filter(chosen.titles)
    kind_kept = _employment_filter(chosen.employment)
    countries, since = frozenset(chosen.countries), chosen.since

    def group_of(cells: Cells) -> RecordGroup | str | None:
        """The group, None when the year filter leaves it out, or why it cannot be read."""
        country, years, date, currency = cells
        try:
            typed_years = _years(years)
            span = _date_span(date) if date.strip() else None
            unit = _currency(currency)
            group = RecordGroup(_country(country), typed_years, unit, *(span or (None, None)))
        except _BadRow as error:
            return str(error)
        if since is not None and (span is None or span[0].year < since):
            return None
        return group

    groups = Memo(group_of, CACHE_SIZE)

    def parse(row: list[str]) -> Parsed:
        if len(row) != width:
            return f"{len(row)} fields, expected {width}"
        if (
            (title_kept is not None and not title_kept[row[i_title]])
            or (kind_kept is not None and not kind_kept[row[i_type]])
            or (countries and row[i_country].strip().upper() not in countries)
        ):
            return None
        date = row[i_date] if i_date is not None else ""
        group = groups[(row[i_country], row[i_years], date, row[i_currency])]
        if group is None or isinstance(group, str):
            return group
        try:
            salary = _amount(row[i_salary], "salary")
        except _BadRow as error:
            return str(error)
        return _record((group, salary, salary if group.currency == "USD" else None))

    return parse


#: A group's key: country, years, and the records' date span (None when undated).
GroupKey = tuple[str, float, "tuple[dt.date, dt.date] | None"]


#: Where a group's records are counted: the salary counts of their group key and whether
#: they count the USD figure, or (None, why they are skipped).
_Route = tuple["Counter[int] | None", bool, tuple[str, str]]


@dataclass
class SalaryGroups:
    """Salaries counted per group key, each in its country's currency (``currencies``).

    A record of a country not in ``currencies`` is skipped with the reason ``unknown``; one
    whose salary is neither in the country's currency nor (for USD) in US dollars is skipped
    too. Survey records make few groups (countries x levels x work years), so memory stays
    flat; generic records make one group per country, years and date.
    """

    currencies: dict[str, str]
    unknown: str
    counts: dict[GroupKey, Counter[int]] = field(default_factory=dict)
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: Each record group's route, found once per group object (groups are shared).
    routes: dict[RecordGroup, _Route] = field(default_factory=dict, repr=False)

    def count(self, records: Iterable[Record]) -> None:
        """Count each record's salary under its group, or count the record as skipped."""
        routes, skipped = self.routes, self.skipped
        for group, salary, usd in records:
            route = routes.get(group)
            if route is None:
                route = self._route(group)
            counts, use_usd, skip = route
            amount = usd if use_usd else salary
            if counts is None or amount is None:
                skipped[skip] += 1
            else:
                counts[amount] += 1

    def _route(self, group: RecordGroup) -> _Route:
        country = group.country
        target = self.currencies.get(country)
        if target is None:
            route: _Route = (None, False, (country, self.unknown))
        elif group.currency == target or target == "USD":
            key = (country, group.years, group.span)
            counts = self.counts.get(key)
            if counts is None:
                counts = self.counts[key] = Counter()
            route = (counts, group.currency != target, (country, f"salary not in {target}"))
        else:
            route = (None, False, (country, f"salary not in {target}"))
        if len(self.routes) >= CACHE_SIZE:
            self.routes.clear()
        self.routes[group] = route
        return route

    @property
    def used(self) -> int:
        """Records counted in a group."""
        return sum(counts.total() for counts in self.counts.values())


class RecordReader:
    """Iterate over the records of one CSV file, once; ``stats`` fills in as it goes."""

    def __init__(
        self,
        path: Path,
        *,
        mapping: dict[str, str] | None = None,
        record_filter: RecordFilter | None = None,
    ) -> None:
        self.path = path
        self.mapping = mapping or {}
        self.filter = record_filter or RecordFilter()
        self.stats = ReadStats()

    def group(self, currencies: dict[str, str], *, unknown: str) -> SalaryGroups:
        """Read every record into salary counts per group (groups with none left out)."""
        groups = SalaryGroups(currencies=currencies, unknown=unknown)
        groups.count(self)
        groups.counts = {key: counts for key, counts in groups.counts.items() if counts}
        return groups

    def _columns(self, header: list[str]) -> dict[str, int]:
        """Field positions by name, after ``--map``; a field named twice is refused."""
        names = [column.strip() for column in header]
        for column in self.mapping:
            if column not in names:
                raise InputError(f"--map: no column '{column}' in the header of {self.path}")
        renamed = [self.mapping.get(name, name) for name in names]
        known = {*AI_JOBS_COLUMNS, *GENERIC_REQUIRED, *GENERIC_OPTIONAL}
        for name in known:
            if renamed.count(name) > 1:
                raise InputError(f"{self.path}: the header names '{name}' twice")
        return {name: index for index, name in enumerate(renamed)}

    def _parser(self, header: list[str]) -> RowParser:
        """The row parser for the schema the header shows; InputError when it shows none."""
        columns = self._columns(header)
        if all(name in columns for name in AI_JOBS_COLUMNS):
            self.stats.schema = "ai-jobs"
            return survey_parser(columns, len(header), self.filter)
        missing = [name for name in GENERIC_REQUIRED if name not in columns]
        if missing:
            raise InputError(
                f"{self.path}: the header lacks {', '.join(missing)}; expected the "
                "ai-jobs columns or country, years, salary, currency "
                "(rename others with --map COLUMN=FIELD)"
            )
        self.stats.schema = "generic"
        return generic_parser(columns, len(header), self.filter, path=self.path)

    def __iter__(self) -> Iterator[Record]:
        """The kept records; every data row read is counted in ``stats`` as kept, filtered
        out or bad (with its line), so ``rows == kept + filtered + bad``. Blank lines are no
        rows."""
        stats = self.stats
        with open_csv(self.path, kind="records file") as stream:
            lines = CsvRecords(stream, name=str(self.path))
            records = iter(lines)
            header = next(records, None)
            if header is None:
                raise InputError(f"{self.path}: the file is empty")
            parse = self._parser(header)
            for row in records:
                stats.rows += 1
                parsed = parse(row)
                if parsed is None:
                    stats.filtered += 1
                elif isinstance(parsed, str):
                    stats.add_bad(lines.line, parsed)
                else:
                    stats.kept += 1
                    yield parsed
