"""``mlsal takehome``: from a CTC (India) or yearly pay (US) to take-home pay, as a waterfall."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from mlsal.cli.app import command_app
from mlsal.cli.completion import complete_city, complete_country, complete_state
from mlsal.cli.options import FormatOption, TaxDataOption, UnitsOption
from mlsal.errors import InputError, quoted
from mlsal.render import OutputFormat, Units
from mlsal.value import Value, frozen

if TYPE_CHECKING:
    from mlsal.render import View
    from mlsal.tax.models import TaxFile

takehome_app = command_app()

#: Country names ``--country`` takes (folded), and the code each means.
COUNTRIES = {
    "in": "IN", "india": "IN", "us": "US", "usa": "US", "united states": "US",
    "united states of america": "US",
}  # fmt: skip

CURRENCIES = {"IN": "INR", "US": "USD"}


class RegimeOption(StrEnum):
    """India's income-tax regime: new (the default), old, or both side by side."""

    new = "new"
    old = "old"
    both = "both"


class PfOption(StrEnum):
    """Employer PF: 12% of basic, 12% of the statutory wage ceiling, or none."""

    full = "full"
    statutory = "statutory"
    none = "none"


class FilingOption(StrEnum):
    """US filing status."""

    single = "single"
    joint = "joint"


def country_code(typed: str) -> str:
    """IN or US from what a person typed (``IN``, ``india``, ``usa``)."""
    code = COUNTRIES.get(" ".join(typed.replace("-", " ").split()).casefold())
    if code is None:
        raise InputError(f"unknown country '{quoted(typed)}' for takehome; valid: IN, US")
    return code


def parse_amount(text: str, currency: str, what: str) -> int:
    """An amount in the grammar of ``estimate --offer`` (32L, 1.2Cr, $185k, 185000)."""
    from mlsal.pay.offer import parse_offer

    try:
        return parse_offer(text, currency)
    except InputError as error:
        message = re.sub(r"\boffer\b", what, str(error))
        country = next(code for code, named in CURRENCIES.items() if named == currency)
        message = message.replace("this estimate is in", f"--country {country} takes")
        raise InputError(message) from None


def parse_stock(text: str) -> tuple[int, int]:
    """``VALUE/YEARS``: a grant's value in dollars and the years it vests over, evenly."""
    value, slash, years = text.rpartition("/")
    if not slash or not years.strip().isdigit():
        raise InputError(f"--stock '{quoted(text)}': write VALUE/YEARS, e.g. 400k/4")
    return parse_amount(value, "USD", "--stock"), int(years)


@frozen
class TakehomeRequest(Value):
    """One amount to take home, with the options of its country; checks them without data."""

    country: str
    amount: int
    regime: RegimeOption = RegimeOption.new
    state: str | None = None
    city: str | None = None
    basic: float | None = None
    pf: PfOption = PfOption.full
    gratuity: bool = True
    variable: float = 0.0
    hra: float | None = None
    nps: float = 0.0
    rent: int = 0
    section_80c: int = 0
    stock: tuple[int, int] | None = None
    pretax: int = 0
    filing: FilingOption = FilingOption.single
    local: str | None = None
    units: Units = Units.full

    def __post_init__(self) -> None:
        india_only = {
            "--basic": self.basic is not None,
            "--pf": self.pf is not PfOption.full,
            "--no-gratuity": not self.gratuity,
            "--variable": self.variable != 0,
            "--hra": self.hra is not None,
            "--nps": self.nps != 0,
            "--rent": self.rent != 0,
            "--80c": self.section_80c != 0,
            "--regime": self.regime is not RegimeOption.new,
            "--city": self.city is not None,
        }
        us_only = {
            "--stock": self.stock is not None,
            "--pretax": self.pretax != 0,
            "--filing": self.filing is not FilingOption.single,
            "--local": self.local is not None,
        }
        wrong = us_only if self.country == "IN" else india_only
        given = [name for name, used in wrong.items() if used]
        if given:
            other = "US" if self.country == "IN" else "IN"
            raise InputError(f"{given[0]} applies to --country {other} only")

    def view(self, rules: TaxFile) -> View:
        """The take-home of the amount under ``rules``."""
        if self.country == "US":
            from mlsal.render.takehome import takehome_view
            from mlsal.tax.us import UsPay, us_takehome

            value, years = self.stock or (0, 1)
            pay = UsPay(
                cash=self.amount,
                stock_value=value,
                stock_years=years,
                pretax=self.pretax,
                filing=self.filing.value,
                state=self.state,
                local=self.local,
            )
            return takehome_view(us_takehome(rules, pay), self.units)
        from mlsal.render.takehome import regimes_view, takehome_view
        from mlsal.tax.india import IndiaPay, india_takehome
        from mlsal.tax.result import RegimeChoice

        names = ("new", "old") if self.regime is RegimeOption.both else (self.regime.value,)
        results = tuple(
            india_takehome(
                rules,
                IndiaPay(
                    ctc=self.amount,
                    regime=name,  # type: ignore[arg-type]
                    state=self.state,
                    city=self.city,
                    basic_pct=self.basic,
                    pf=self.pf.value,
                    gratuity=self.gratuity,
                    variable_pct=self.variable,
                    hra_pct=self.hra,
                    nps_pct=self.nps,
                    rent_monthly=self.rent,
                    section_80c=self.section_80c,
                ),
            )
            for name in names
        )
        if len(results) == 1:
            return takehome_view(results[0], self.units)
        best = max(results, key=lambda r: r.net_annual)  # the first (new) on a tie
        return regimes_view(RegimeChoice(best=best, regimes=results), self.units)


@takehome_app.command(
    epilog=(
        "Examples:\n\n"
        "  mlsal takehome 30L --country IN --state KA\n\n"
        "  mlsal takehome 30L -c IN --state MH --city Mumbai --regime both --rent 40k\n\n"
        "  mlsal takehome '$200k' --country US --state CA --stock 400k/4 --pretax 23500"
    )
)
def takehome(
    amount: Annotated[
        str,
        typer.Argument(
            metavar="AMOUNT",
            help="India: yearly CTC (32L, 32 LPA, 1.2Cr); US: yearly cash pay ($200k, 200000).",
        ),
    ],
    country: Annotated[
        str,
        typer.Option(
            "--country",
            "-c",
            metavar="CODE",
            help="IN (CTC, Indian tax) or US (wages, US tax).",
            autocompletion=complete_country,
        ),
    ],
    state: Annotated[
        str | None,
        typer.Option(
            "--state",
            metavar="STATE",
            help="IN: state for professional tax (KA, MH, ...); US: state (default TX).",
            autocompletion=complete_state,
        ),
    ] = None,
    regime: Annotated[
        RegimeOption,
        typer.Option("--regime", case_sensitive=False, help="IN: income-tax regime."),
    ] = RegimeOption.new,
    city: Annotated[
        str | None,
        typer.Option(
            "--city",
            metavar="CITY",
            help="IN: city, for HRA's metro or non-metro rate.",
            autocompletion=complete_city,
        ),
    ] = None,
    basic: Annotated[
        str | None,
        typer.Option("--basic", metavar="PCT", help="IN: basic as % of CTC (default 50)."),
    ] = None,
    pf: Annotated[
        PfOption,
        typer.Option(
            "--pf",
            case_sensitive=False,
            help="IN: employer PF: 12% of basic, 12% of 15,000 a month, or none.",
        ),
    ] = PfOption.full,
    gratuity: Annotated[
        bool,
        typer.Option(
            "--gratuity/--no-gratuity", help="IN: gratuity (4.81% of basic) inside the CTC."
        ),
    ] = True,
    variable: Annotated[
        str | None,
        typer.Option("--variable", metavar="PCT", help="IN: variable pay as % of CTC (default 0)."),
    ] = None,
    hra: Annotated[
        str | None,
        typer.Option("--hra", metavar="PCT", help="IN: HRA as % of basic (50 metro, 40 else)."),
    ] = None,
    nps: Annotated[
        str | None,
        typer.Option("--nps", metavar="PCT", help="IN: employer NPS as % of basic (default 0)."),
    ] = None,
    rent: Annotated[
        str | None,
        typer.Option("--rent", metavar="MONTHLY", help="IN, old regime: rent paid a month."),
    ] = None,
    section_80c: Annotated[
        str | None,
        typer.Option("--80c", metavar="AMOUNT", help="IN, old regime: 80C beyond employee PF."),
    ] = None,
    stock: Annotated[
        str | None,
        typer.Option("--stock", metavar="VALUE/YEARS", help="US: a grant vesting evenly."),
    ] = None,
    pretax: Annotated[
        str | None,
        typer.Option("--pretax", metavar="AMOUNT", help="US: 401(k) and pre-tax premiums."),
    ] = None,
    filing: Annotated[
        FilingOption,
        typer.Option("--filing", case_sensitive=False, help="US: filing status."),
    ] = FilingOption.single,
    local: Annotated[
        str | None, typer.Option("--local", metavar="CITY", help="US: city income tax (nyc).")
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.full,
    tax_data: TaxDataOption = None,
) -> None:
    """Take-home pay: a waterfall from the amount to the net per year and month.

    Every tax and contribution on its own line, the effective and marginal rate, the tax
    year and the source of each rule (mlsal docs takehome).
    """
    from mlsal.render import emit
    from mlsal.tax.loader import load_tax, tax_path

    code = country_code(country)
    currency = CURRENCIES[code]
    if amount.strip().startswith("-"):
        raise InputError(f"amount '{quoted(amount)}' must be above zero")
    request = TakehomeRequest(
        country=code,
        amount=parse_amount(amount, currency, "amount"),
        regime=regime,
        state=state,
        city=city,
        basic=_percent(basic, "--basic"),
        pf=pf,
        gratuity=gratuity,
        variable=_percent(variable, "--variable") or 0.0,
        hra=_percent(hra, "--hra"),
        nps=_percent(nps, "--nps") or 0.0,
        rent=0 if rent is None else _monthly(rent),
        section_80c=0 if section_80c is None else parse_amount(section_80c, "INR", "--80c"),
        stock=None if stock is None else parse_stock(stock),
        pretax=0 if pretax is None else parse_amount(pretax, "USD", "--pretax"),
        filing=filing,
        local=local,
        units=units,
    )
    emit(request.view(load_tax(tax_path(tax_data))), output_format)


def _percent(text: str | None, what: str) -> float | None:
    """A percentage option as typed (``40``, ``12.5``), None when it is not given."""
    from mlsal.pay.estimate import parse_decimal

    return None if text is None else parse_decimal(text, what)


def _monthly(text: str) -> int:
    """A monthly rent: digits, or the amount grammar (40k)."""
    typed = text.strip().replace(",", "")
    if typed.isdigit():
        return int(typed)
    return parse_amount(text, "INR", "--rent")
