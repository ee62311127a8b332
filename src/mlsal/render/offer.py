"""Rendering of an offer check: a short section under the estimate, its JSON and CSV columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsal.render import Units, plain
from mlsal.render.money import format_money

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlsal.pay.offer import OfferPlacement

#: Columns appended to the estimate's CSV row when an offer is given.
CSV_COLUMNS: tuple[str, ...] = (
    "offer", "offer_position", "offer_distance", "offer_percentile", "offer_ratio_to_mid",
    "offer_verdict",
)  # fmt: skip

_ADVICE: dict[str, str] = {
    "below-range": (
        "Candidate: ask for at least the low end, {low}. Recruiter: expect refusals; "
        "most comparable engineers are paid more."
    ),
    "low-in-range": (
        "Candidate: there is room to negotiate toward the mid, {mid}. Recruiter: competitive "
        "only against the lower-paying employers."
    ),
    "mid-range": (
        "A fair market offer for this profile. Candidate: negotiate on the parts the estimate "
        "leaves out (stock, joining bonus). Recruiter: competitive."
    ),
    "high-in-range": (
        "A strong offer. Candidate: little room above {high} from the market alone. "
        "Recruiter: should win most candidates of this profile."
    ),
    "above-range": (
        "Above what the estimate expects for this profile. Candidate: check what it includes "
        "against the pay basis. Recruiter: you may be paying a premium; fine if the role "
        "needs more than the profile."
    ),
}


def offer_summary(offer: OfferPlacement, locale: str, units: Units = Units.local) -> str:
    """Where the offer sits, in one sentence a person reads."""

    def money(amount: int) -> str:
        return format_money(amount, offer.currency, locale, units)

    if offer.position == "below":
        where = (
            f"below the estimated range by {money(offer.distance)} "
            f"({offer.distance_pct:g}% under the low end)"
        )
    elif offer.position == "above":
        where = (
            f"above the estimated range by {money(offer.distance)} "
            f"({offer.distance_pct:g}% over the high end)"
        )
        if offer.in_tail:
            where += ", inside the elite tail the article describes"
    else:
        share = round((offer.range_fraction or 0) * 100)
        where = f"within the estimated range, {share}% of the way from low to high"
    if offer.percentile is not None:
        where += f"; about the {offer.percentile:g}th percentile of the band's records"
    return f"{money(offer.amount)} is {where}; {offer.ratio_to_mid:.2f}× the mid."


def offer_advice(offer: OfferPlacement, locale: str, units: Units = Units.local) -> str:
    """The plain verdict: what a candidate and a recruiter can do with it."""

    def money(amount: int) -> str:
        return format_money(amount, offer.currency, locale, units)

    return _ADVICE[offer.verdict].format(
        low=money(offer.low), mid=money(offer.mid), high=money(offer.high)
    )


def offer_renderables(
    offer: OfferPlacement, locale: str, units: Units = Units.local
) -> list[RenderableType]:
    """The offer section shown under the estimate."""
    from rich.text import Text

    verdict = offer.verdict.replace("-", " ")
    return [
        "",
        Text.assemble(("Offer  ", "bold"), (verdict, "bold yellow")),
        offer_summary(offer, locale, units),
        offer_advice(offer, locale, units),
    ]


def offer_payload(offer: OfferPlacement) -> dict[str, Any]:
    """The offer check as a JSON-ready mapping."""
    payload: dict[str, Any] = plain(offer)
    return payload


def offer_columns(offer: OfferPlacement) -> Sequence[object]:
    """The values of ``CSV_COLUMNS`` for one offer."""
    signed = -offer.distance if offer.position == "below" else offer.distance
    return (
        offer.amount,
        offer.position,
        signed,
        "" if offer.percentile is None else f"{offer.percentile:g}",
        f"{offer.ratio_to_mid:.2f}",
        offer.verdict,
    )
