"""How well a bands file matches salary records: coverage of each range and medians vs mids.

Each record goes to the band of its country that holds its years (a survey record sits at
its level's reference point); records are read once and tallied per band.
"""

from __future__ import annotations

import bisect

from mlsal.bands.models import BandsFile, Country, SalaryBand
from mlsal.records.calibrate import RecordsRead, records_read
from mlsal.records.readers import RecordReader
from mlsal.records.statistics import Tally, quantiles
from mlsal.value import Value, frozen


@frozen
class BandCheck(Value):
    """One band against the records that fall in it."""

    country: str
    currency: str
    locale: str
    level: str
    label: str
    years: str
    low: int
    mid: int
    high: int
    stated_share: float | None
    band_n: int | None
    n: int
    inside: int
    share: float | None
    median: int | None
    median_vs_mid: float | None


@frozen
class Backtest(RecordsRead):
    """Every band of a bands file checked against one records file."""

    bands_file: str
    checks: tuple[BandCheck, ...]


def stated_share(band: SalaryBand) -> float | None:
    """The share of records the band's range should hold, when its percentiles say so.

    p25-p75 should hold half the records and p10-p90 four in five; a range without
    percentiles (such as an article's) states no share.
    """
    if band.p25 is not None and (band.low, band.high) == (band.p25, band.p75):
        return 0.5
    if band.p10 is not None and (band.low, band.high) == (band.p10, band.p90):
        return 0.8
    return None


def _check(code: str, country: Country, band: SalaryBand, tally: Tally) -> BandCheck:
    """The band against its records; shares and ratios are None where they would divide by 0
    (no records; a mid of 0, which a validated bands file never has)."""
    inside = sum(count for value, count in tally.counts.items() if band.low <= value <= band.high)
    median = round(quantiles(tally.counts, (0.5,))[0]) if tally.n > 0 else None
    mid = band.typical
    return BandCheck(
        country=code,
        currency=country.currency,
        locale=country.locale,
        level=band.key,
        label=band.label,
        years=band.years_label,
        low=band.low,
        mid=mid,
        high=band.high,
        stated_share=stated_share(band),
        band_n=band.n,
        n=tally.n,
        inside=inside,
        share=inside / tally.n if tally.n > 0 else None,
        median=median,
        median_vs_mid=median / mid - 1 if median is not None and mid > 0 else None,
    )


def backtest_bands(bands: BandsFile, reader: RecordReader, *, bands_name: str) -> Backtest:
    """Read the records once and check every band of ``bands`` against them."""
    bounds = {
        code: [b.years_from for b in country.bands[1:]] for code, country in bands.countries.items()
    }
    currencies = {code: country.currency for code, country in bands.countries.items()}
    tallies = {code: [Tally() for _ in country.bands] for code, country in bands.countries.items()}
    groups = reader.group(currencies, unknown="country not in the bands file")
    for (code, years, span), counts in groups.counts.items():
        index = bisect.bisect_right(bounds[code], years)
        tallies[code][index].merge(counts, span)
    skipped = groups.skipped
    checks = [
        _check(code, country, band, tally)
        for code, country in bands.countries.items()
        if not reader.filter.countries or code in reader.filter.countries
        for band, tally in zip(country.bands, tallies[code], strict=True)
    ]
    return Backtest(
        **records_read(reader, used=sum(check.n for check in checks), skipped=skipped),
        bands_file=bands_name,
        checks=tuple(checks),
    )
