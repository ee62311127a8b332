"""Take-home pay of a range (low, mid, high) under the default structure, for ``estimate
--net``, ``batch --net`` and ``compare``: one number per amount, and the basis, stated."""

from __future__ import annotations

from mlsal.tax import NET_COUNTRIES
from mlsal.tax.models import TaxFile
from mlsal.value import Value, frozen


@frozen
class NetRange(Value):
    """Take-home pay a year of low, mid and high; ``offer`` when an offer was placed."""

    low: int
    mid: int
    high: int
    offer: int | None = None
    basis: str


def net_pay(rules: TaxFile, country: str, amount: int, *, state: str | None = None) -> int:
    """Take-home pay a year of ``amount`` (India: CTC; US: cash pay), default structure."""
    if country == "IN":
        from mlsal.tax.india import IndiaPay, india_takehome

        return india_takehome(rules, IndiaPay(ctc=amount, state=state)).net_annual
    from mlsal.tax.us import UsPay, us_takehome

    return us_takehome(rules, UsPay(cash=amount, state=state)).net_annual


def net_basis(rules: TaxFile, country: str, *, state: str | None = None) -> str:
    """The default structure behind :func:`net_pay`, in words."""
    if country == "IN":
        india = rules.india
        where = f"{state} professional tax" if state else "no professional tax (no state)"
        return (
            f"India {india.tax_year}, new regime; CTC split basic "
            f"{india.structure.basic_pct:g}%, employer PF 12% of basic, gratuity inside CTC, "
            f"HRA non-metro; {where}; employee PF counted as saved, not in hand"
        )
    us = rules.us
    code = (state or us.default_state).upper()
    name = us.states[code].name if code in us.states else code
    default = "" if state else " (the default; --state to choose)"
    return f"US {us.tax_year}, single, {name}{default}; no stock, no pre-tax deferrals"


def net_range(
    rules: TaxFile,
    country: str,
    amounts: tuple[int, int, int],
    *,
    offer: int | None = None,
    state: str | None = None,
) -> NetRange | None:
    """Take-home of low, mid and high (and an offer); None for a country mlsal cannot tax."""
    if country not in NET_COUNTRIES:
        return None
    low, mid, high = (net_pay(rules, country, amount, state=state) for amount in amounts)
    return NetRange(
        low=low,
        mid=mid,
        high=high,
        offer=None if offer is None else net_pay(rules, country, offer, state=state),
        basis=net_basis(rules, country, state=state),
    )
