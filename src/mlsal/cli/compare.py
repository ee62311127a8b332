"""``mlsal compare``: two countries side by side, nominal and by purchasing power."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from mlsal.cli.app import command_app
from mlsal.cli.command import show
from mlsal.cli.completion import (
    complete_city,
    complete_country,
    complete_other_country,
    complete_state,
)
from mlsal.cli.options import (
    DataOption,
    EducationOption,
    EmployerOption,
    FormatOption,
    RoleOption,
    SkillOption,
    UnitsOption,
)
from mlsal.errors import InputError
from mlsal.render import OutputFormat, Units
from mlsal.value import Value, frozen

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile
    from mlsal.pay.compare import Comparison, ExchangeUsed
    from mlsal.pay.estimate import Profile
    from mlsal.render import View

compare_app = command_app()


@frozen
class CompareRequest(Value):
    """Two countries to compare, per level or (with years) for one profile."""

    first: str
    second: str
    years: float | None = None
    skill: str | None = None
    education: str | None = None
    employer: str | None = None
    role: str | None = None
    fx: float | None = None
    units: Units = Units.compact
    net: bool = False
    state: str | None = None

    def __post_init__(self) -> None:
        if self.state is not None and not self.net:
            raise InputError("--state sets the US side's tax for take-home: add --net")
        self._profile()  # checked now, before any data is read

    def _profile(self) -> Profile | None:
        from mlsal.pay.compare import compare_profile

        return compare_profile(
            self.first,
            years=self.years,
            skill=self.skill,
            education=self.education,
            employer=self.employer,
            role=self.role,
            fx=self.fx,
            option=lambda name: f"--{name}",
        )

    def view(self, bands: BandsFile) -> View:
        """Compare the two countries on ``bands``."""
        from mlsal.pay.compare import compare_countries
        from mlsal.render.compare import compare_view

        profile = self._profile()
        result = compare_countries(bands, self.first, self.second, profile=profile, fx=self.fx)
        _warn_if_rate_is_old(bands, result.exchange)
        view = compare_view(result, self.units, suggest_net=not self.net)
        return self._with_net(view, result) if self.net else view

    def _with_net(self, view: View, result: Comparison) -> View:
        """Take-home per level in each country, own currency and at PPP (--state: US side)."""
        from mlsal.render.net import compare_with_net
        from mlsal.tax.loader import load_tax, tax_path
        from mlsal.tax.net import net_range

        rules = load_tax(tax_path(None))
        codes = (result.first.code, result.second.code)
        if self.state is not None and "US" not in codes:
            raise InputError("--state applies to the US side; neither country is US")
        nets = [
            tuple(
                net_range(
                    rules,
                    code,
                    (side.own.low, side.own.mid, side.own.high),
                    state=self.state if code == "US" else None,
                )
                for code, side in zip(codes, (row.first, row.second), strict=True)
            )
            for row in result.rows
        ]
        return compare_with_net(view, result, nets, self.units)  # type: ignore[arg-type]


def _warn_if_rate_is_old(bands: BandsFile, used: ExchangeUsed) -> None:
    """One warning line when the data file's rate was used and is older than 12 months."""
    if used.overridden or used.source is None or bands.rates is None:
        return
    from mlsal import io
    from mlsal.bands.freshness import rate_staleness, today

    for rate in bands.rates.exchange:
        if (rate.base, rate.quote, rate.source) == (used.base, used.quote, used.source):
            stale = rate_staleness(rate, today=today())
            if stale is not None:
                io.warning(str(stale))


def _no_city(value: str | None) -> None:
    if value is not None:
        raise InputError(
            "compare takes no --city: it compares the countries' bands, which describe "
            "each market as a whole; for pay in one city: mlsal estimate --country CODE "
            f"--years YEARS --city {value}"
        )


@compare_app.command(
    epilog=(
        "Examples:\n\n"
        "  mlsal compare IN US\n\n"
        "  mlsal compare IN US --years 5 --employer big-tech --fx 84.5\n\n"
        "  mlsal compare india usa --format json"
    )
)
def compare(
    first: Annotated[
        str,
        typer.Argument(
            metavar="FIRST",
            help="First country: code or name (IN, india).",
            autocompletion=complete_country,
        ),
    ],
    second: Annotated[
        str,
        typer.Argument(
            metavar="SECOND",
            help="Second country; amounts are converted to its currency.",
            autocompletion=complete_other_country,
        ),
    ],
    years: Annotated[
        str | None,
        typer.Option(
            "--years",
            "-y",
            metavar="YEARS",
            help="Compare one profile at these years (0 to 60), not each level.",
        ),
    ] = None,
    skill: SkillOption = None,
    education: EducationOption = None,
    employer: EmployerOption = None,
    role: RoleOption = None,
    fx: Annotated[
        str | None,
        typer.Option(
            "--fx",
            metavar="RATE",
            help="Exchange rate to use instead of the data file's, in its direction "
            "(INR per USD for India and the US).",
        ),
    ] = None,
    net: Annotated[
        bool,
        typer.Option(
            "--net",
            help="Add take-home pay per level, in own currency and at PPP (default structure).",
        ),
    ] = False,
    state: Annotated[
        str | None,
        typer.Option(
            "--state",
            metavar="STATE",
            help="With --net: US state for the US side's take-home (default TX, no income tax).",
            autocompletion=complete_state,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.compact,
    data: DataOption = None,
    _city: Annotated[
        str | None,
        typer.Option(
            "--city",
            hidden=True,
            is_eager=True,
            callback=_no_city,
            help="Not taken: compare works on whole countries.",
            autocompletion=complete_city,
        ),
    ] = None,
) -> None:
    """Compare pay in two countries: own currency, at an exchange rate, and by PPP.

    Without --years, one row per experience level; with it, one profile in both countries
    (--skill, --education, --employer and --role then apply to both).
    """
    from mlsal.pay.estimate import parse_decimal, parse_years

    request = CompareRequest(
        first=first,
        second=second,
        years=None if years is None else parse_years(years),
        skill=skill,
        education=education,
        employer=employer,
        role=role,
        fx=None if fx is None else parse_decimal(fx, "--fx"),
        units=units,
        net=net,
        state=state,
    )
    show(request, data=data, output_format=output_format)
