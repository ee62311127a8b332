"""Take-home pay, India and US: golden cases worked by hand from the statutes, a table of cases
around every threshold, and the laws the computation must keep (Hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlsal.errors import InputError
from mlsal.tax.india import IndiaPay, income_tax, india_takehome, round_to
from mlsal.tax.loader import load_tax
from mlsal.tax.models import TaxFile
from mlsal.tax.result import Takehome
from mlsal.tax.us import UsPay, us_takehome

RULES: TaxFile = load_tax()
NEW = RULES.india.regimes["new"]
OLD = RULES.india.regimes["old"]


def amounts(result: Takehome, part: str) -> dict[str, int | None]:
    lines = getattr(result, part)
    return {line.key: line.amount for line in lines}


# --- India: the worked example of the reference notes --------------------------------------


def test_the_worked_example_30_lakh_new_regime_karnataka() -> None:
    """CTC 30 lakh, basic 50%, employer PF 12% of basic, gratuity 4.81% of basic, KA.

    By hand: basic 15,00,000; employer PF 1,80,000; gratuity 72,150; gross salary
    30,00,000 - 1,80,000 - 72,150 = 27,47,850; taxable 27,47,850 - 75,000 = 26,72,850.
    Tax: 5% of 4 L + 10% of 4 L + 15% of 4 L + 20% of 4 L + 25% of 4 L = 3,00,000, and 30%
    of 2,72,850 = 81,855: 3,81,855. Cess 4% = 15,274.20: 3,97,129.20, which section 288B
    rounds to 3,97,130 (the cess line carries the 0.80). In-hand 27,47,850 - 3,97,130 -
    1,80,000 (employee PF) - 2,500 (KA professional tax) = 21,68,220.

    The reference notes say "about 21,68,221": they subtract the tax before rounding
    (3,97,129.20, giving 21,68,220.80). mlsal rounds the tax as section 288B says.
    """
    result = india_takehome(RULES, IndiaPay(ctc=3_000_000, state="KA"))
    assert amounts(result, "contributions") == {
        "employee_pf": 180_000,
        "employer_pf": 180_000,
        "gratuity": 72_150,
        "employer_nps": 0,
    }
    assert result.gross == 2_747_850
    assert result.taxable_income == 2_672_850
    assert amounts(result, "taxes") == {
        "income_tax": 381_855,
        "surcharge": 0,
        "cess": 15_275,
        "professional_tax": 2_500,
    }
    assert result.net_annual == 2_168_220
    assert result.net_monthly == 2_168_220 // 12
    assert result.effective_rate == round((397_130 + 2_500) / 2_747_850, 4)
    assert result.marginal_rate == 0.31  # 30% + 4% cess on 1,000 = 312, rounded to 10


def test_the_old_regime_with_rent_and_80c_by_hand() -> None:
    """Same CTC, old regime, rent 40,000 a month in Bengaluru (not a Rule 2A metro).

    HRA 40% of basic = 6,00,000; exemption = least of 6,00,000, 4,80,000 - 1,50,000 =
    3,30,000 and 40% of basic 6,00,000: 3,30,000. 80C: the employee PF 1,80,000, capped at
    1,50,000. Taxable 27,47,850 - 50,000 - 3,30,000 - 2,500 - 1,50,000 = 22,15,350.
    Tax 12,500 + 1,00,000 + 30% of 12,15,350 (3,64,605) = 4,77,105; cess 19,084.20;
    4,96,189.20 rounds to 4,96,190. In-hand 27,47,850 - 4,96,190 - 1,80,000 - 2,500.
    """
    pay = IndiaPay(ctc=3_000_000, state="KA", regime="old", rent_monthly=40_000, city="Bengaluru")
    result = india_takehome(RULES, pay)
    assert amounts(result, "deductions") == {
        "standard_deduction": 50_000,
        "hra_exemption": 330_000,
        "professional_tax": 2_500,
        "section_80c": 150_000,
    }
    assert result.taxable_income == 2_215_350
    assert amounts(result, "taxes")["income_tax"] == 477_105
    assert amounts(result, "taxes")["cess"] == 19_085
    assert result.net_annual == 2_747_850 - 496_190 - 180_000 - 2_500


def test_a_metro_city_takes_hra_at_half_of_basic() -> None:
    result = india_takehome(RULES, IndiaPay(ctc=2_000_000, state="MH", city="Mumbai"))
    assert amounts(result, "components")["hra"] == 500_000  # 50% of basic 10,00,000


def test_employer_nps_is_deducted_up_to_its_cap_and_pf_plus_nps_above_the_limit_is_taxed() -> None:
    """CTC 1.5 Cr, NPS 14% of basic: basic 75,00,000; PF 9,00,000; NPS 10,50,000.
    Deduction min(10,50,000, 14% of basic) = 10,50,000; perquisite 9,00,000 + 10,50,000 -
    7,50,000 = 12,00,000."""
    result = india_takehome(RULES, IndiaPay(ctc=15_000_000, state="KA", nps_pct=14))
    assert amounts(result, "deductions")["employer_nps"] == 1_050_000
    assert amounts(result, "components")["perquisite"] == 1_200_000


def test_statutory_pf_is_12_percent_of_15000_a_month() -> None:
    result = india_takehome(RULES, IndiaPay(ctc=3_000_000, state="DL", pf="statutory"))
    assert amounts(result, "contributions")["employer_pf"] == 21_600
    assert amounts(result, "taxes")["professional_tax"] == 0


def test_variable_pay_is_out_of_the_monthly_figure() -> None:
    result = india_takehome(RULES, IndiaPay(ctc=3_000_000, state="KA", variable_pct=10))
    assert amounts(result, "components")["variable"] == 300_000
    assert result.net_annual - 11 <= result.net_monthly * 12 + result.variable_net
    assert result.net_monthly * 12 + result.variable_net <= result.net_annual
    assert 0 < result.variable_net < 300_000


@pytest.mark.parametrize(
    ("pay", "message"),
    [
        (
            {"ctc": 3_000_000, "state": "GJ"},
            "no professional-tax rules for state 'GJ' in the tax data; "
            "known: DL, HR, KA, MH, TN, TS, UP",
        ),
        ({"ctc": 3_000_000, "state": "KA", "basic_pct": 120}, "--basic must be a percent"),
        (
            {"ctc": 3_000_000, "state": "KA", "basic_pct": 60, "hra_pct": 100},
            "the structure takes 3,902,580 of a CTC of 3,000,000",
        ),
    ],
)
def test_india_refusals(pay: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as raised:
        india_takehome(RULES, IndiaPay(**pay))  # type: ignore[arg-type]
    assert message in str(raised.value)


# --- India: around every threshold (tax, surcharge and cess exact; total rounded) ------------


def total(taxable: int, regime_name: str) -> int:
    """Income tax + surcharge + cess, rounded to 10 rupees as section 288B says."""
    tax, surcharge, cess = income_tax(taxable, RULES.india.regimes[regime_name])  # type: ignore[index]
    return round_to(tax + surcharge + cess, 10)


@pytest.mark.parametrize(
    ("regime", "taxable", "tax", "surcharge", "expected"),
    [
        # new regime rebate: 60,000 of slab tax at 12 lakh, all rebated
        ("new", 1_200_000, "0", "0", 0),
        # 10 rupees above: slab tax 60,001.50, marginal relief caps it at 10; cess 0.40
        ("new", 1_200_010, "10", "0", 10),
        # relief still binds: slab tax 70,587 > 70,580 above the limit; cess 2,823.20
        ("new", 1_270_580, "70580", "0", 73_400),
        # relief over: slab tax 72,000 < 80,000 above the limit; cess 2,880
        ("new", 1_280_000, "72000", "0", 74_880),
        # 50 lakh: no surcharge yet; 10,80,000 + cess 43,200
        ("new", 5_000_000, "1080000", "0", 1_123_200),
        # 10,000 above: 10% would be 1,08,300; relief caps tax + surcharge at 10,90,000
        ("new", 5_010_000, "1083000", "7000", 1_133_600),
        # 1 crore: 25,80,000 + 10% 2,58,000, + cess 1,13,520
        ("new", 10_000_000, "2580000", "258000", 2_951_520),
        # 10,000 above: 15% would be 3,87,450; cap 28,38,000 + 10,000 - 25,83,000
        ("new", 10_010_000, "2583000", "265000", 2_961_920),
        # 2 crore: 55,80,000 + 15% 8,37,000
        ("new", 20_000_000, "5580000", "837000", 6_673_680),
        # 10,000 above: 25% would be 13,95,750; cap 64,17,000 + 10,000 - 55,83,000
        ("new", 20_010_000, "5583000", "844000", 6_684_080),
        # old regime rebate: 12,500 at 5 lakh, all rebated; 10 rupees above (20% slab), no
        # relief: 12,502 + cess 500.08
        ("old", 500_000, "0", "0", 0),
        ("old", 500_010, "12502", "0", 13_000),
        # old regime 5 crore: 1,48,12,500 + 25% 37,03,125; 10,000 above, 37% capped
        ("old", 50_000_000, "14812500", "3703125", 19_256_250),
        ("old", 50_010_000, "14815500", "3710125", 19_266_650),
    ],
)
def test_india_around_each_threshold(
    regime: str, taxable: int, tax: str, surcharge: str, expected: int
) -> None:
    found_tax, found_surcharge, _ = income_tax(taxable, RULES.india.regimes[regime])  # type: ignore[index]
    assert (found_tax, found_surcharge) == (Decimal(tax), Decimal(surcharge))
    assert total(taxable, regime) == expected


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [("0", 0), ("4", 0), ("5", 10), ("14.99", 10), ("15", 20), ("397129.20", 397130)],
)
def test_rounding_to_10_rupees_drops_paise_then_rounds_half_up(amount: str, rounded: int) -> None:
    assert round_to(Decimal(amount), 10) == rounded


@pytest.mark.parametrize(
    ("state", "monthly", "annual"),
    [("KA", 24_999, 0), ("KA", 25_000, 2_500), ("MH", 7_500, 0), ("MH", 10_001, 2_500)],
)
def test_professional_tax_slabs(state: str, monthly: int, annual: int) -> None:
    from mlsal.tax.india import professional_tax

    assert professional_tax(RULES.india, state, monthly) == annual


# --- US: by hand, and around the wage base and the Additional Medicare threshold -------------


def test_200k_single_in_california_by_hand() -> None:
    """Federal: taxable 200,000 - 16,100 = 183,900; 10% of 12,400 (1,240) + 12% of 38,000
    (4,560) + 22% of 55,300 (12,166) + 24% of 78,200 (18,768) = 36,734. Social Security 6.2%
    of 184,500 = 11,439; Medicare 1.45% = 2,900. California (2025 schedule): taxable
    194,294; 110.79 + 303.70 + 607.52 + 965.40 + 1,214.56 + 9.3% of 121,570 (11,306.01) =
    14,507.98, less the exemption credit 153: 14,355. SDI 1.3% = 2,600."""
    result = us_takehome(RULES, UsPay(cash=200_000, state="CA"))
    assert amounts(result, "taxes") == {
        "federal_income_tax": 36_734,
        "social_security": 11_439,
        "medicare": 2_900,
        "state_income_tax": 14_355,
        "local_income_tax": None,
        "state_payroll": 2_600,
    }
    assert result.net_annual == 131_972
    assert result.net_monthly == 10_997


def test_new_york_city_200k_single_by_hand() -> None:
    """NY taxable 192,000 with AGI 200,000 (over 157,650): all at 5.9% = 11,328. NYC: 3.078%
    of 12,000 + 3.762% of 13,000 + 3.819% of 25,000 + 3.876% of 142,000 = 7,317.09."""
    result = us_takehome(RULES, UsPay(cash=200_000, state="NY", local="nyc"))
    taxes = amounts(result, "taxes")
    assert (taxes["state_income_tax"], taxes["local_income_tax"]) == (11_328, 7_317)


@pytest.mark.parametrize(
    ("state", "state_tax", "payroll"),
    [
        ("TX", 0, None),
        ("WA", 0, 1_489 + 1_160),  # PFML 0.8071% of 184,500; WA Cares 0.58% of 200,000
        ("MA", 9_780, 849),  # 5% of 200,000 - 4,400; PFML 0.46% of 184,500
    ],
)
def test_other_states_by_hand(state: str, state_tax: int, payroll: int | None) -> None:
    taxes = amounts(us_takehome(RULES, UsPay(cash=200_000, state=state)), "taxes")
    assert (taxes["state_income_tax"], taxes["state_payroll"]) == (state_tax, payroll)


def test_joint_300k_federal_by_hand() -> None:
    """Taxable 300,000 - 32,200 = 267,800: 2,480 + 9,120 + 24,332 + 24% of 56,400 (13,536)."""
    taxes = amounts(us_takehome(RULES, UsPay(cash=300_000, filing="joint")), "taxes")
    assert taxes["federal_income_tax"] == 49_468


@pytest.mark.parametrize(
    ("wages", "filing", "social_security", "medicare"),
    [
        (184_499, "single", 11_439, 2_675),  # 11,438.94
        (184_500, "single", 11_439, 2_675),  # the wage base
        (184_501, "single", 11_439, 2_675),
        (200_000, "single", 11_439, 2_900),  # the Additional Medicare threshold
        (200_100, "single", 11_439, 2_902),  # 2,901.45 + 0.90
        (210_000, "single", 11_439, 3_135),  # 3,045 + 90
        (250_000, "joint", 11_439, 3_625),
        (260_000, "joint", 11_439, 3_860),  # 3,770 + 90
    ],
)
def test_payroll_around_the_wage_base_and_additional_medicare(
    wages: int, filing: str, social_security: int, medicare: int
) -> None:
    result = us_takehome(RULES, UsPay(cash=wages, filing=filing))  # type: ignore[arg-type]
    taxes = amounts(result, "taxes")
    assert (taxes["social_security"], taxes["medicare"]) == (social_security, medicare)


def test_pretax_leaves_income_tax_wages_but_not_payroll_wages() -> None:
    plain = amounts(us_takehome(RULES, UsPay(cash=150_000)), "taxes")
    deferred = amounts(us_takehome(RULES, UsPay(cash=150_000, pretax=20_000)), "taxes")
    assert deferred["social_security"] == plain["social_security"]
    assert deferred["medicare"] == plain["medicare"]
    # 20,000 less in the 24% bracket (taxable 133,900 -> 113,900)
    assert plain["federal_income_tax"] - deferred["federal_income_tax"] == 4_800  # type: ignore[operator]


def test_stock_vests_evenly_and_is_taxed_as_wages() -> None:
    result = us_takehome(RULES, UsPay(cash=150_000, stock_value=200_000, stock_years=4))
    assert result.gross == 200_000
    assert amounts(result, "components") == {"cash": 150_000, "stock": 50_000}


@pytest.mark.parametrize(
    ("pay", "message"),
    [
        (
            {"cash": 100_000, "state": "FL"},
            "no tax rules for US state 'FL' in the tax data; known: CA, MA, NY, TX, WA",
        ),
        (
            {"cash": 100_000, "state": "CA", "local": "nyc"},
            "no local income tax 'nyc' in California in the tax data; known: nyc (NY)",
        ),
        ({"cash": 100_000, "pretax": 200_000}, "--pretax (200,000) is more than the wages"),
    ],
)
def test_us_refusals(pay: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as raised:
        us_takehome(RULES, UsPay(**pay))  # type: ignore[arg-type]
    assert message in str(raised.value)


# --- Laws ------------------------------------------------------------------------------------

ctcs = st.integers(min_value=300_000, max_value=80_000_000)
regimes = st.sampled_from(["new", "old"])
india_states = st.sampled_from(["KA", "MH", "DL", "TS"])


def india_parts_add_up(result: Takehome) -> bool:
    contributions = sum(line.amount or 0 for line in result.contributions)
    return result.net_annual + result.total_tax + contributions == result.amount


@given(ctc=ctcs, regime=regimes, state=india_states, nps=st.sampled_from([0.0, 10.0, 14.0]))
def test_india_taxes_are_never_negative_and_the_parts_add_up(
    ctc: int, regime: str, state: str, nps: float
) -> None:
    result = india_takehome(
        RULES,
        IndiaPay(ctc=ctc, regime=regime, state=state, nps_pct=nps),  # type: ignore[arg-type]
    )
    assert all((line.amount or 0) >= 0 for line in result.taxes)
    assert india_parts_add_up(result)


def kept(result: Takehome) -> int:
    """What the employee keeps: the CTC less every tax, in hand or saved (employee and employer
    PF, NPS, gratuity). In-hand pay alone falls wherever tax takes the whole rise, since PF
    rises with basic; and a perquisite (employer PF + NPS above 7.5 lakh) is taxed though it
    is not paid in cash."""
    return result.amount - result.total_tax


def india_allowed_fall(low: Takehome, high: Takehome) -> int:
    """How far the law itself lets kept pay fall from ``low`` to ``high`` (more CTC).

    - The 4% cess on the tax after marginal relief (just above the new regime's rebate limit
      and each surcharge threshold): there tax + surcharge rises rupee for rupee with income,
      and the cess on it takes 4% of the rise.
    - Rounding to 10 rupees, of income (section 288A) and of tax (288B): 10 each.
    - The old regime's rebate, which has no marginal relief: crossing 5 lakh of taxable
      income costs the rebate (12,500) and its cess.
    - Professional-tax slabs: crossing a slab costs its step.
    """
    cess = (high.gross - low.gross) * 4 // 100 + 1
    rounding = 20
    rebate = 0
    if low.regime == "old" and low.taxable_income <= 500_000 < high.taxable_income:
        rebate = 13_000
    professional = max(
        0,
        amounts(high, "taxes")["professional_tax"] - amounts(low, "taxes")["professional_tax"],  # type: ignore[operator]
    )
    return cess + rounding + rebate + professional


def cash_only(ctc: int, regime: str, state: str) -> IndiaPay:
    """A CTC paid all as salary (no PF, no gratuity): gross pay is the CTC, and in-hand pay
    is gross less tax, so any fall of in-hand pay is the tax's doing."""
    return IndiaPay(ctc=ctc, regime=regime, state=state, pf="none", gratuity=False)  # type: ignore[arg-type]


@given(ctc=ctcs, rise=st.integers(1, 200_000), regime=regimes, state=india_states)
def test_india_in_hand_never_falls_when_gross_rises_except_where_the_law_makes_it(
    ctc: int, rise: int, regime: str, state: str
) -> None:
    low = india_takehome(RULES, cash_only(ctc, regime, state))
    high = india_takehome(RULES, cash_only(ctc + rise, regime, state))
    assert high.gross - low.gross == rise
    assert high.net_annual >= low.net_annual - india_allowed_fall(low, high)


@given(ctc=ctcs, rise=st.integers(1, 200_000), regime=regimes, state=india_states)
def test_india_pay_kept_never_falls_with_the_default_structure_either(
    ctc: int, rise: int, regime: str, state: str
) -> None:
    """With PF and gratuity inside the CTC, the amount less every tax, by the same bound."""
    low = india_takehome(RULES, IndiaPay(ctc=ctc, regime=regime, state=state))  # type: ignore[arg-type]
    high = india_takehome(RULES, IndiaPay(ctc=ctc + rise, regime=regime, state=state))  # type: ignore[arg-type]
    assert kept(high) >= kept(low) - india_allowed_fall(low, high)


@pytest.mark.parametrize(
    ("ctc", "rise", "regime"),
    [
        (1_280_000, 2_000, "new"),  # taxable just above 12 lakh: the rebate's marginal relief
        (5_100_000, 10_000, "new"),  # just above 50 lakh of taxable income: surcharge relief
        (10_090_000, 10_000, "new"),  # just above 1 crore
        (20_090_000, 10_000, "new"),  # just above 2 crore
        (549_000, 2_000, "old"),  # across 5 lakh taxable: the old regime's rebate, no relief
    ],
)
def test_the_named_falls_do_happen_and_stay_within_their_bound(
    ctc: int, rise: int, regime: str
) -> None:
    """The exceptions are real: there in-hand pay does fall as gross rises, within the bound."""
    low = india_takehome(RULES, cash_only(ctc, regime, "DL"))
    high = india_takehome(RULES, cash_only(ctc + rise, regime, "DL"))
    assert high.net_annual < low.net_annual
    assert low.net_annual - high.net_annual <= india_allowed_fall(low, high)


wages = st.integers(min_value=10_000, max_value=2_000_000)
us_states = st.sampled_from(["TX", "CA", "WA", "MA", "NY"])
filings = st.sampled_from(["single", "joint"])


@given(cash=wages, state=us_states, filing=filings, pretax=st.integers(0, 23_000))
def test_us_taxes_are_never_negative_and_the_parts_add_up(
    cash: int, state: str, filing: str, pretax: int
) -> None:
    result = us_takehome(
        RULES,
        UsPay(cash=cash, state=state, filing=filing, pretax=min(pretax, cash)),  # type: ignore[arg-type]
    )
    assert all((line.amount or 0) >= 0 for line in result.taxes)
    assert result.net_annual + result.total_tax + min(pretax, cash) == result.amount


def us_allowed_fall(state: str) -> int:
    """How far US take-home may fall when wages rise: each of the six tax lines is rounded to
    the dollar (6); New York's supplemental tax recaptures a bracket's benefit from the
    bracket's floor, a share of which is charged at once when taxable income enters the
    bracket (AGI is already above the floor by the deductions): at most 8,000 / 50,000 of
    the largest increment, (10.3% - 9.65%) of 25,000,000 = 162,500, so 26,000."""
    return 6 + (26_000 if state == "NY" else 0)


@given(cash=wages, rise=st.integers(1, 50_000), state=us_states, filing=filings)
def test_us_net_never_falls_when_wages_rise(cash: int, rise: int, state: str, filing: str) -> None:
    low = us_takehome(RULES, UsPay(cash=cash, state=state, filing=filing))  # type: ignore[arg-type]
    high = us_takehome(RULES, UsPay(cash=cash + rise, state=state, filing=filing))  # type: ignore[arg-type]
    assert high.net_annual >= low.net_annual - us_allowed_fall(state)


@given(
    amount=st.integers(min_value=10_000, max_value=500_000_000),
    country=st.sampled_from(["IN", "US"]),
    both=st.booleans(),
)
def test_every_accepted_amount_renders(amount: int, country: str, both: bool) -> None:
    """The card, the JSON payload and the CSV rows of any amount build without error."""
    import io as text_io

    from rich.console import Console

    from mlsal.render import print_renderables
    from mlsal.render.takehome import regimes_view, takehome_view
    from mlsal.tax.result import RegimeChoice

    if country == "US":
        view = takehome_view(us_takehome(RULES, UsPay(cash=amount, state="NY", local="nyc")))
    else:
        results = tuple(
            india_takehome(RULES, IndiaPay(ctc=amount, regime=name, state="KA"))  # type: ignore[arg-type]
            for name in ("new", "old")
        )
        view = (
            regimes_view(
                RegimeChoice(best=max(results, key=lambda r: r.net_annual), regimes=results)
            )
            if both
            else takehome_view(results[0])
        )
    out = text_io.StringIO()
    print_renderables(view.renderables(), Console(file=out, width=100, color_system=None))
    assert "Take-home" in out.getvalue()
    assert view.payload()["net_annual"] <= amount
    assert all(len(row) == len(view.header) for row in view.rows())
