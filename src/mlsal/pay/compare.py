"""Compare two countries' pay: own currency, at a dated exchange rate, and by PPP.

Pure functions: data in, data out. Amounts are whole units per year.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Sequence

from mlsal.bands.models import RATE_MAX, RATE_MIN, BandsFile, Country, ExchangeRate
from mlsal.bands.names import market
from mlsal.errors import DataFileError, InputError
from mlsal.pay.estimate import Estimate, Profile, estimate_salary, round_half_up
from mlsal.value import Value, frozen

#: Converted amounts are rounded to this many units of the target currency.
CONVERTED_ROUND_TO = 100

#: What each view answers; shown under the comparison.
VIEWS = (
    "Nominal (exchange rate): what the pay is worth in another currency, e.g. working "
    "remotely for a foreign employer. PPP: what the pay buys where you live."
)


@frozen
class PayRange(Value):
    """Low, mid and high per year in one currency."""

    low: int
    mid: int
    high: int


@frozen
class Side(Value):
    """One country's pay in a row: its own currency, converted, and in international dollars."""

    own: PayRange
    converted: PayRange
    ppp: PayRange


@frozen
class CompareRow(Value):
    """One level (or one profile) of both countries, with the ratios second ÷ first."""

    level: str
    label: str
    first: Side
    second: Side
    ratio_nominal: float
    ratio_ppp: float


@frozen
class CountryRef(Value):
    """A compared country: code, name, currency and how its pay is stated."""

    code: str
    name: str
    currency: str
    locale: str
    pay_basis: str


@frozen
class ExchangeUsed(Value):
    """The exchange rate a comparison used: ``rate`` of ``quote`` buy one ``base``."""

    base: str
    quote: str
    rate: float
    date: dt.date | None
    source: str | None
    overridden: bool


@frozen
class PppUsed(Value):
    """A PPP conversion factor a comparison used (local units per international dollar)."""

    country: str
    factor: float
    year: int
    measure: str
    source: str


@frozen
class Comparison(Value):
    """Two countries side by side, with every rate that went into it."""

    first: CountryRef
    second: CountryRef
    target_currency: str
    profile: Profile | None
    exchange: ExchangeUsed
    ppp: tuple[PppUsed, PppUsed]
    rows: tuple[CompareRow, ...]
    views: str
    remark: str | None
    sources: tuple[str, ...]


def _ref(code: str, country: Country) -> CountryRef:
    return CountryRef(
        code=code,
        name=country.name,
        currency=country.currency,
        locale=country.locale,
        pay_basis=country.pay_basis,
    )


def compare_profile(
    first: str,
    *,
    years: float | None,
    skill: str | None = None,
    education: str | None = None,
    employer: str | None = None,
    role: str | None = None,
    fx: float | None = None,
    option: Callable[[str], str] = str,
) -> Profile | None:
    """The profile a comparison runs with (None: one row per level), its arguments checked:
    factors need years, and an exchange rate must be sane. ``option`` spells an argument's
    name as the caller's user writes it (``--years`` on the command line)."""
    if years is None and any((skill, education, employer, role)):
        named = ", ".join(option(name) for name in ("skill", "education", "employer"))
        raise InputError(f"{named} and {option('role')} need {option('years')}")
    if fx is not None:
        check_fx(fx)
    if years is None:
        return None
    return Profile(
        country=first,
        years=float(years),
        skill=skill,
        education=education,
        employer=employer,
        role=role,
    )


def check_fx(fx: float) -> float:
    """An exchange rate must be a positive, finite number, within RATE_MIN..RATE_MAX."""
    if not math.isfinite(fx) or fx <= 0:
        raise InputError(f"--fx must be a positive number, not {fx:g}")
    if not RATE_MIN <= fx <= RATE_MAX:
        raise InputError(f"--fx must be from {RATE_MIN:g} to {RATE_MAX:g}, not {fx:g}")
    return fx


def exchange_rate(
    bands: BandsFile, have: str, want: str, *, override: float | None = None
) -> ExchangeUsed:
    """The rate between two currencies: the data file's, or ``override`` in the same direction.

    Without a stored rate for the pair, ``override`` is read as ``have`` units per ``want``.
    """
    if have == want:
        return ExchangeUsed(
            base=want, quote=have, rate=1.0, date=None, source=None, overridden=False
        )
    stored: ExchangeRate | None = None
    if bands.rates is not None:
        stored = next((r for r in bands.rates.exchange if {r.base, r.quote} == {have, want}), None)
    if override is not None:
        fx = check_fx(override)
        base, quote = (stored.base, stored.quote) if stored else (want, have)
        return ExchangeUsed(
            base=base, quote=quote, rate=fx, date=None, source=None, overridden=True
        )
    if stored is None:
        raise InputError(
            f"the data file has no exchange rate between {have} and {want}; "
            f"pass --fx with {have} per {want}"
        )
    return ExchangeUsed(
        base=stored.base,
        quote=stored.quote,
        rate=stored.rate,
        date=stored.date,
        source=stored.source,
        overridden=False,
    )


def convert(amount: float, have: str, want: str, rate: ExchangeUsed) -> float:
    """``amount`` in currency ``have`` expressed in ``want`` (one of the currencies of ``rate``)."""
    if have == want:
        return amount
    if (have, want) == (rate.base, rate.quote):
        return amount * rate.rate
    if (have, want) == (rate.quote, rate.base):
        return amount / rate.rate
    raise InputError(f"the rate {rate.base}/{rate.quote} cannot convert {have} to {want}")


def _ppp(bands: BandsFile, code: str) -> PppUsed:
    factor = bands.rates.ppp.get(code) if bands.rates is not None else None
    if factor is None:
        raise DataFileError(f"the data file has no PPP conversion factor for {code} (rates.ppp)")
    return PppUsed(
        country=code,
        factor=factor.factor,
        year=factor.year,
        measure=factor.measure,
        source=factor.source,
    )


def _rounded(amounts: Sequence[float], step: int) -> PayRange:
    """(low, mid, high) rounded to the nearest ``step``, halves up."""
    low, mid, high = (round_half_up(amount, step) for amount in amounts)
    return PayRange(low=low, mid=mid, high=high)


def _side(
    own: tuple[float, float, float], currency: str, want: str, rate: ExchangeUsed, ppp: PppUsed
) -> tuple[Side, float, float]:
    """One side of a row, and its unrounded converted and PPP mids (for the ratios)."""
    converted = [convert(amount, currency, want, rate) for amount in own]
    in_ppp = [amount / ppp.factor for amount in own]
    side = Side(
        own=_rounded(own, 1),
        converted=_rounded(converted, CONVERTED_ROUND_TO),
        ppp=_rounded(in_ppp, CONVERTED_ROUND_TO),
    )
    return side, converted[1], in_ppp[1]


def _row(
    level: str,
    label: str,
    pay: tuple[tuple[float, float, float], tuple[float, float, float]],
    currencies: tuple[str, str],
    rate: ExchangeUsed,
    ppps: tuple[PppUsed, PppUsed],
) -> CompareRow:
    want = currencies[1]
    first, first_nominal, first_ppp = _side(pay[0], currencies[0], want, rate, ppps[0])
    second, second_nominal, second_ppp = _side(pay[1], currencies[1], want, rate, ppps[1])
    return CompareRow(
        level=level,
        label=label,
        first=first,
        second=second,
        ratio_nominal=round(second_nominal / first_nominal, 2),
        ratio_ppp=round(second_ppp / first_ppp, 2),
    )


def _estimate_in(bands: BandsFile, profile: Profile, code: str) -> Estimate:
    """The profile's estimate in one country; a factor it lacks is reported with the country."""
    try:
        return estimate_salary(bands, dataclasses.replace(profile, country=code))
    except InputError as error:
        raise InputError(f"in {code}: {error}") from None


def compare_countries(
    bands: BandsFile,
    first: str,
    second: str,
    *,
    profile: Profile | None = None,
    fx: float | None = None,
) -> Comparison:
    """Both countries per level (or for one profile, when given), in three views.

    ``profile.country`` is ignored; its years and factors are applied to both countries.
    """
    one, two = market(bands, first), market(bands, second)
    if one.code == two.code:
        raise InputError(f"compare needs two different countries, not {one.code} twice")
    currencies = (one.country.currency, two.country.currency)
    rate = exchange_rate(bands, currencies[0], currencies[1], override=fx)
    ppps = (_ppp(bands, one.code), _ppp(bands, two.code))
    rows: list[CompareRow] = []
    sources: list[str] = []
    if profile is None:
        second_bands = {band.key: band for band in two.country.bands}
        for band in one.country.bands:
            other = second_bands.get(band.key)
            if other is None:
                continue
            pay = (
                (float(band.low), float(band.typical), float(band.high)),
                (float(other.low), float(other.typical), float(other.high)),
            )
            label = f"{band.label} {band.years_wording}"
            if band.years_wording != other.years_wording:
                label += f" / {other.years_wording}"
            rows.append(_row(band.key, label, pay, currencies, rate, ppps))
            sources += [band.source, other.source]
        if not rows:
            raise DataFileError(f"{one.code} and {two.code} share no level (band key) to compare")
    else:
        estimates = [_estimate_in(bands, profile, code) for code in (one.code, two.code)]
        pay = (
            (float(estimates[0].low), float(estimates[0].mid), float(estimates[0].high)),
            (float(estimates[1].low), float(estimates[1].mid), float(estimates[1].high)),
        )
        label = f"{profile.years:g} years"
        rows.append(_row("profile", label, pay, currencies, rate, ppps))
        sources += [*estimates[0].sources, *estimates[1].sources]
    if rate.source is not None:
        sources.append(rate.source)
    sources += [ppps[0].source, ppps[1].source]
    remark = bands.rates.remark if bands.rates is not None else None
    return Comparison(
        first=_ref(one.code, one.country),
        second=_ref(two.code, two.country),
        target_currency=currencies[1],
        profile=profile,
        exchange=rate,
        ppp=ppps,
        rows=tuple(rows),
        views=VIEWS,
        remark=remark,
        sources=tuple(dict.fromkeys(sources)),
    )
