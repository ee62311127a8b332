"""Money as people in each market write it, by CLDR's rules as Babel ships them.

INR uses Indian digit grouping (``₹12,50,000``) and lakh/crore compact forms (``₹12.5 L``,
``₹1.2 Cr``); USD uses thousands separators (``$185,000``) and ``$185k``.

Babel is the authority, but loading one of its locales is the largest single cost of a
command: 93 M instructions for en_IN (unpickling and merging CLDR's root, en, en_001 and
en_IN data), where a whole ``mlsal estimate`` executes about 960 M (callgrind). So the few
CLDR facts mlsal writes money with (symbol, grouping, compact patterns) are read from Babel
when mlsal is built (``scripts/build_snapshot.py`` writes ``data/money.json``) and applied
here by the steps Babel's ``format_currency`` and ``format_compact_currency`` take for a whole
amount. ``tests/test_money.py`` checks both ways give the same text for every amount form,
and when the Babel installed is not the one the facts were read from, or a locale or
currency is not among them, Babel formats the amount itself.
"""

from __future__ import annotations

import decimal
import functools
import json
import re
from dataclasses import asdict
from importlib import resources
from typing import Any

from mlsal.render import PLAIN_MONEY, Units
from mlsal.value import Value, frozen

#: Units each currency is written in by default (``local``): Indian pay is quoted in lakh.
LOCAL_COMPACT = frozenset({"INR"})

#: The facts file in the package's ``data`` folder and the (locale, currency) pairs it holds:
#: every pair the bundled bands write money in.
CONVENTIONS = "money.json"
BUNDLED_PAIRS = (("en_IN", "INR"), ("en_IN", "USD"), ("en_US", "USD"), ("en_US", "INR"))

_SUFFIX = re.compile(r"^(?P<number>.*?\d)(?P<suffix>[^\d\s]+)$")


@frozen
class Affix(Value):
    """What a pattern writes before and after the digits, the currency symbol filled in."""

    prefix: str
    suffix: str
    negative_prefix: str
    negative_suffix: str


@frozen
class CompactForm(Value):
    """CLDR's short currency form for amounts from ``magnitude`` up: ``¤00L`` (from 10 lakh)
    shows the amount over ``divisor`` (1 lakh); ``divisor`` 1 is CLDR's "no compact form"."""

    magnitude: int
    divisor: int
    affix: Affix


@frozen
class MoneyStyle(Value):
    """How one locale writes one currency, as CLDR says."""

    whole: Affix
    group: str
    primary: int
    secondary: int
    decimal: str
    #: Largest magnitude first.
    compact: tuple[CompactForm, ...]
    #: The form Babel falls back to below the smallest magnitude (``¤0``).
    small: Affix


# -- reading the facts from Babel (the build, and the test that keeps them current) ---------


def _affix(pattern: Any, symbol: str) -> Affix:
    prefix, negative_prefix = (part.replace("¤", symbol) for part in pattern.prefix)
    suffix, negative_suffix = (part.replace("¤", symbol) for part in pattern.suffix)
    return Affix(
        prefix=prefix,
        suffix=suffix,
        negative_prefix=negative_prefix,
        negative_suffix=negative_suffix,
    )


def style_from_babel(locale: str, currency: str) -> dict[str, Any]:
    """The facts :class:`MoneyStyle` holds for ``locale`` and ``currency``, read from Babel,
    as JSON. Refuses a locale whose compact forms depend on the plural form (mlsal writes
    whole amounts with every plural form alike: en's "one" and "other" are the same)."""
    from babel import Locale
    from babel.numbers import parse_pattern

    cldr = Locale.parse(locale)
    symbol = cldr.currency_symbols.get(currency, currency)
    standard = cldr.currency_formats["standard"]
    symbols = cldr.number_symbols["latn"]
    if symbols["minusSign"] != "-":
        raise ValueError(f"{locale}: minus sign {symbols['minusSign']!r} is not '-'")
    short = cldr.compact_currency_formats["short"]
    other = {int(m): p.pattern for m, p in short["other"].items()}
    for form, patterns in short.items():
        if {int(m): p.pattern for m, p in patterns.items()} != other:
            raise ValueError(f"{locale}: compact form {form!r} differs from 'other'")
    compact = []
    for magnitude in sorted(other, reverse=True):
        parsed = parse_pattern(other[magnitude])
        zeros = parsed.pattern.count("0")
        compact.append(
            {
                "magnitude": magnitude,
                "divisor": magnitude // 10 ** (zeros - 1) if parsed.pattern != "0" else 1,
                "affix": asdict(_affix(parsed, symbol)),
            }
        )
    small_pattern = next(p for p in other.values() if "¤" in p)
    small_pattern = re.sub(r"(\s)\s+", r"\1", re.sub(r"[^0\s¤]", "", small_pattern)).strip()
    return {
        "whole": asdict(_affix(standard, symbol)),
        "group": symbols["group"],
        "primary": standard.grouping[0],
        "secondary": standard.grouping[1],
        "decimal": symbols["decimal"],
        "compact": compact,
        "small": asdict(_affix(parse_pattern(small_pattern), symbol)),
    }


def build_conventions() -> bytes:
    """``data/money.json``: the Babel version and every bundled pair's facts."""
    from mlsal.library_versions import library_version

    content = {
        "babel": library_version("babel", "__init__.py"),
        "styles": {f"{loc} {cur}": style_from_babel(loc, cur) for loc, cur in BUNDLED_PAIRS},
    }
    return (json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


# -- reading the facts at run time ---------------------------------------------------------


def _read_affix(raw: dict[str, str]) -> Affix:
    return Affix(
        prefix=raw["prefix"],
        suffix=raw["suffix"],
        negative_prefix=raw["negative_prefix"],
        negative_suffix=raw["negative_suffix"],
    )


@functools.cache
def _styles() -> dict[str, MoneyStyle]:
    """The bundled facts, or none when the installed Babel is not the one they came from."""
    from mlsal.library_versions import library_version

    raw = json.loads((resources.files("mlsal") / "data" / CONVENTIONS).read_bytes())
    if raw["babel"] != library_version("babel", "__init__.py"):
        return {}
    return {
        pair: MoneyStyle(
            whole=_read_affix(style["whole"]),
            group=style["group"],
            primary=style["primary"],
            secondary=style["secondary"],
            decimal=style["decimal"],
            compact=tuple(
                CompactForm(
                    magnitude=f["magnitude"], divisor=f["divisor"], affix=_read_affix(f["affix"])
                )
                for f in style["compact"]
            ),
            small=_read_affix(style["small"]),
        )
        for pair, style in raw["styles"].items()
    }


def _style(locale: str, currency: str) -> MoneyStyle | None:
    return _styles().get(f"{locale} {currency}")


def _grouped(digits: str, style: MoneyStyle) -> str:
    """``1250000`` -> ``12,50,000`` (3 then 2) or ``1,250,000`` (3 then 3)."""
    if len(digits) <= style.primary:
        return digits
    head, groups = digits[: -style.primary], [digits[-style.primary :]]
    while len(head) > style.secondary:
        groups.append(head[-style.secondary :])
        head = head[: -style.secondary]
    groups.append(head)
    return style.group.join(reversed(groups))


def _written(number: str, affix: Affix, negative: bool) -> str:
    if negative:
        return f"{affix.negative_prefix}{number}{affix.negative_suffix}"
    return f"{affix.prefix}{number}{affix.suffix}"


def _compact_text(amount: int, style: MoneyStyle) -> str:
    """CLDR's compact-number steps (UTS #35) for a whole amount and one fraction digit, as
    Babel takes them: the largest form whose magnitude the amount reaches, the amount over
    its divisor rounded half to even, one form up when rounding reaches the next magnitude."""
    magnitude = abs(amount)
    forms = style.compact
    for index, form in enumerate(forms):
        if magnitude < form.magnitude:
            continue
        if form.divisor == 1:
            break
        rounded = round(decimal.Decimal(magnitude) / form.divisor, 1)
        if index > 0 and rounded * form.divisor >= forms[index - 1].magnitude:
            return _compact_text(forms[index - 1].magnitude * (-1 if amount < 0 else 1), style)
        whole, _, fraction = f"{rounded.normalize():f}".partition(".")
        number = whole + (style.decimal + fraction if fraction else "")
        return _written(number, form.affix, amount < 0)
    return _written(str(magnitude), style.small, amount < 0)


# -- the formats ----------------------------------------------------------------------------


@functools.cache
def _whole_pattern(locale: str) -> str:
    """The locale's standard currency pattern without fraction digits (Babel's path)."""
    from babel import Locale

    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    return re.sub(r"\.0+", "", pattern.split(";")[0])


def format_full(amount: int, currency: str, locale: str) -> str:
    """``₹12,50,000``, ``$185,000``: the whole amount with the locale's grouping."""
    style = _style(locale, currency)
    if style is None:
        from babel.numbers import format_currency

        return format_currency(
            amount, currency, format=_whole_pattern(locale), locale=locale, currency_digits=False
        )
    return _written(_grouped(str(abs(amount)), style), style.whole, amount < 0)


def format_compact(amount: int, currency: str, locale: str) -> str:
    """``₹12.5 L``, ``₹1.2 Cr``, ``$185k``: CLDR's short form with one decimal at most."""
    style = _style(locale, currency)
    if style is None:
        from babel.numbers import format_compact_currency

        text = format_compact_currency(amount, currency, locale=locale, fraction_digits=1)
    else:
        text = _compact_text(amount, style)
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
    text = (
        format_compact(amount, currency, locale)
        if compact
        else format_full(amount, currency, locale)
    )
    if PLAIN_MONEY.get() and not text.isascii():
        return text.replace("₹", "Rs ").encode("ascii", "replace").decode("ascii")
    return text
