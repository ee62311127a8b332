"""Where an offer sits against an estimate: read the amount as people write it, then place it.

Pure functions: data in, data out.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Literal

from mlsal.errors import InputError
from mlsal.pay.estimate import Estimate
from mlsal.value import Value, frozen

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

#: A bare number below this (no unit) is refused as ambiguous: 32 means 32 lakh or $32k?
BARE_MIN = 1000

#: Offers at or above this are refused as typing errors.
OFFER_MAX = 10**10

_PATTERN = re.compile(
    r"^(?P<mark>\$|us\$|usd|₹|rs\.?|inr)?\s*"
    r"(?P<number>\d[\d,]*(?:\.\d+)?|\.\d+)\s*"
    r"(?P<unit>[a-z]+)?\.?\s*"
    r"(?P<mark2>usd|inr)?\s*"
    r"(?:per annum|per year|a year|/\s*(?:yr|year|annum)|p\.?a\.?)?$",
    re.IGNORECASE,
)

_FORMS = "write it like 32L, 32 lakh, 32 LPA, 1.2Cr, 3200000, $185k or 185000"

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


def parse_offer(text: str, currency: str) -> int:
    """The yearly amount in ``currency`` units that ``text`` names (``32L``, ``$185k``, ...)."""
    match = _PATTERN.match(text.strip())
    if match is None:
        raise InputError(f"cannot read offer '{text}'; {_FORMS}")
    unit_word = (match["unit"] or "").casefold()
    if unit_word and unit_word not in UNITS:
        if unit_word in MARKS and match["mark2"] is None:
            unit_word = ""
            marks = [match["mark"], match["unit"]]
        else:
            raise InputError(
                f"cannot read offer '{text}': unknown unit '{match['unit']}'; {_FORMS}"
            )
    else:
        marks = [match["mark"], match["mark2"]]
    implied = {MARKS[m.casefold()] for m in marks if m}
    multiplier, unit_currency = UNITS.get(unit_word, (1, None))
    if unit_currency is not None:
        implied.add(unit_currency)
    if len(implied) > 1:
        raise InputError(f"offer '{text}' mixes currencies ({', '.join(sorted(implied))})")
    if implied and implied != {currency}:
        (named,) = implied
        raise InputError(
            f"offer '{text}' is in {named} but this estimate is in {currency}; "
            f"give the offer in {currency}"
        )
    number = match["number"].replace(",", "")
    try:
        value = Decimal(number) * multiplier
    except InvalidOperation:
        raise InputError(f"cannot read offer '{text}'; {_FORMS}") from None
    if not unit_word and not implied and value < BARE_MIN:
        raise InputError(f"offer '{text}' has no unit; {_FORMS}")
    amount = int(value.to_integral_value())
    if amount <= 0:
        raise InputError(f"offer '{text}' must be above zero")
    if amount >= OFFER_MAX:
        raise InputError(f"offer '{text}' is implausibly large ({amount} {currency} a year)")
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

    The band's percentiles (which the estimate carries) are scaled by the estimate's
    multiplier, like its range.
    """
    raw = est.band_percentiles
    scaled = None
    if raw is not None:
        p10, p25, p50, p75, p90 = (
            round(value * est.multiplier) for value in (raw.p10, raw.p25, raw.p50, raw.p75, raw.p90)
        )
        scaled = (p10, p25, p50, p75, p90)
    return place_offer(est, text, percentiles=scaled, tail_high=est.tail_high)
