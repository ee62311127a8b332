"""``mlsal estimate``: the ranged estimate for one profile, and where an offer falls in it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from mlsal.cli.app import command_app
from mlsal.cli.command import show
from mlsal.cli.options import (
    CityOption,
    CountryOption,
    DataOption,
    EducationOption,
    EmployerOption,
    FormatOption,
    RoleOption,
    SkillOption,
    UnitsOption,
    YearsOption,
)
from mlsal.errors import InputError
from mlsal.render import OutputFormat, Units
from mlsal.value import Value, frozen

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile
    from mlsal.pay.estimate import Estimate, Profile
    from mlsal.render import View

estimate_app = command_app()


@frozen
class EstimateRequest(Value):
    """One profile to estimate, and optionally an offer to place in its range."""

    profile: Profile
    offer: str | None = None
    units: Units = Units.local
    net: bool = False

    def __post_init__(self) -> None:
        if self.offer is not None and not self.offer.strip():
            raise InputError("--offer is empty; give an amount such as 32L or $185k")

    def view(self, bands: BandsFile) -> View:
        """Estimate the profile (and place the offer) on ``bands``."""
        from mlsal.pay.estimate import estimate_salary
        from mlsal.render.estimate import estimate_view

        result = estimate_salary(bands, self.profile)
        if self.offer is None:
            return self._with_net(estimate_view(result, self.units), result, None)
        from mlsal.pay.offer import check_offer  # only when an offer is placed

        placed = check_offer(result, self.offer)
        return self._with_net(estimate_view(result, self.units, placed), result, placed.amount)

    def _with_net(self, view: View, result: Estimate, offer: int | None) -> View:
        """With --net: the take-home of low, mid, high (and the offer) added to the view."""
        if not self.net:
            return view
        from mlsal.render.net import estimate_with_net
        from mlsal.tax.loader import load_tax, tax_path
        from mlsal.tax.net import net_range

        amounts = (result.low, result.mid, result.high)
        net = net_range(load_tax(tax_path(None)), result.country, amounts, offer=offer)
        return estimate_with_net(view, net, result.currency, result.locale, self.units)


def _moved(value: str | None) -> None:
    if value is not None:
        raise InputError(
            "estimate --input has become its own command: mlsal batch PROFILES.csv "
            "(same columns; --output, --format csv|json)"
        )


@estimate_app.command(
    epilog=(
        "Examples:\n\n"
        "  mlsal estimate --country IN --years 5 --city Bengaluru --skill nlp\n\n"
        "  mlsal estimate --country US --years 2 --format json\n\n"
        "  mlsal estimate -c IN -y 5 --employer product --offer 32L"
    )
)
def estimate(
    country: CountryOption,
    years: YearsOption,
    city: CityOption = None,
    skill: SkillOption = None,
    education: EducationOption = None,
    employer: EmployerOption = None,
    role: RoleOption = None,
    offer: Annotated[
        str | None,
        typer.Option(
            metavar="AMOUNT",
            help="An offer to place in the range: 32L, 32 lakh, 32 LPA, 1.2Cr, $185k, 185000.",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.local,
    net: Annotated[
        bool,
        typer.Option(
            "--net",
            help="Add take-home pay of low, mid, high (and the offer), default structure.",
        ),
    ] = False,
    data: DataOption = None,
    _input: Annotated[
        str | None,
        typer.Option(
            "--input",
            "-i",
            hidden=True,
            is_eager=True,
            callback=_moved,
            help="Moved: mlsal batch PROFILES.csv.",
        ),
    ] = None,
) -> None:
    """Estimate pay for one profile: range, breakdown by factor, and career path.

    Options left out are neutral (multiplier 1). For a whole file of profiles: mlsal batch.
    """
    from mlsal.pay.estimate import Profile, parse_years

    profile = Profile(
        country=country,
        years=parse_years(years),
        skill=skill,
        education=education,
        city=city,
        employer=employer,
        role=role,
    )
    request = EstimateRequest(profile=profile, offer=offer, units=units, net=net)
    show(request, data=data, output_format=output_format)
