"""``mlsal estimate``: the ranged estimate for one profile."""

from __future__ import annotations

from typing import Annotated

import typer

from mlsal.cli.app import DataOption, FormatOption, UnitsOption, app, domain_errors
from mlsal.cli.completion import (
    complete_city,
    complete_country,
    complete_education,
    complete_employer,
    complete_skill,
)
from mlsal.render import OutputFormat, Units


@app.command(
    epilog=(
        "Examples:\n\n"
        "  mlsal estimate --country IN --years 5 --city Bengaluru --skill nlp\n\n"
        "  mlsal estimate --country US --years 2 --format json"
    )
)
def estimate(
    country: Annotated[
        str,
        typer.Option(
            "--country",
            "-c",
            help="Country code or name: IN, US, india, usa.",
            autocompletion=complete_country,
        ),
    ],
    years: Annotated[
        str,
        typer.Option(
            "--years",
            "-y",
            metavar="YEARS",
            help="Years of experience, 0 to 60; may be fractional.",
        ),
    ],
    city: Annotated[
        str | None,
        typer.Option(
            help="City or metro area (aliases such as Bangalore work).",
            autocompletion=complete_city,
        ),
    ] = None,
    skill: Annotated[
        str | None,
        typer.Option(
            help="Specialization: general, deep-learning, computer-vision, nlp, ...",
            autocompletion=complete_skill,
        ),
    ] = None,
    education: Annotated[
        str | None,
        typer.Option(
            "--education",
            "--cert",
            help="Certification / education: none, certification, portfolio, ms, phd.",
            autocompletion=complete_education,
        ),
    ] = None,
    employer: Annotated[
        str | None,
        typer.Option(
            help="Employer type: it-services, product, big-tech, ...",
            autocompletion=complete_employer,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.local,
    data: DataOption = None,
) -> None:
    """Estimate pay for one profile: range, breakdown by factor, and career path.

    Options left out are neutral (multiplier 1).
    """
    from mlsal.bandsfile import data_path, load_bands
    from mlsal.estimate import Profile, estimate_salary, parse_years
    from mlsal.render import print_renderables, write_csv, write_json
    from mlsal.render.estimate import (
        CSV_HEADER,
        estimate_payload,
        estimate_renderables,
        estimate_row,
    )

    with domain_errors():
        bands = load_bands(data_path(data))
        profile = Profile(
            country=country,
            years=parse_years(years),
            skill=skill,
            education=education,
            city=city,
            employer=employer,
        )
        result = estimate_salary(bands, profile)
    if output_format is OutputFormat.json:
        write_json("estimate", estimate_payload(result))
    elif output_format is OutputFormat.csv:
        write_csv(CSV_HEADER, [estimate_row(result)])
    else:
        print_renderables(estimate_renderables(result, units))
