"""The shape of the tax rules file: slabs, rates, caps and the CTC structure, each sourced.

Frozen dataclasses like the bands file's models (:mod:`mlsal.bands.models`), with the same
field constraints (``Rule``, ``Check``) that only pydantic reads, and checks that span fields
in ``__post_init__``: slabs without gaps or overlaps (each one ends where the next begins,
thresholds increasing, only the last open), rates within 0-100%, and every ``source`` naming
an entry of ``sources``, which carries its date.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal

from mlsal.bands.models import Check, Frozen, Key, Rule, Source, Str, Text
from mlsal.value import frozen

#: Amounts above this are refused: far above any threshold in rupees or dollars.
AMOUNT_MAX = 10**12

Amount = Annotated[int, Rule(strict=True, ge=0, le=AMOUNT_MAX)]
Percent = Annotated[float, Rule(strict=True, ge=0, le=100)]
StateCode = Annotated[str, Rule(strict=True, pattern=r"^[A-Z]{2}$")]
Filing = Literal["single", "joint"]
FILINGS: tuple[Filing, ...] = ("single", "joint")


def rate(percent: float) -> Decimal:
    """A percent from the file as an exact fraction: 9.3 -> Decimal('0.093')."""
    return Decimal(repr(percent)) / 100


@frozen
class Slab(Frozen):
    """One slab of a schedule: income up to ``upto`` (inclusive; None: no limit) at ``rate``%."""

    upto: Annotated[int, Rule(strict=True, gt=0, le=AMOUNT_MAX)] | None = None
    rate: Percent


def _check_schedule(slabs: tuple[Slab, ...]) -> tuple[Slab, ...]:
    """No gap, no overlap: thresholds increase, only the last slab is open-ended."""
    if not slabs:
        raise ValueError("a schedule needs at least one slab")
    for index, slab in enumerate(slabs[:-1]):
        if slab.upto is None:
            raise ValueError(f"slab {index} has no upper limit but is not the last")
        following = slabs[index + 1].upto
        if following is not None and following <= slab.upto:
            raise ValueError(
                f"slab {index + 1} ends at {following}, not above slab {index}'s {slab.upto}"
            )
    if slabs[-1].upto is not None:
        raise ValueError("the last slab must be open-ended (upto: null)")
    return slabs


Schedule = Annotated[tuple[Slab, ...], Check(_check_schedule)]


@frozen
class Threshold(Frozen):
    """A rate charged above an amount (surcharge, surtax)."""

    above: Annotated[int, Rule(strict=True, gt=0, le=AMOUNT_MAX)]
    rate: Percent


def _check_increasing(steps: tuple[Threshold, ...]) -> tuple[Threshold, ...]:
    for before, after in itertools.pairwise(steps):
        if after.above <= before.above:
            raise ValueError(f"thresholds must increase: {after.above} after {before.above}")
        if after.rate <= before.rate:
            raise ValueError(f"rates must increase: {after.rate} after {before.rate}")
    return steps


Thresholds = Annotated[tuple[Threshold, ...], Check(_check_increasing)]


@frozen
class Rebate(Frozen):
    """A rebate of the whole tax up to ``most`` for income up to ``income_limit``."""

    income_limit: Amount
    most: Amount
    marginal_relief: bool


@frozen
class Regime(Frozen):
    """One of India's two regimes: slabs, deductions, rebate, surcharge and cess."""

    label: Text
    slabs: Schedule
    standard_deduction: Amount
    rebate: Rebate
    surcharge: Thresholds
    cess_pct: Percent
    employer_nps_cap_pct: Percent
    section_80c_limit: Amount = 0
    allows_hra: bool
    allows_80c: bool
    allows_professional_tax: bool
    source: Key
    confirmed: bool = True
    note: Str | None = None


@frozen
class Structure(Frozen):
    """Defaults of a CTC's split: basic as a share of CTC, HRA as a share of basic."""

    basic_pct: Percent
    hra_pct_metro: Percent
    hra_pct_other: Percent
    source: Key
    note: Str | None = None


@frozen
class ProvidentFund(Frozen):
    """Employer and employee PF: ``rate_pct`` of basic, or of the statutory wage ceiling."""

    rate_pct: Percent
    wage_ceiling_monthly: Amount
    source: Key


@frozen
class Gratuity(Frozen):
    """Gratuity accrual inside CTC, as a share of basic."""

    rate_pct: Percent
    source: Key


@frozen
class Metros(Frozen):
    """Cities whose HRA exemption is 50% of basic (40% elsewhere); keys as people type them."""

    cities: Annotated[tuple[Key, ...], Rule(min_length=1)]
    exempt_pct_metro: Percent
    exempt_pct_other: Percent
    source: Key
    note: Str | None = None


@frozen
class Rounding(Frozen):
    """Income and tax rounded to the nearest ``multiple`` rupees."""

    multiple: Annotated[int, Rule(strict=True, ge=1, le=100)]
    source: Key
    confirmed: bool = True
    note: Str | None = None


@frozen
class ProfessionalSlab(Frozen):
    """Professional tax of ``annual`` a year once monthly salary reaches ``monthly_from``."""

    monthly_from: Amount
    annual: Amount


@frozen
class ProfessionalTax(Frozen):
    """One state's professional tax on salaries, by slabs of monthly salary."""

    name: Text
    slabs: Annotated[tuple[ProfessionalSlab, ...], Rule(min_length=1)]
    source: Key
    confirmed: bool = True
    note: Str | None = None

    def __post_init__(self) -> None:
        if self.slabs[0].monthly_from != 0:
            raise ValueError("slabs.0.monthly_from: the first slab must start at 0")
        for before, after in itertools.pairwise(self.slabs):
            if after.monthly_from <= before.monthly_from:
                raise ValueError("slabs: monthly_from must increase")


@frozen
class India(Frozen):
    """India's rules for one tax year."""

    currency: Literal["INR"]
    tax_year: Text
    structure: Structure
    provident_fund: ProvidentFund
    gratuity: Gratuity
    hra_metros: Metros
    perquisite_limit: Amount
    perquisite_source: Key
    rounding: Rounding
    regimes: Mapping[Literal["new", "old"], Regime]
    professional_tax: Mapping[StateCode, ProfessionalTax]
    professional_tax_most: Amount
    professional_tax_most_source: Key

    def __post_init__(self) -> None:
        if set(self.regimes) != {"new", "old"}:
            raise ValueError("regimes: both 'new' and 'old' are needed")
        for code, state in self.professional_tax.items():
            if any(slab.annual > self.professional_tax_most for slab in state.slabs):
                raise ValueError(
                    f"professional_tax.{code}: above professional_tax_most "
                    f"({self.professional_tax_most})"
                )


@frozen
class ByFiling(Frozen):
    """An amount for each filing status."""

    single: Amount
    joint: Amount


@frozen
class Schedules(Frozen):
    """A schedule for each filing status."""

    single: Schedule
    joint: Schedule


@frozen
class PayrollRate(Frozen):
    """A payroll tax on wages: ``rate_pct`` up to ``wage_base`` (None: all wages)."""

    key: Key
    label: Text
    rate_pct: Percent
    wage_base: Amount | None = None
    source: Key
    confirmed: bool = True


@frozen
class Medicare(Frozen):
    """Medicare on all wages."""

    rate_pct: Percent
    source: Key


@frozen
class SocialSecurity(Frozen):
    """Social Security (OASDI) on wages up to the wage base."""

    rate_pct: Percent
    wage_base: Amount
    source: Key


@frozen
class AdditionalMedicare(Frozen):
    """Additional Medicare on wages above a threshold per filing status."""

    rate_pct: Percent
    threshold: ByFiling
    source: Key
    note: Str | None = None


@frozen
class Federal(Frozen):
    """US federal income tax: brackets and standard deduction per filing status."""

    brackets: Schedules
    standard_deduction: ByFiling
    source: Key


@frozen
class Local(Frozen):
    """A city's income tax on residents, on the state's taxable income."""

    name: Text
    brackets: Schedules
    source: Key


@frozen
class State(Frozen):
    """A US state's income tax and payroll taxes on wages."""

    name: Text
    tax_year: Annotated[int, Rule(strict=True, ge=2000, le=2100)]
    confirmed: bool = True
    brackets: Schedules
    surtax: Threshold | None = None
    standard_deduction: ByFiling
    exemption_credit: ByFiling | None = None
    recapture_agi: Amount | None = None
    recapture_phase: Annotated[int, Rule(strict=True, gt=0)] | None = None
    source: Key
    note: Str | None = None
    payroll: tuple[PayrollRate, ...] = ()
    locals: Mapping[Key, Local] | None = None

    def __post_init__(self) -> None:
        if (self.recapture_agi is None) != (self.recapture_phase is None):
            raise ValueError("recapture_agi and recapture_phase go together")


@frozen
class UnitedStates(Frozen):
    """The US rules for one tax year: federal, payroll and the states in the file."""

    currency: Literal["USD"]
    tax_year: Annotated[int, Rule(strict=True, ge=2000, le=2100)]
    federal: Federal
    social_security: SocialSecurity
    medicare: Medicare
    additional_medicare: AdditionalMedicare
    default_state: StateCode
    states: Annotated[Mapping[StateCode, State], Rule(min_length=1)]

    def __post_init__(self) -> None:
        if self.default_state not in self.states:
            raise ValueError(f"default_state: '{self.default_state}' is not among the states")


def _schema_version_one(value: Any) -> Any:
    if value != 1:
        raise ValueError("this mlsal reads tax rules files of schema_version 1")
    return value


@frozen
class TaxFile(Frozen):
    """The whole tax rules file."""

    schema_version: Annotated[int, Rule(strict=True), Check(_schema_version_one)]
    title: Text
    updated: Annotated[dt.date, Rule(strict=True)]
    sources: Annotated[Mapping[Key, Source], Rule(min_length=1)]
    india: India
    us: UnitedStates

    def __post_init__(self) -> None:
        missing = sorted(
            f"{where}: unknown source '{key}'"
            for where, key in self.source_keys()
            if key not in self.sources
        )
        if missing:
            raise ValueError("\n".join(missing))

    def source_keys(self) -> list[tuple[str, str]]:
        """Every ``source`` the rules name, with the field path that names it."""
        india, us = self.india, self.us
        named: list[tuple[str, str]] = [
            ("india.structure.source", india.structure.source),
            ("india.provident_fund.source", india.provident_fund.source),
            ("india.gratuity.source", india.gratuity.source),
            ("india.hra_metros.source", india.hra_metros.source),
            ("india.perquisite_source", india.perquisite_source),
            ("india.rounding.source", india.rounding.source),
            ("india.professional_tax_most_source", india.professional_tax_most_source),
            ("us.federal.source", us.federal.source),
            ("us.social_security.source", us.social_security.source),
            ("us.medicare.source", us.medicare.source),
            ("us.additional_medicare.source", us.additional_medicare.source),
        ]
        named += [(f"india.regimes.{k}.source", r.source) for k, r in india.regimes.items()]
        named += [
            (f"india.professional_tax.{k}.source", s.source)
            for k, s in india.professional_tax.items()
        ]
        for code, state in us.states.items():
            named.append((f"us.states.{code}.source", state.source))
            named += [
                (f"us.states.{code}.payroll.{i}.source", p.source)
                for i, p in enumerate(state.payroll)
            ]
            named += [
                (f"us.states.{code}.locals.{k}.source", local.source)
                for k, local in (state.locals or {}).items()
            ]
        return named

    def source_date(self, key: str) -> dt.date:
        """The date of the source named ``key``."""
        return self.sources[key].date


#: Every model class a tax rules file is built of, by name: what its snapshot may hold.
MODELS: dict[str, type[Frozen]] = {
    cls.__name__: cls
    for cls in (
        Source, Slab, Threshold, Rebate, Regime, Structure, ProvidentFund, Gratuity, Metros,
        Rounding, ProfessionalSlab, ProfessionalTax, India, ByFiling, Schedules, PayrollRate,
        Medicare, SocialSecurity, AdditionalMedicare, Federal, Local, State, UnitedStates,
        TaxFile,
    )
}  # fmt: skip
