"""What a take-home computation returns: the waterfall's lines, the net, the rates and the
rules used with their sources. Frozen values; amounts in whole currency units per year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from mlsal.errors import InputError, quoted
from mlsal.value import Value, frozen

if TYPE_CHECKING:
    from mlsal.tax.models import TaxFile


def whole(amount: Decimal) -> int:
    """An exact amount to the nearest whole unit, a half going up (no tax rule says more)."""
    return int(amount.to_integral_value(rounding=ROUND_HALF_UP))


@frozen
class Line(Value):
    """One line of the waterfall: a key programs read, a label people read, and the amount.

    ``amount`` is None for a tax that does not apply (no rule for it is in play).
    """

    key: str
    label: str
    amount: int | None


@frozen
class RuleSource(Value):
    """One rule the computation used, its tax year and where it comes from."""

    rule: str
    tax_year: str
    source: str
    title: str
    date: dt.date
    confirmed: bool


def known_code(codes: Iterable[str], state: str, *, missing: str) -> str:
    """A state's code as the tax data has it (any case, spaces trimmed). A state the data
    has no rules for is refused by name with the codes it has: ``no {missing} 'XX' ...``."""
    code = state.strip().upper()
    known = sorted(codes)
    if code not in known:
        raise InputError(
            f"no {missing} '{quoted(state)}' in the tax data; known: {', '.join(known)}"
        )
    return code


def rule_source(
    rules: TaxFile, rule: str, key: str, year: str | int, confirmed: bool = True
) -> RuleSource:
    """The rule ``rule`` of tax year ``year``, from the rules file's source ``key``."""
    found = rules.sources[key]
    return RuleSource(
        rule=rule,
        tax_year=str(year),
        source=key,
        title=found.title,
        date=found.date,
        confirmed=confirmed,
    )


@frozen
class Takehome(Value):
    """Take-home pay from one amount: what it is made of, the taxes, the contributions, the net.

    ``amount`` = ``net_annual`` + every tax + every contribution kept from pay or paid by the
    employer inside the amount (India: CTC; US: wages including vested stock).
    """

    country: str
    currency: str
    tax_year: str
    regime: str | None
    state: str | None
    state_name: str
    filing: str | None
    amount: int
    components: tuple[Line, ...]
    gross: int
    deductions: tuple[Line, ...]
    taxable_income: int
    taxes: tuple[Line, ...]
    contributions: tuple[Line, ...]
    net_annual: int
    net_monthly: int
    variable_net: int
    effective_rate: float
    marginal_rate: float
    sources: tuple[RuleSource, ...]
    notes: tuple[str, ...]

    @property
    def total_tax(self) -> int:
        """Every tax, added up."""
        return sum(line.amount or 0 for line in self.taxes)


@frozen
class RegimeChoice(Value):
    """India's two regimes side by side; ``best`` is the one that leaves more."""

    best: Takehome
    regimes: tuple[Takehome, ...]
