"""Percentile bands from salary records: a complete bands file, validated before it is used.

Records are tallied per country and experience level as counts of each salary figure, so
memory grows with the number of distinct figures, not with the number of records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

import yaml

from mlsal.bands.loader import parse_bands
from mlsal.bands.models import PERCENTILES, BandsFile, Country
from mlsal.errors import DataFileError, InputError, MlsalError
from mlsal.records.readers import LEVELS, Level, ReadStats, RecordReader, level_of
from mlsal.records.statistics import Tally, quantiles
from mlsal.value import Value, frozen

#: Bands with fewer records than this are left out unless ``--min-n`` says otherwise.
DEFAULT_MIN_N = 30

#: The quantiles a calibrated band carries, as fractions.
QUANTILES: tuple[float, ...] = (0.10, 0.25, 0.50, 0.75, 0.90)

#: The key of the one source a calibrated file cites.
SOURCE_KEY = "records"


@frozen
class CalibratedBand(Value):
    """One band built from records, or one left out for having too few."""

    country: str
    currency: str
    locale: str
    level: str
    label: str
    code: str
    years: str
    n: int
    p10: int | None
    p25: int | None
    p50: int | None
    p75: int | None
    p90: int | None
    records_from: dt.date | None
    records_to: dt.date | None
    kept: bool


@frozen
class Skipped(Value):
    """Records that could not be used, by reason and country."""

    country: str
    reason: str
    n: int


@frozen
class RecordsRead(Value):
    """What reading a records file found; calibrate and backtest both report it."""

    records: str
    schema_name: str
    filters: str
    rows: int
    used: int
    filtered: int
    bad: int
    bad_examples: tuple[tuple[int, str], ...]
    skipped: tuple[Skipped, ...]


def records_read(
    reader: RecordReader, *, used: int, skipped: Mapping[tuple[str, str], int]
) -> dict[str, Any]:
    """The ``RecordsRead`` fields for a reader that has been read, as keyword arguments."""
    stats = reader.stats
    return {
        "records": str(reader.path),
        "schema_name": stats.schema,
        "filters": reader.filter.describe(),
        "rows": stats.rows,
        "used": used,
        "filtered": stats.filtered,
        "bad": stats.bad,
        "bad_examples": tuple(stats.bad_examples),
        "skipped": tuple(
            Skipped(country=c, reason=r, n=n) for (c, r), n in sorted(skipped.items())
        ),
    }


@frozen
class CalibrationSummary(RecordsRead):
    """What reading the records found and the bands they gave, kept or left out.

    What a calibration reports, whether or not it has a bands file to write.
    """

    min_n: int
    bands: tuple[CalibratedBand, ...]


@frozen
class Calibration(CalibrationSummary):
    """What calibrate built: the summary and the text of the validated bands file."""

    yaml_text: str


class CalibrationRefused(MlsalError):
    """The records were read, but they make no bands file that can be written.

    ``summary`` says what reading found (bad rows, skipped records, bands left out), so the
    notes on it can be shown before the one-line error.
    """

    def __init__(self, message: str, *, summary: CalibrationSummary) -> None:
        super().__init__(message)
        self.summary = summary


class NothingToWrite(CalibrationRefused, InputError):
    """No band has ``min_n`` or more records (exit code 2, as any InputError)."""


class InvalidCalibration(CalibrationRefused, DataFileError):
    """The bands built do not validate, such as pay falling from one level to the next
    (exit code 3, as any DataFileError)."""


class _PlainDumper(yaml.SafeDumper):
    """Safe YAML dumper that writes repeated values out instead of as anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _percentiles(tally: Tally) -> list[int]:
    return [round(q) for q in quantiles(tally.counts, QUANTILES)]


def _band_entry(
    level: Level, tally: Tally, values: list[int], span: tuple[float, float | None], summary: str
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "key": level.key,
        "label": level.label,
        "years_from": span[0],
        "years_to": span[1],
        "reference_years": level.reference_years,
        **dict(zip(PERCENTILES, values, strict=True)),
        "n": tally.n,
    }
    if tally.first_day is not None and tally.last_day is not None:
        entry["records_from"] = tally.first_day
        entry["records_to"] = tally.last_day
    entry["meaning"] = (
        f"Percentiles of {tally.n} records ({summary}, level {level.code}, "
        f"{level.years_label}); low-high is p25-p75."
    )
    entry["source"] = SOURCE_KEY
    return entry


def _country_entry(
    base: Country,
    tallies: dict[str, Tally],
    kept: dict[Level, list[int]],
    describe: str,
) -> dict[str, Any]:
    """The country's entry in the bands file: one band per kept level, with its percentiles."""
    levels = list(kept)
    bands = []
    for index, level in enumerate(levels):
        start = 0.0 if index == 0 else level.years_from
        end = levels[index + 1].years_from if index + 1 < len(levels) else None
        span = (start, end)
        bands.append(_band_entry(level, tallies[level.key], kept[level], span, describe))
    notes = [f"Bands calibrated from salary records ({describe}) by mlsal calibrate."]
    if len(kept) < len(LEVELS):
        notes.append(
            "Levels with too few records are left out; their neighbours' years widen to "
            "cover them, and estimates interpolate between the kept reference points."
        )
    return {
        "name": base.name,
        "currency": base.currency,
        "locale": base.locale,
        "aliases": list(base.aliases),
        "pay_basis": f"salaries as reported in the records, {base.currency} per year",
        "notes": notes,
        "factors": {},
        "bands": bands,
    }


def calibrate_records(
    reader: RecordReader, *, base: BandsFile, min_n: int = DEFAULT_MIN_N, updated: dt.date
) -> Calibration:
    """Read the records once and build a validated bands file of percentile bands.

    Countries come from ``base`` (name, currency, locale); records of other countries, or in
    a currency the country's bands cannot use, are counted as skipped. Once the records are
    read, a refusal is a ``CalibrationRefused`` (``NothingToWrite``, ``InvalidCalibration``)
    that carries what reading found. Every percentile lies within the records' salaries,
    which the reader holds to ``SALARY_MIN``-``SALARY_MAX``: no band of zero pay.
    """
    if min_n < 1:
        raise InputError(f"--min-n must be 1 or more, not {min_n}")
    for code in reader.filter.countries:
        if code not in base.countries:
            known = ", ".join(sorted(base.countries))
            raise InputError(f"--country {code}: not in the base bands file (valid: {known})")
    currencies = {code: country.currency for code, country in base.countries.items()}
    groups = reader.group(currencies, unknown="country not in the base bands file")
    tallies: dict[str, dict[str, Tally]] = {}
    for (country, years, span), counts in groups.counts.items():
        level = level_of(years)
        tally = tallies.setdefault(country, {}).setdefault(level.key, Tally())
        tally.merge(counts, span)
    return _build(reader, base, tallies, groups.skipped, min_n=min_n, updated=updated)


def _build(
    reader: RecordReader,
    base: BandsFile,
    tallies: dict[str, dict[str, Tally]],
    skipped: Counter[tuple[str, str]],
    *,
    min_n: int,
    updated: dt.date,
) -> Calibration:
    stats: ReadStats = reader.stats
    describe = f"{reader.path.name}, {reader.filter.describe()}"
    rows: list[CalibratedBand] = []
    countries: dict[str, Any] = {}
    last_days: list[dt.date] = []
    for code in sorted(tallies):
        kept: dict[Level, list[int]] = {}
        for level in LEVELS:
            tally = tallies[code].get(level.key)
            if tally is None:
                continue
            ok = tally.n >= min_n
            values: list[int | None] = [None] * len(QUANTILES)
            if ok:
                kept[level] = _percentiles(tally)
                values = list(kept[level])
                if tally.last_day is not None:
                    last_days.append(tally.last_day)
            rows.append(
                CalibratedBand(
                    country=code,
                    currency=base.countries[code].currency,
                    locale=base.countries[code].locale,
                    level=level.key,
                    label=level.label,
                    code=level.code,
                    years=level.years_label,
                    n=tally.n,
                    **dict(zip(PERCENTILES, values, strict=True)),
                    records_from=tally.first_day,
                    records_to=tally.last_day,
                    kept=ok,
                )
            )
        if kept:
            countries[code] = _country_entry(base.countries[code], tallies[code], kept, describe)
    used = sum(t.n for by_level in tallies.values() for t in by_level.values())
    fields = {
        **records_read(reader, used=used, skipped=skipped),
        "min_n": min_n,
        "bands": tuple(rows),
    }
    summary = CalibrationSummary(**fields)
    if not countries:
        raise NothingToWrite(
            f"no band has {min_n} or more records ({reader.filter.describe()}); "
            "nothing to write (see --min-n)",
            summary=summary,
        )
    document = {
        "schema_version": 1,
        "title": f"Machine Learning Engineer pay calibrated from {reader.path.name}",
        "updated": updated,
        "sources": {
            SOURCE_KEY: {
                "title": f"Salary records in {reader.path.name} ({reader.filter.describe()})",
                "date": max(last_days) if last_days else updated,
                "note": (
                    f"{used} records used of {stats.rows} rows read; "
                    f"bands with fewer than {min_n} records left out; built by mlsal calibrate."
                ),
            }
        },
        "countries": countries,
    }
    text = (
        f"# mlsal bands file calibrated from {reader.path.name} by mlsal calibrate.\n"
        "# Schema and method: docs/data-format.md and docs/calibrate.md.\n"
        + yaml.dump(document, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=90)
    )
    try:
        parse_bands(text.encode("utf-8"), "calibrated bands")  # the same models as every load
    except DataFileError as error:
        raise InvalidCalibration(str(error), summary=summary) from None
    return Calibration(**fields, yaml_text=text)
