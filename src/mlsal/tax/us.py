"""United States: from yearly wages to take-home pay, federal, payroll, state and city. Pure.

Wages are cash pay plus stock vesting that year (taxed as wages). ``pretax`` (401(k),
pre-tax premiums) leaves income-tax wages but not Social Security and Medicare wages. One
earner: under ``joint`` the spouse has no income. Each tax is rounded to the whole dollar.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from mlsal.errors import InputError, quoted
from mlsal.tax.india import slab_tax
from mlsal.tax.models import Filing, Schedule, State, TaxFile, UnitedStates, rate
from mlsal.tax.result import Line, Takehome, known_code, rule_source, whole
from mlsal.value import Value, frozen

#: The step of wages over which the marginal rate is measured.
MARGINAL_STEP = 1000


@frozen
class UsPay(Value):
    """US pay: yearly cash, stock vesting evenly, pre-tax deferrals, filing, state and city."""

    cash: int
    stock_value: int = 0
    stock_years: int = 1
    pretax: int = 0
    filing: Filing = "single"
    state: str | None = None
    local: str | None = None

    def __post_init__(self) -> None:
        if self.cash <= 0:
            raise InputError(f"amount must be above zero (got {self.cash})")
        if self.stock_value < 0:
            raise InputError(f"--stock must not be negative (got {self.stock_value})")
        if not 1 <= self.stock_years <= 10:
            raise InputError(f"--stock vests over 1 to 10 years (got {self.stock_years})")
        if self.pretax < 0:
            raise InputError(f"--pretax must not be negative (got {self.pretax})")

    @property
    def stock(self) -> int:
        """The stock vesting in one year."""
        return self.stock_value // self.stock_years


def known_us_state(us: UnitedStates, state: str | None) -> str:
    """The state's code in the data; None is the default state; unknown ones refused."""
    if state is None:
        return us.default_state
    return known_code(us.states, state, missing="tax rules for US state")


def state_income_tax(state: State, filing: Filing, wages: int) -> Decimal:
    """A state's income tax on income-tax ``wages``: brackets, surtax, recapture, credit."""
    taxable = max(0, wages - getattr(state.standard_deduction, filing))
    schedule = getattr(state.brackets, filing)
    tax = slab_tax(taxable, schedule)
    if state.recapture_agi is not None and state.recapture_phase is not None:
        tax += _recapture(schedule, taxable, wages, state.recapture_agi, state.recapture_phase)
    if state.surtax is not None and taxable > state.surtax.above:
        tax += (taxable - state.surtax.above) * rate(state.surtax.rate)
    if state.exemption_credit is not None:
        tax = max(Decimal(0), tax - getattr(state.exemption_credit, filing))
    return tax


def _recapture(schedule: Schedule, taxable: int, agi: int, start: int, phase: int) -> Decimal:
    """New York's supplemental tax (Tax Law section 601(d-1)): above AGI ``start``, all taxable
    income comes to be taxed at the rate of the highest bracket it reaches. The benefit of the
    brackets below is recaptured over ``phase`` of AGI: from ``start`` for the bracket holding
    ``start``, from each higher bracket's floor for that bracket's increment."""
    if agi <= start:
        return Decimal(0)
    floors: list[tuple[int, float]] = []
    lower = 0
    for slab in schedule:
        floors.append((lower, slab.rate))
        lower = slab.upto if slab.upto is not None else lower
    top = max(i for i, (floor, _) in enumerate(floors) if taxable > floor or i == 0)
    first = max(i for i, (floor, _) in enumerate(floors) if start >= floor)
    if top < first:
        return Decimal(0)
    floor, top_rate = floors[top]
    below = slab_tax(floor, schedule)
    full = Decimal(floor) * rate(top_rate) - below
    if top == first:
        return full * min(Decimal(1), Decimal(agi - start) / phase)
    previous = Decimal(floor) * rate(floors[top - 1][1]) - below
    share = min(Decimal(1), Decimal(max(0, agi - floor)) / phase)
    return previous + (full - previous) * share


def _federal(us: UnitedStates, filing: Filing, wages: int) -> tuple[int, int]:
    taxable = max(0, wages - getattr(us.federal.standard_deduction, filing))
    return taxable, whole(slab_tax(taxable, getattr(us.federal.brackets, filing)))


@frozen
class _Outcome(Value):
    taxable: int
    federal: int
    social_security: int
    medicare: int
    state_tax: int
    local_tax: int | None
    payroll: int | None
    net: int

    @property
    def taxes(self) -> int:
        return (
            self.federal
            + self.social_security
            + self.medicare
            + self.state_tax
            + (self.local_tax or 0)
            + (self.payroll or 0)
        )


def _outcome(us: UnitedStates, pay: UsPay, state: State, wages: int) -> _Outcome:
    tax_wages = max(0, wages - pay.pretax)
    taxable, federal = _federal(us, pay.filing, tax_wages)
    ss = us.social_security
    social = whole(min(wages, ss.wage_base) * rate(ss.rate_pct))
    extra = us.additional_medicare
    medicare = whole(
        wages * rate(us.medicare.rate_pct)
        + max(0, wages - getattr(extra.threshold, pay.filing)) * rate(extra.rate_pct)
    )
    state_tax = whole(state_income_tax(state, pay.filing, tax_wages))
    local_tax = None
    if pay.local is not None and state.locals is not None:
        local = state.locals[pay.local]
        state_taxable = max(0, tax_wages - getattr(state.standard_deduction, pay.filing))
        local_tax = whole(slab_tax(state_taxable, getattr(local.brackets, pay.filing)))
    payroll = None
    if state.payroll:
        payroll = sum(
            whole((wages if p.wage_base is None else min(wages, p.wage_base)) * rate(p.rate_pct))
            for p in state.payroll
        )
    outcome = _Outcome(
        taxable=taxable,
        federal=federal,
        social_security=social,
        medicare=medicare,
        state_tax=state_tax,
        local_tax=local_tax,
        payroll=payroll,
        net=0,
    )
    return replace(outcome, net=wages - pay.pretax - outcome.taxes)


def us_takehome(rules: TaxFile, pay: UsPay) -> Takehome:
    """Take-home pay from ``pay``: every tax, the pre-tax deferrals and the net."""
    us = rules.us
    code = known_us_state(us, pay.state)
    state = us.states[code]
    if pay.local is not None:
        local_key = pay.local.strip().casefold()
        if state.locals is None or local_key not in state.locals:
            known = ", ".join(
                f"{k} ({c})" for c, s in sorted(us.states.items()) for k in (s.locals or {})
            )
            raise InputError(
                f"no local income tax '{quoted(pay.local)}' in {state.name} in the tax data; "
                f"known: {known}"
            )
        pay = replace(pay, local=local_key)
    wages = pay.cash + pay.stock
    if pay.pretax > wages:
        raise InputError(f"--pretax ({pay.pretax:,}) is more than the wages ({wages:,})")
    tax_wages = wages - pay.pretax
    done = _outcome(us, pay, state, wages)
    fixed = _outcome(us, pay, state, pay.cash)
    step = _outcome(us, pay, state, wages + MARGINAL_STEP)
    extra = us.additional_medicare
    threshold = getattr(extra.threshold, pay.filing)
    components = [Line(key="cash", label="Cash pay (base + bonus)", amount=pay.cash)]
    if pay.stock:
        components.append(
            Line(
                key="stock",
                label=f"Stock vesting ({pay.stock_value:,} over {pay.stock_years} y)",
                amount=pay.stock,
            )
        )
    local_label = "Local income tax"
    if pay.local is not None and state.locals is not None:
        local_label = f"{state.locals[pay.local].name} income tax"
    payroll_label = " + ".join(p.label for p in state.payroll) or "State payroll taxes"
    taxes = (
        Line(key="federal_income_tax", label="Federal income tax", amount=done.federal),
        Line(
            key="social_security",
            label=f"Social Security {us.social_security.rate_pct:g}% to "
            f"{us.social_security.wage_base:,}",
            amount=done.social_security,
        ),
        Line(
            key="medicare",
            label=f"Medicare {us.medicare.rate_pct:g}% (+{extra.rate_pct:g}% above {threshold:,})",
            amount=done.medicare,
        ),
        Line(
            key="state_income_tax",
            label=f"{state.name} income tax ({state.tax_year})",
            amount=done.state_tax,
        ),
        Line(key="local_income_tax", label=local_label, amount=done.local_tax),
        Line(key="state_payroll", label=payroll_label, amount=done.payroll),
    )
    contributions = (
        Line(key="pretax", label="Pre-tax 401(k) and premiums (saved, yours)", amount=pay.pretax),
    )
    deductions = (
        Line(
            key="standard_deduction",
            label=f"Federal standard deduction ({pay.filing})",
            amount=min(tax_wages, getattr(us.federal.standard_deduction, pay.filing)),
        ),
    )
    year = us.tax_year
    sources = [
        rule_source(rules, "Federal income tax", us.federal.source, year),
        rule_source(rules, "Social Security", us.social_security.source, year),
        rule_source(rules, "Medicare", us.medicare.source, year),
        rule_source(rules, "Additional Medicare", extra.source, year),
        rule_source(
            rules, f"{state.name} income tax", state.source, state.tax_year, state.confirmed
        ),
    ]
    sources += [rule_source(rules, p.label, p.source, year, p.confirmed) for p in state.payroll]
    if pay.local is not None and state.locals is not None:
        local = state.locals[pay.local]
        sources.append(rule_source(rules, f"{local.name} income tax", local.source, state.tax_year))
    notes = []
    if pay.state is None:
        notes.append(f"State: {state.name} by default (--state to choose).")
    if state.tax_year != year:
        notes.append(
            f"{state.name}: the {state.tax_year} figures are used, the latest found "
            f"({year}'s not published or not confirmed)."
        )
    elif not state.confirmed:
        notes.append(f"{state.name}: some {year} figures are not confirmed (see sources).")
    if pay.filing == "joint":
        notes.append("Joint: one earner, the spouse has no income.")
    return Takehome(
        country="US",
        currency="USD",
        tax_year=str(year),
        regime=None,
        state=code,
        state_name=state.name,
        filing=pay.filing,
        amount=wages,
        components=tuple(components),
        gross=wages,
        deductions=deductions,
        taxable_income=done.taxable,
        taxes=taxes,
        contributions=contributions,
        net_annual=done.net,
        net_monthly=fixed.net // 12,
        variable_net=done.net - fixed.net,
        effective_rate=round(done.taxes / wages, 4),
        marginal_rate=round((step.taxes - done.taxes) / MARGINAL_STEP, 4),
        sources=tuple(sources),
        notes=tuple(notes),
    )
