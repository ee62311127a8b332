"""``mlsal compare``: two countries side by side, nominal and by purchasing power."""

from __future__ import annotations

from typing import Annotated

import typer

from mlsal.cli.app import DataOption, FormatOption, UnitsOption, command_app, domain_errors
from mlsal.cli.completion import (
    complete_country,
    complete_education,
    complete_employer,
    complete_skill,
)
from mlsal.render import OutputFormat, Units

compare_app = command_app()


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
            autocompletion=complete_country,
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
    skill: Annotated[
        str | None,
        typer.Option(
            help="Specialization for the profile (needs --years).", autocompletion=complete_skill
        ),
    ] = None,
    education: Annotated[
        str | None,
        typer.Option(
            "--education",
            "--cert",
            help="Education for the profile (needs --years).",
            autocompletion=complete_education,
        ),
    ] = None,
    employer: Annotated[
        str | None,
        typer.Option(
            help="Employer type for the profile (needs --years).",
            autocompletion=complete_employer,
        ),
    ] = None,
    fx: Annotated[
        float | None,
        typer.Option(
            "--fx",
            metavar="RATE",
            help="Exchange rate to use instead of the data file's, in its direction "
            "(INR per USD for India and the US).",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.compact,
    data: DataOption = None,
) -> None:
    """Compare pay in two countries: own currency, at an exchange rate, and by PPP.

    Without --years, one row per experience level; with it, one profile in both countries.
    """
    from mlsal.bands.loader import data_path, load_bands
    from mlsal.errors import InputError
    from mlsal.pay.compare import compare_countries
    from mlsal.pay.estimate import Profile, parse_years
    from mlsal.render import emit
    from mlsal.render.compare import (
        CSV_HEADER,
        compare_payload,
        compare_renderables,
        compare_rows,
    )

    with domain_errors():
        profile = None
        if years is not None:
            profile = Profile(
                country=first,
                years=parse_years(years),
                skill=skill,
                education=education,
                employer=employer,
            )
        elif any(value is not None for value in (skill, education, employer)):
            raise InputError("--skill, --education and --employer need --years")
        bands = load_bands(data_path(data))
        result = compare_countries(bands, first, second, profile=profile, fx=fx)
    emit(
        output_format,
        kind="compare",
        payload=lambda: compare_payload(result),
        header=CSV_HEADER,
        rows=lambda: compare_rows(result),
        renderables=lambda: compare_renderables(result, units),
    )
