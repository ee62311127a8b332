"""India: from annual CTC to in-hand pay, under the new or the old regime. Pure functions.

The CTC is split by a stated structure (basic, HRA, employer PF, gratuity, employer NPS,
variable pay, special allowance as the balance). Gross salary is the CTC less employer PF and
gratuity (employer NPS is salary, section 17(1)(viii), and deducted up to its cap), plus the
perquisite of employer PF and NPS above the limit (section 17(2)(vii)). Income and tax are
rounded to the nearest 10 rupees (sections 288A and 288B); the cess line carries that rounding.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_FLOOR, Decimal
from typing import Literal

from mlsal.errors import InputError
from mlsal.tax.models import India, Regime, Schedule, TaxFile, rate
from mlsal.tax.result import Line, RuleSource, Takehome, known_code, rule_source, whole
from mlsal.value import Value, frozen

RegimeName = Literal["new", "old"]
PfChoice = Literal["full", "statutory", "none"]

#: The step of gross pay over which the marginal rate is measured.
MARGINAL_STEP = 1000


@frozen
class IndiaPay(Value):
    """An Indian CTC and how it is paid: the structure, the regime and what the old one needs."""

    ctc: int
    regime: RegimeName = "new"
    state: str | None = None
    city: str | None = None
    basic_pct: float | None = None
    pf: PfChoice = "full"
    gratuity: bool = True
    variable_pct: float = 0.0
    hra_pct: float | None = None
    nps_pct: float = 0.0
    rent_monthly: int = 0
    section_80c: int = 0

    def __post_init__(self) -> None:
        if self.ctc <= 0:
            raise InputError(f"amount must be above zero (got {self.ctc})")
        for name, value in (
            ("--basic", self.basic_pct),
            ("--variable", self.variable_pct),
            ("--hra", self.hra_pct),
            ("--nps", self.nps_pct),
        ):
            if value is not None and not 0 <= value <= 100:
                raise InputError(f"{name} must be a percent from 0 to 100 (got {value:g})")
        if self.basic_pct is not None and self.basic_pct <= 0:
            raise InputError(f"--basic must be above 0 percent (got {self.basic_pct:g})")
        if self.rent_monthly < 0:
            raise InputError(f"--rent must not be negative (got {self.rent_monthly})")
        if self.section_80c < 0:
            raise InputError(f"--80c must not be negative (got {self.section_80c})")


def round_to(amount: Decimal, multiple: int) -> int:
    """Sections 288A/288B: paise dropped, then to the nearest ``multiple``, a half going up."""
    rupees = int(amount.to_integral_value(rounding=ROUND_FLOOR))
    return (rupees + multiple // 2) // multiple * multiple


def slab_tax(income: Decimal | int, slabs: Schedule) -> Decimal:
    """Tax on ``income`` by a schedule of slabs (each rate on the part inside its slab)."""
    tax, lower, left = Decimal(0), 0, Decimal(income)
    for slab in slabs:
        if left <= lower:
            break
        upper = Decimal(slab.upto) if slab.upto is not None else left
        tax += (min(left, upper) - lower) * rate(slab.rate)
        lower = slab.upto if slab.upto is not None else lower
    return tax


def _pct(amount: int, percent: float) -> int:
    return whole(Decimal(amount) * rate(percent))


def known_state(india: India, state: str) -> str:
    """The state's code as the data file has it; unknown codes refused with the list."""
    return known_code(india.professional_tax, state, missing="professional-tax rules for state")


def _fold(city: str) -> str:
    return "-".join(city.strip().casefold().split())


def income_tax(taxable: int, regime: Regime) -> tuple[Decimal, Decimal, Decimal]:
    """Tax on ``taxable`` income: after the rebate (and its marginal relief), the surcharge
    (with its marginal relief) and the cess, each exact, before rounding."""
    tax = slab_tax(taxable, regime.slabs)
    rebate = regime.rebate
    if taxable <= rebate.income_limit:
        tax -= min(tax, Decimal(rebate.most))
    elif rebate.marginal_relief:
        tax = min(tax, Decimal(taxable - rebate.income_limit))
    surcharge = Decimal(0)
    steps = [step for step in regime.surcharge if taxable > step.above]
    if steps:
        step = steps[-1]
        below = rate(steps[-2].rate) if len(steps) > 1 else Decimal(0)
        at_threshold = slab_tax(step.above, regime.slabs) * (1 + below)
        surcharge = tax * rate(step.rate)
        relief_cap = at_threshold + (taxable - step.above) - tax
        surcharge = max(Decimal(0), min(surcharge, relief_cap))
    cess = (tax + surcharge) * rate(regime.cess_pct)
    return tax, surcharge, cess


@frozen
class _Split(Value):
    basic: int
    hra: int
    special: int
    variable: int
    employer_pf: int
    gratuity: int
    employer_nps: int


def _split(india: India, pay: IndiaPay, metro: bool) -> _Split:
    structure = india.structure
    basic_pct = structure.basic_pct if pay.basic_pct is None else pay.basic_pct
    basic = _pct(pay.ctc, basic_pct)
    hra_default = structure.hra_pct_metro if metro else structure.hra_pct_other
    hra = _pct(basic, hra_default if pay.hra_pct is None else pay.hra_pct)
    pf_rate = rate(india.provident_fund.rate_pct)
    if pay.pf == "full":
        employer_pf = whole(basic * pf_rate)
    elif pay.pf == "statutory":
        employer_pf = whole(min(basic, india.provident_fund.wage_ceiling_monthly * 12) * pf_rate)
    else:
        employer_pf = 0
    gratuity = _pct(basic, india.gratuity.rate_pct) if pay.gratuity else 0
    nps = _pct(basic, pay.nps_pct)
    variable = _pct(pay.ctc, pay.variable_pct)
    special = pay.ctc - basic - hra - employer_pf - gratuity - nps - variable
    if special < 0:
        raise InputError(
            f"the structure takes {pay.ctc - special:,} of a CTC of {pay.ctc:,}: lower --basic, "
            "--hra, --nps or --variable"
        )
    return _Split(
        basic=basic,
        hra=hra,
        special=special,
        variable=variable,
        employer_pf=employer_pf,
        gratuity=gratuity,
        employer_nps=nps,
    )


def professional_tax(india: India, state: str | None, monthly_salary: int) -> int:
    """A year's professional tax in ``state`` for a monthly salary (None: not counted)."""
    if state is None:
        return 0
    slabs = india.professional_tax[state].slabs
    return [slab for slab in slabs if monthly_salary >= slab.monthly_from][-1].annual


@frozen
class _Outcome(Value):
    gross: int
    perquisite: int
    deductions: tuple[Line, ...]
    taxable: int
    income_tax: int
    surcharge: int
    cess: int
    professional_tax: int
    employee_pf: int
    net: int

    @property
    def taxes(self) -> int:
        return self.income_tax + self.surcharge + self.cess + self.professional_tax


def _outcome(
    rules: TaxFile, pay: IndiaPay, split: _Split, state: str | None, *, extra: int = 0
) -> _Outcome:
    """Taxes and net for one split; ``extra`` more special allowance (marginal rate)."""
    india = rules.india
    regime = india.regimes[pay.regime]
    cash = split.basic + split.hra + split.special + extra + split.variable
    perquisite = max(0, split.employer_pf + split.employer_nps - india.perquisite_limit)
    gross = cash + split.employer_nps + perquisite
    monthly = (cash - split.variable) // 12
    pt = professional_tax(india, state, monthly)
    employee_pf = split.employer_pf
    deductions = [
        Line(
            key="standard_deduction",
            label="Standard deduction",
            amount=min(gross, regime.standard_deduction),
        )
    ]
    if split.employer_nps:
        cap = _pct(split.basic, regime.employer_nps_cap_pct)
        deductions.append(
            Line(
                key="employer_nps",
                label=f"Employer NPS, up to {regime.employer_nps_cap_pct:g}% of basic (80CCD(2))",
                amount=min(split.employer_nps, cap),
            )
        )
    if regime.allows_hra and pay.rent_monthly:
        metro = _is_metro(india, pay.city)
        rent_less = pay.rent_monthly * 12 - _pct(split.basic, 10)
        metros = india.hra_metros
        share = _pct(split.basic, metros.exempt_pct_metro if metro else metros.exempt_pct_other)
        exempt = max(0, min(split.hra, rent_less, share))
        deductions.append(
            Line(key="hra_exemption", label="HRA exemption (section 10(13A))", amount=exempt)
        )
    if regime.allows_professional_tax and pt:
        deductions.append(
            Line(key="professional_tax", label="Professional tax (section 16(iii))", amount=pt)
        )
    if regime.allows_80c:
        chapter = min(regime.section_80c_limit, employee_pf + pay.section_80c)
        if chapter:
            deductions.append(
                Line(key="section_80c", label="80C (employee PF and more)", amount=chapter)
            )
    taken = sum(line.amount or 0 for line in deductions)
    multiple = india.rounding.multiple
    taxable = round_to(Decimal(max(0, gross - taken)), multiple)
    tax, surcharge, cess = income_tax(taxable, regime)
    total = round_to(tax + surcharge + cess, multiple)
    tax_whole, surcharge_whole = whole(tax), whole(surcharge)
    cess_whole = max(0, total - tax_whole - surcharge_whole)
    net = cash - total - pt - employee_pf
    return _Outcome(
        gross=gross,
        perquisite=perquisite,
        deductions=tuple(deductions),
        taxable=taxable,
        income_tax=tax_whole,
        surcharge=surcharge_whole,
        cess=cess_whole,
        professional_tax=pt,
        employee_pf=employee_pf,
        net=net,
    )


def _is_metro(india: India, city: str | None) -> bool:
    return city is not None and _fold(city) in india.hra_metros.cities


def india_takehome(rules: TaxFile, pay: IndiaPay) -> Takehome:
    """In-hand pay from ``pay``'s CTC under its regime, with every line of the waterfall."""
    india = rules.india
    state = None if pay.state is None else known_state(india, pay.state)
    pt_rules = None if state is None else india.professional_tax[state]
    state_name = "no state given" if pt_rules is None else pt_rules.name
    regime = india.regimes[pay.regime]
    metro = _is_metro(india, pay.city)
    split = _split(india, pay, metro)
    done = _outcome(rules, pay, split, state)
    fixed = _outcome(rules, pay, replace(split, variable=0), state)
    step = _outcome(rules, pay, split, state, extra=MARGINAL_STEP)
    year = india.tax_year
    components = [
        Line(key="basic", label="Basic", amount=split.basic),
        Line(key="hra", label="House rent allowance", amount=split.hra),
        Line(key="special", label="Special allowance", amount=split.special),
    ]
    if split.variable:
        components.append(Line(key="variable", label="Variable pay", amount=split.variable))
    if split.employer_nps:
        components.append(Line(key="employer_nps", label="Employer NPS", amount=split.employer_nps))
    if done.perquisite:
        components.append(
            Line(
                key="perquisite",
                label=f"Employer PF + NPS above {india.perquisite_limit:,} (perquisite)",
                amount=done.perquisite,
            )
        )
    taxes = (
        Line(key="income_tax", label="Income tax", amount=done.income_tax),
        Line(key="surcharge", label="Surcharge", amount=done.surcharge),
        Line(
            key="cess",
            label=f"Health and education cess {regime.cess_pct:g}%",
            amount=done.cess,
        ),
        Line(
            key="professional_tax",
            label=f"Professional tax ({state_name})",
            amount=None if state is None else done.professional_tax,
        ),
    )
    contributions = (
        Line(key="employee_pf", label="Employee PF (saved, yours)", amount=done.employee_pf),
        Line(key="employer_pf", label="Employer PF (saved, yours)", amount=split.employer_pf),
        Line(key="gratuity", label="Gratuity (paid on leaving)", amount=split.gratuity),
        Line(key="employer_nps", label="Employer NPS (saved, yours)", amount=split.employer_nps),
    )
    all_taxes = done.taxes
    sources: tuple[RuleSource, ...] = (
        rule_source(rules, f"{regime.label}: slabs, rebate, surcharge, cess", regime.source, year),
        rule_source(rules, "CTC structure defaults", india.structure.source, year),
        rule_source(rules, "Provident fund", india.provident_fund.source, year),
        rule_source(rules, "Gratuity", india.gratuity.source, year),
        rule_source(rules, "HRA metros", india.hra_metros.source, year),
        rule_source(rules, "Perquisite of PF + NPS above the limit", india.perquisite_source, year),
        rule_source(
            rules,
            "Rounding to 10 rupees",
            india.rounding.source,
            year,
            india.rounding.confirmed,
        ),
    )
    if pt_rules is not None:
        sources += (
            rule_source(
                rules,
                f"Professional tax, {pt_rules.name}",
                pt_rules.source,
                year,
                pt_rules.confirmed,
            ),
        )
    notes = [
        f"Structure: basic {split.basic * 100 / pay.ctc:.0f}% of CTC, HRA "
        f"{split.hra * 100 / split.basic:.0f}% of basic"
        f" ({'metro' if metro else 'non-metro'}), employer PF {pay.pf}, gratuity "
        f"{'inside CTC' if pay.gratuity else 'excluded'}.",
    ]
    if pay.regime == "new" and pay.rent_monthly:
        notes.append("The new regime gives no HRA exemption: --rent is not used.")
    if pt_rules is None:
        notes.append(
            "No --state: professional tax not counted (up to "
            f"{india.professional_tax_most:,} a year, e.g. KA, MH)."
        )
    if any(not source.confirmed for source in sources):
        notes.append("Figures marked unconfirmed below are the latest that could be found.")
    return Takehome(
        country="IN",
        currency="INR",
        tax_year=year,
        regime=pay.regime,
        state=state,
        state_name=state_name,
        filing=None,
        amount=pay.ctc,
        components=tuple(components),
        gross=done.gross,
        deductions=done.deductions,
        taxable_income=done.taxable,
        taxes=taxes,
        contributions=contributions,
        net_annual=done.net,
        net_monthly=fixed.net // 12,
        variable_net=done.net - fixed.net,
        effective_rate=round(all_taxes / done.gross, 4) if done.gross else 0.0,
        marginal_rate=round((step.taxes - all_taxes) / MARGINAL_STEP, 4),
        sources=sources,
        notes=tuple(notes),
    )
