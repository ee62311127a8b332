"""Money as people in each market write it, through CLDR data (Babel).

INR uses Indian digit grouping (``₹12,50,000``) and lakh/crore compact forms (``₹12.5 L``,
``₹1.2 Cr``); USD uses thousands separators (``$185,000``) and ``$185k``.
"""

from __future__ import annotations

import functools
import re

from babel import Locale
from babel.numbers import format_compact_currency, format_currency

from mlsal.render import Units

#: Units each currency is written in by default (``local``): Indian pay is quoted in lakh.
LOCAL_COMPACT = frozenset({"INR"})

_SUFFIX = re.compile(r"^(?P<number>.*?\d)(?P<suffix>[^\d\s]+)$")


@functools.cache
def _whole_pattern(locale: str) -> str:
    """The locale's standard currency pattern without fraction digits."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return re.sub(r"\.0+", "", pattern.split(";")[0])


def format_full(amount: int, currency: str, locale: str) -> str:
    """``₹12,50,000``, ``$185,000``: the whole amount with the locale's grouping."""
    return format_currency(
        amount, currency, format=_whole_pattern(locale), locale=locale, currency_digits=False
    )


def format_compact(amount: int, currency: str, locale: str) -> str:
    """``₹12.5 L``, ``₹1.2 Cr``, ``$185k``: CLDR's short form with one decimal at most."""
    text = format_compact_currency(amount, currency, locale=locale, fraction_digits=1)
    match = _SUFFIX.match(text)
    if match is None:
        return text
    number, suffix = match["number"], match["suffix"]
    if suffix == "K":
        return f"{number}k"
    return f"{number} {suffix}" if len(suffix) > 1 or suffix == "L" else f"{number}{suffix}"


def format_money(amount: int, currency: str, locale: str, units: Units = Units.local) -> str:
    """One amount in the chosen units."""
    compact = units is Units.compact or (units is Units.local and currency in LOCAL_COMPACT)
    return (
        format_compact(amount, currency, locale)
        if compact
        else format_full(amount, currency, locale)
    )
