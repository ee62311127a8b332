"""Where an offer sits against an estimate: read the amount as people write it, then place it.

Pure functions: data in, data out.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from mlsal.errors import InputError, quoted
from mlsal.value import Value, frozen

if TYPE_CHECKING:  # the amount grammar alone (takehome) needs no estimate
    from mlsal.pay.estimate import Estimate

#: Multipliers of the unit words people put after an amount; lakh and crore imply rupees.
UNITS: dict[str, tuple[int, str | None]] = {
    "k": (1_000, None),
    "thousand": (1_000, None),
    "m": (1_000_000, None),
    "mn": (1_000_000, None),
    "million": (1_000_000, None),
    "l": (100_000, "INR"),
    "lakh": (100_000, "INR"),
    "lakhs": (100_000, "INR"),
    "lac": (100_000, "INR"),
    "lacs": (100_000, "INR"),
    "lpa": (100_000, "INR"),
    "cr": (10_000_000, "INR"),
    "crore": (10_000_000, "INR"),
    "crores": (10_000_000, "INR"),
}

#: Currency marks before or after the number.
MARKS: dict[str, str] = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "₹": "INR",
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
}

#: An amount below this a year is refused: with no unit, 32 means 32 lakh or $32k?; with a
#: currency mark (``$50``) or a unit (``0.001k``), it is too small to be yearly pay.
BARE_MIN = 1000

#: Offers at or above this are refused as typing errors.
OFFER_MAX = 10**10

#: Longest offer text read (surrounding space aside): ``Rs. 12,34,567.50 lakhs per annum`` is
#: 32 characters. Longer text is refused before it is matched or converted.
TEXT_MAX = 100

#: Most digits an amount may carry, whole part and fraction together.
DIGITS_MAX = 20

#: Space people put inside an amount: plain, tab, no-break, thin and narrow no-break spaces.
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")

#: An amount, matched once each run of space is one space. ASCII only: ``\d`` would take any
#: script's digits, and IGNORECASE the Kelvin sign for ``k``.
_PATTERN = re.compile(
    r"(?P<mark>\$|us\$|usd|₹|rs\.?|inr)? ?"
    r"(?P<number>(?=[.,]*[0-9])[0-9,]*(?:\.[0-9,]+)?) ?"
    r"(?P<unit>[a-z]+)?\.? ?"
    r"(?P<mark2>usd|inr)? ?"
    r"(?:per annum|per year|a year|/ ?(?:yr|year|annum)|p\.?a\.?"
    r"|(?P<monthly>per month|a month|monthly|/ ?(?:mo|month)|p\.?m\.?))?",
    re.IGNORECASE | re.ASCII,
)

#: Commas that group digits: in threes (``1,234,567``) or the Indian way (``12,34,567``).
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]?(?:,[0-9]{2})*,[0-9]{3}")

_FORMS = "write it like 32L, 32 lakh, 32 LPA, 1.2Cr, 3200000, $185k or 185000"

#: Unit words that are a monthly period on their own (``175000 pm``), not a unit.
MONTHLY_WORDS = frozenset({"pm", "monthly"})

#: Offers read as yearly below this, per currency, are refused with a hint that they are
#: monthly pay: far below any yearly pay in the data (India's lowest band starts at 5 lakh).
MONTHLY_HINT_BELOW: dict[str, int] = {"INR": 100_000}

Position = Literal["below", "within", "above"]
Verdict = Literal["below-range", "low-in-range", "mid-range", "high-in-range", "above-range"]


@frozen
class OfferPlacement(Value):
    """An offer against an estimate: position, distance, ratio to mid and a verdict."""

    text: str
    amount: int
    currency: str
    low: int
    mid: int
    high: int
    position: Position
    distance: int
    distance_pct: float
    range_fraction: float | None
    percentile: float | None
    ratio_to_mid: float
    verdict: Verdict
    in_tail: bool


def _misplaced_comma(text: str, number: str) -> InputError:
    """The refusal of commas that do not group digits, with the likely fix."""
    whole, _, fraction = number.partition(".")
    if "," in fraction:
        hint = "only the whole part may carry commas, as in 1,234.50"
    elif number.count(",") == 1 and "." not in number and 1 <= len(whole.split(",")[1]) <= 2:
        hint = f"for a decimal write {quoted(text.strip().replace(',', '.'))}"
    else:
        hint = "group digits in threes (1,234,567) or the Indian way (12,34,567)"
    return InputError(f"cannot read offer '{quoted(text)}': misplaced comma; {hint}")


def parse_offer(text: str, currency: str) -> int:
    """The yearly amount in ``currency`` units that ``text`` names (``32L``, ``$185k``, ...).

    Monthly pay (``2.1L/month``, ``1.8 lakh per month``, ``175k pm``) is read as twelve times
    the amount.

    Refused with an ``InputError``: text that is no amount, commas that do not group digits
    (``32,5L`` is not 32.5 lakh), an amount below ``BARE_MIN`` or at ``OFFER_MAX`` and above,
    and text too long to be money, before it is converted.
    """
    typed = text.strip()
    if len(typed) > TEXT_MAX:
        raise InputError(f"offer '{quoted(text)}' is too long to be an amount")
    match = _PATTERN.fullmatch(_SPACES.sub(" ", typed))
    if match is None:
        if any(c.isdigit() and not c.isascii() for c in typed):
            raise InputError(f"cannot read offer '{quoted(text)}': write its digits as 0-9")
        raise InputError(f"cannot read offer '{quoted(text)}'; {_FORMS}")
    number = match["number"]
    if sum(c.isdigit() for c in number) > DIGITS_MAX:
        raise InputError(f"offer '{quoted(text)}' is too long to be an amount")
    whole, _, fraction = number.partition(".")
    if "," in fraction or ("," in whole and _GROUPED.fullmatch(whole) is None):
        raise _misplaced_comma(text, number)
    unit_word = (match["unit"] or "").casefold()
    monthly = match["monthly"] is not None
    if unit_word in MONTHLY_WORDS and not monthly:
        unit_word, monthly = "", True
    if unit_word and unit_word not in UNITS:
        if unit_word in MARKS and match["mark2"] is None:
            unit_word = ""
            marks = [match["mark"], match["unit"]]
        else:
            unknown = quoted(match["unit"])
            raise InputError(
                f"cannot read offer '{quoted(text)}': unknown unit '{unknown}'; {_FORMS}"
            )
    else:
        marks = [match["mark"], match["mark2"]]
    implied = {MARKS[m.casefold()] for m in marks if m}
    multiplier, unit_currency = UNITS.get(unit_word, (1, None))
    if unit_currency is not None:
        implied.add(unit_currency)
    if len(implied) > 1:
        raise InputError(f"offer '{quoted(text)}' mixes currencies ({', '.join(sorted(implied))})")
    if implied and implied != {currency}:
        (named,) = implied
        raise InputError(
            f"offer '{quoted(text)}' is in {named} but this estimate is in {currency}; "
            f"give the offer in {currency}"
        )
    # At most DIGITS_MAX digits and no exponent: the Decimal is exact and small.
    value = Decimal(number.replace(",", "")) * multiplier * (12 if monthly else 1)
    if not unit_word and not implied and value < BARE_MIN:
        raise InputError(f"offer '{quoted(text)}' has no unit; {_FORMS}")
    if value == 0:
        raise InputError(f"offer '{quoted(text)}' must be above zero")
    if not unit_word and value < BARE_MIN:
        raise InputError(f"offer '{quoted(text)}' is too small to be yearly pay; {_FORMS}")
    if value < BARE_MIN:
        yearly = f"{value.normalize():f} {currency} a year"
        raise InputError(
            f"offer '{quoted(text)}' is implausibly small ({yearly}, under {BARE_MIN})"
        )
    amount = int(value.to_integral_value())
    if amount >= OFFER_MAX:
        yearly = f"{amount} {currency} a year"
        raise InputError(f"offer '{quoted(text)}' is implausibly large ({yearly})")
    return amount


def _percentile(amount: int, points: tuple[int, ...]) -> float | None:
    """Linear interpolation between p10..p90; None outside them (shown as below/above)."""
    levels = (10.0, 25.0, 50.0, 75.0, 90.0)
    if amount < points[0] or amount > points[-1]:
        return None
    for (p0, x0), (p1, x1) in zip(
        zip(levels, points, strict=True), zip(levels[1:], points[1:], strict=True), strict=True
    ):
        if x0 <= amount <= x1:
            return p0 if x1 == x0 else round(p0 + (p1 - p0) * (amount - x0) / (x1 - x0), 1)
    return None


def place_offer(
    est: Estimate,
    text: str,
    *,
    percentiles: tuple[int, int, int, int, int] | None = None,
    tail_high: int | None = None,
) -> OfferPlacement:
    """Place the offer ``text`` against ``est``.

    ``percentiles`` (p10..p90 of the profile, already adjusted) give a percentile where the
    band carries a distribution; ``tail_high`` marks offers above the range but inside the tail.
    """
    amount = parse_offer(text, est.currency)
    low, mid, high = est.low, est.mid, est.high
    fraction: float | None = None
    if amount < low:
        position: Position = "below"
        distance = low - amount
        pct = distance / low
        verdict: Verdict = "below-range"
    elif amount > high:
        position = "above"
        distance = amount - high
        pct = distance / high
        verdict = "above-range"
    else:
        position = "within"
        distance, pct = 0, 0.0
        fraction = (amount - low) / (high - low) if high > low else 0.5
        verdict = (
            "low-in-range"
            if fraction < 1 / 3
            else "mid-range"
            if fraction <= 2 / 3
            else "high-in-range"
        )
    return OfferPlacement(
        text=text,
        amount=amount,
        currency=est.currency,
        low=low,
        mid=mid,
        high=high,
        position=position,
        distance=distance,
        distance_pct=round(pct * 100, 1),
        range_fraction=None if fraction is None else round(fraction, 3),
        percentile=None if percentiles is None else _percentile(amount, percentiles),
        ratio_to_mid=round(amount / mid, 2),
        verdict=verdict,
        in_tail=position == "above" and tail_high is not None and amount <= tail_high,
    )


def check_offer(est: Estimate, text: str) -> OfferPlacement:
    """Place an offer against ``est``, with a percentile when its band carries a distribution.

    An offer far below any yearly pay (``25k`` in India) is refused with the hint that it
    may be monthly pay.

    The band's percentiles (which the estimate carries) are scaled by the estimate's
    multiplier, like its range.
    """
    amount = parse_offer(text, est.currency)
    if amount < MONTHLY_HINT_BELOW.get(est.currency, 0):
        typed = " ".join(text.split())
        raise InputError(
            f"offer '{quoted(text)}' is {amount:,} {est.currency} a year, far below any yearly "
            f"pay here; did you mean {typed} per month? (write {typed} pm or {typed}/month)"
        )
    raw = est.band_percentiles
    scaled = None
    if raw is not None:
        p10, p25, p50, p75, p90 = (
            round(value * est.multiplier) for value in (raw.p10, raw.p25, raw.p50, raw.p75, raw.p90)
        )
        scaled = (p10, p25, p50, p75, p90)
    return place_offer(est, text, percentiles=scaled, tail_high=est.tail_high)
