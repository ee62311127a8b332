"""Streaming readers for salary records: the ai-jobs survey schema and a generic one.

Rows are read one at a time; bad rows are counted (with the first few row numbers and
reasons) and skipped; filters (title, employment, year, country) apply while reading.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import fnmatch
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from mlsal.bands.models import years_span
from mlsal.errors import InputError
from mlsal.io import bounded_lines, open_csv

#: Columns of the aijobs.net salary survey (foorilla/ai-jobs-net-salaries, salaries.csv).
AI_JOBS_COLUMNS: tuple[str, ...] = (
    "work_year", "experience_level", "employment_type", "job_title", "salary",
    "salary_currency", "salary_in_usd", "employee_residence", "remote_ratio",
    "company_location", "company_size",
)  # fmt: skip

#: Fields of the generic schema: the first four are required.
GENERIC_REQUIRED: tuple[str, ...] = ("country", "years", "salary", "currency")
GENERIC_OPTIONAL: tuple[str, ...] = ("title", "date", "city", "employment")

#: Bad rows whose row number and reason are kept for the report.
MAX_EXAMPLES = 5


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


class Record(NamedTuple):
    """One salary record, reduced to what calibration and backtests use."""

    country: str
    years: float
    salary: int
    currency: str
    salary_usd: int | None
    first_day: dt.date | None
    last_day: dt.date | None


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
    """What reading a records file found: rows, kept, filtered out and bad rows."""

    schema: str = ""
    rows: int = 0
    kept: int = 0
    filtered: int = 0
    bad: int = 0
    bad_examples: list[tuple[int, str]] = field(default_factory=list)

    def add_bad(self, row: int, reason: str) -> None:
        """Count one bad row; keep its number and reason if it is among the first few."""
        self.bad += 1
        if len(self.bad_examples) < MAX_EXAMPLES:
            self.bad_examples.append((row, reason))


class _BadRow(Exception):
    """A row that cannot be read; its message is the reason."""


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


class _TitleMatch:
    """Title filter: exact names (any case) or glob patterns (``*Machine Learning*``)."""

    def __init__(self, titles: Sequence[str]) -> None:
        self.exact = {t.strip().casefold() for t in titles if not re.search(r"[*?\[]", t)}
        self.patterns = [
            re.compile(fnmatch.translate(t.strip().casefold()))
            for t in titles
            if re.search(r"[*?\[]", t)
        ]
        self.seen: dict[str, bool] = {}

    def __call__(self, title: str) -> bool:
        known = self.seen.get(title)
        if known is None:
            folded = title.strip().casefold()
            known = folded in self.exact or any(p.match(folded) for p in self.patterns)
            if len(self.seen) < 100_000:
                self.seen[title] = known
        return known


def _amount(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            raise _BadRow(f"{what} {text!r} is not a number") from None
        if not math.isfinite(number):
            raise _BadRow(f"{what} {text!r} is not a number") from None
        value = round(number)
    if value <= 0:
        raise _BadRow(f"{what} {text} is not above 0")
    return value


_dates_seen: dict[str, tuple[dt.date, dt.date]] = {}


def _dates(text: str) -> tuple[dt.date, dt.date]:
    """A year (``2023``: the whole year) or an ISO date/time (its day) as a date span."""
    key = text[:10]
    span = _dates_seen.get(key)
    if span is None:
        try:
            if re.fullmatch(r"\d{4}", key):
                year = int(key)
                span = (dt.date(year, 1, 1), dt.date(year, 12, 31))
            else:
                day = dt.date.fromisoformat(key)
                span = (day, day)
        except ValueError:
            raise _BadRow(f"date {text!r} is not a year or an ISO date") from None
        if len(_dates_seen) < 100_000:
            _dates_seen[key] = span
    return span


def _country(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise _BadRow(f"country {text!r} is not a two-letter code")
    return code


def _currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise _BadRow(f"currency {text!r} is not a three-letter code")
    return code


#: Parsed codes of a survey row: country, years, date span, currency, and when grouping,
#: the salary counts of its group and whether they count the USD figure.
_Combo = tuple[str, float, "tuple[dt.date, dt.date]", str, "Counter[int] | None", bool]

#: A group's key: country, years, and the records' date span (None when undated).
GroupKey = tuple[str, float, "tuple[dt.date, dt.date] | None"]


@dataclass
class SalaryGroups:
    """Salaries counted per group key, each in its country's currency (``currencies``).

    A record of a country not in ``currencies`` is skipped with the reason ``unknown``; one
    whose salary is neither in the country's currency nor (for USD) in the survey's USD
    figure is skipped too. Survey records make few groups (countries x levels x work years),
    so memory stays flat; generic records make one group per country, years and date.
    """

    currencies: dict[str, str]
    unknown: str
    counts: dict[GroupKey, Counter[int]] = field(default_factory=dict)
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, record: Record) -> None:
        """Count one record's salary under its group, or count it as skipped."""
        country = record.country
        target = self.currencies.get(country)
        if target is None:
            self.skipped[(country, self.unknown)] += 1
            return
        if record.currency == target:
            amount = record.salary
        elif target == "USD" and record.salary_usd is not None:
            amount = record.salary_usd
        else:
            self.skipped[(country, f"salary not in {target}")] += 1
            return
        span = None
        if record.first_day is not None and record.last_day is not None:
            span = (record.first_day, record.last_day)
        key = (country, record.years, span)
        counts = self.counts.get(key)
        if counts is None:
            counts = self.counts[key] = Counter()
        counts[amount] += 1


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
        self._sink: SalaryGroups | None = None

    def group(self, currencies: dict[str, str], *, unknown: str) -> SalaryGroups:
        """Read every record into salary counts per group (the fast path for large files)."""
        sink = SalaryGroups(currencies=currencies, unknown=unknown)
        self._sink = sink
        try:
            for record in self:  # survey rows are counted inside the loop, not yielded
                sink.add(record)
        finally:
            self._sink = None
        return sink

    def _columns(self, header: list[str]) -> dict[str, int]:
        names = [column.strip() for column in header]
        for column in self.mapping:
            if column not in names:
                raise InputError(f"--map: no column '{column}' in the header of {self.path}")
        renamed = [self.mapping.get(name, name) for name in names]
        return {name: index for index, name in enumerate(renamed)}

    def __iter__(self) -> Iterator[Record]:
        with open_csv(self.path, kind="records file") as stream:
            reader = csv.reader(bounded_lines(stream, name=str(self.path)))
            try:
                header = next(reader)
            except StopIteration:
                raise InputError(f"{self.path}: the file is empty") from None
            except UnicodeDecodeError as error:
                raise InputError(f"{self.path}: not UTF-8 text (byte {error.start})") from None
            except csv.Error as error:
                raise InputError(f"{self.path}: not a CSV file ({error})") from None
            columns = self._columns(header)
            if all(name in columns for name in AI_JOBS_COLUMNS):
                self.stats.schema = "ai-jobs"
                yield from self._ai_jobs(reader, columns, len(header))
            else:
                missing = [name for name in GENERIC_REQUIRED if name not in columns]
                if missing:
                    raise InputError(
                        f"{self.path}: the header lacks {', '.join(missing)}; expected the "
                        "ai-jobs columns or country, years, salary, currency "
                        "(rename others with --map COLUMN=FIELD)"
                    )
                self.stats.schema = "generic"
                yield from self._generic(reader, columns, len(header))

    def _rows(self, reader: Iterator[list[str]], width: int) -> Iterator[tuple[int, list[str]]]:
        """Rows of the right width with their line numbers; others are counted as bad."""
        stats = self.stats
        line = 1
        try:
            for row in reader:
                line = reader.line_num  # type: ignore[attr-defined]
                if not row:
                    continue
                stats.rows += 1
                if len(row) != width:
                    stats.add_bad(line, f"{len(row)} fields, expected {width}")
                    continue
                yield line, row
        except (csv.Error, UnicodeDecodeError) as error:
            raise InputError(f"{self.path}: row {line + 1}: unreadable ({error})") from None

    def _survey_codes(
        self, raw: tuple[str, str, str, str]
    ) -> tuple[str, float, tuple[dt.date, dt.date], str] | None:
        """Parse (company_location, experience_level, work_year, salary_currency) of a row.

        None when the filters (country, since) leave the row out; ``_BadRow`` when unreadable.
        """
        country = _country(raw[0])
        if self.filter.countries and country not in self.filter.countries:
            return None
        years = _LEVEL_YEARS.get(raw[1].strip().upper())
        if years is None:
            raise _BadRow(f"experience_level {raw[1]!r} is not EN, MI, SE or EX")
        span = _dates(raw[2].strip())
        currency = _currency(raw[3])
        if self.filter.since is not None and span[0].year < self.filter.since:
            return None
        return country, years, span, currency

    def _ai_jobs(
        self, reader: Iterator[list[str]], columns: dict[str, int], width: int
    ) -> Iterator[Record]:
        """The hot loop: the codes of a row are parsed once per distinct combination.

        With a sink (``group``), survey rows are counted here instead of being yielded.
        """
        stats = self.stats
        chosen = self.filter
        i_year, i_level = columns["work_year"], columns["experience_level"]
        i_type, i_title = columns["employment_type"], columns["job_title"]
        i_salary, i_currency = columns["salary"], columns["salary_currency"]
        i_usd, i_country = columns["salary_in_usd"], columns["company_location"]
        titles = _TitleMatch(chosen.titles) if chosen.titles else None
        titled = titles.seen if titles is not None else {}
        employment = {e.upper() for e in chosen.employment}
        kinds: dict[str, bool] = {}
        sink = self._sink
        # (raw codes) -> (country, years, span, currency, counts of its group or None), or
        # None when the filters leave such rows out.
        combos: dict[tuple[str, str, str, str], _Combo | None] = {}
        make = tuple.__new__
        rows = filtered = kept = 0  # counted locally, stored in stats at the end
        try:
            for row in reader:
                rows += 1
                if len(row) != width:
                    if row:
                        stats.add_bad(reader.line_num, f"{len(row)} fields, expected {width}")  # type: ignore[attr-defined]
                    else:
                        rows -= 1  # a blank line is not a row
                    continue
                if titles is not None:
                    match = titled.get(row[i_title])
                    if match is None:
                        match = titles(row[i_title])
                    if not match:
                        filtered += 1
                        continue
                if employment:
                    kind = kinds.get(row[i_type])
                    if kind is None:
                        kind = kinds[row[i_type]] = row[i_type].strip().upper() in employment
                    if not kind:
                        filtered += 1
                        continue
                raw = (row[i_country], row[i_level], row[i_year], row[i_currency])
                try:
                    if raw in combos:
                        combo = combos[raw]
                    else:
                        combo = self._combo(raw, sink)
                        if len(combos) < 100_000:
                            combos[raw] = combo
                    if combo is None:
                        filtered += 1
                        continue
                    try:
                        salary = int(row[i_salary])
                        usd = int(row[i_usd])
                    except ValueError:
                        salary = _amount(row[i_salary], "salary")
                        usd = _amount(row[i_usd], "salary_in_usd")
                    if salary <= 0 or usd <= 0:
                        salary = _amount(row[i_salary], "salary")
                        usd = _amount(row[i_usd], "salary_in_usd")
                except _BadRow as error:
                    stats.add_bad(reader.line_num, str(error))  # type: ignore[attr-defined]
                    continue
                kept += 1
                counts = combo[4]
                if counts is not None:  # grouping inline: no record object, no yield
                    if combo[5]:
                        counts[usd] += 1
                    else:
                        counts[salary] += 1
                    continue
                record = make(Record, (combo[0], combo[1], salary, combo[3], usd, *combo[2]))
                if sink is not None:
                    sink.add(record)  # a currency the group cannot use: counted as skipped
                    continue
                yield record
        except (csv.Error, UnicodeDecodeError) as error:
            line = reader.line_num  # type: ignore[attr-defined]
            raise InputError(f"{self.path}: row {line + 1}: unreadable ({error})") from None
        finally:
            stats.rows += rows
            stats.filtered += filtered
            stats.kept += kept

    def _combo(self, raw: tuple[str, str, str, str], sink: SalaryGroups | None) -> _Combo | None:
        """The parsed codes of a row, and when grouping, the counts its salaries go to."""
        codes = self._survey_codes(raw)
        if codes is None:
            return None
        country, years, span, currency = codes
        target = sink.currencies.get(country) if sink is not None else None
        if sink is None or target is None or (target != currency and target != "USD"):
            return (country, years, span, currency, None, False)
        counts = sink.counts.setdefault((country, years, span), Counter())
        return (country, years, span, currency, counts, target != currency)

    def _generic(
        self, reader: Iterator[list[str]], columns: dict[str, int], width: int
    ) -> Iterator[Record]:
        stats = self.stats
        chosen = self.filter
        for needed, name in (("title", chosen.titles), ("employment", chosen.employment)):
            if name and needed not in columns:
                raise InputError(f"--{needed} needs a '{needed}' column in {self.path}")
        if chosen.since is not None and "date" not in columns:
            raise InputError(f"--since needs a 'date' column in {self.path}")
        i_country, i_years = columns["country"], columns["years"]
        i_salary, i_currency = columns["salary"], columns["currency"]
        i_date = columns.get("date")
        i_title, i_type = columns.get("title"), columns.get("employment")
        titles = _TitleMatch(chosen.titles) if chosen.titles else None
        employment = {e.upper() for e in chosen.employment}
        countries = set(chosen.countries)
        for line, row in self._rows(reader, width):
            if (
                (titles is not None and i_title is not None and not titles(row[i_title]))
                or (
                    employment
                    and i_type is not None
                    and row[i_type].strip().upper() not in employment
                )
                or (countries and row[i_country].strip().upper() not in countries)
            ):
                stats.filtered += 1
                continue
            try:
                years = _years(row[i_years])
                first = last = None
                if i_date is not None and row[i_date].strip():
                    first, last = _dates(row[i_date].strip())
                currency = _currency(row[i_currency])
                salary = _amount(row[i_salary], "salary")
                record = Record(
                    _country(row[i_country]),
                    years,
                    salary,
                    currency,
                    salary if currency == "USD" else None,
                    first,
                    last,
                )
            except _BadRow as error:
                stats.add_bad(line, str(error))
                continue
            if chosen.since is not None and (first is None or first.year < chosen.since):
                stats.filtered += 1
                continue
            stats.kept += 1
            yield record


def _years(text: str) -> float:
    try:
        years = float(text)
    except ValueError:
        raise _BadRow(f"years {text!r} is not a number") from None
    if not math.isfinite(years) or not 0 <= years <= 60:
        raise _BadRow(f"years {text} is not from 0 to 60")
    return years
