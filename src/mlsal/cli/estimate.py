"""``mlsal estimate``: the ranged estimate for one profile."""

from __future__ import annotations

from typing import Annotated

import typer

from mlsal.cli.app import DataOption, FormatOption, UnitsOption, command_app, domain_errors, fail
from mlsal.cli.completion import (
    complete_city,
    complete_country,
    complete_education,
    complete_employer,
    complete_skill,
)
from mlsal.render import OutputFormat, Units

estimate_app = command_app()


@estimate_app.command(
    epilog=(
        "Examples:\n\n"
        "  mlsal estimate --country IN --years 5 --city Bengaluru --skill nlp\n\n"
        "  mlsal estimate --country US --years 2 --format json\n\n"
        "  mlsal estimate --input profiles.csv --format json --output estimates.jsonl"
    )
)
def estimate(
    ctx: typer.Context,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            help="Country code or name: IN, US, india, usa. Required without --input.",
            autocompletion=complete_country,
        ),
    ] = None,
    years: Annotated[
        str | None,
        typer.Option(
            "--years",
            "-y",
            metavar="YEARS",
            help="Years of experience, 0 to 60; may be fractional. Required without --input.",
        ),
    ] = None,
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
    offer: Annotated[
        str | None,
        typer.Option(
            metavar="AMOUNT",
            help="An offer to place in the range: 32L, 32 lakh, 32 LPA, 1.2Cr, $185k, 185000.",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.local,
    data: DataOption = None,
    input_path: Annotated[
        str | None,
        typer.Option(
            "--input",
            "-i",
            metavar="PATH|-",
            help=(
                "Estimate every row of a CSV file (- reads stdin): columns country, years and "
                "optionally city, skill, education, employer, offer. Writes csv (default) or "
                "json (JSON Lines)."
            ),
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="With --input: write here, not to stdout."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With --output: replace an existing file.")
    ] = False,
) -> None:
    """Estimate pay for one profile: range, breakdown by factor, and career path.

    Options left out are neutral (multiplier 1).
    """
    if input_path is not None or output is not None or force:
        _batch(ctx, input_path, output, force, output_format, data)
        return
    if country is None or years is None:
        from typer._click.exceptions import MissingParameter

        missing = "country" if country is None else "years"
        param = next(p for p in ctx.command.params if p.name == missing)
        raise MissingParameter(ctx=ctx, param=param)
    from mlsal.bands.loader import data_path, load_bands
    from mlsal.pay.estimate import Profile, estimate_salary, parse_years
    from mlsal.render import emit
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
        if offer is not None:
            from mlsal.pay.offer import check_offer  # pydantic models: only when an offer is placed

            placement = check_offer(result, offer)
    if offer is None:
        emit(
            output_format,
            kind="estimate",
            payload=lambda: estimate_payload(result),
            header=CSV_HEADER,
            rows=lambda: [estimate_row(result)],
            renderables=lambda: estimate_renderables(result, units),
        )
        return
    from mlsal.render.offer import CSV_COLUMNS as OFFER_COLUMNS
    from mlsal.render.offer import offer_columns, offer_payload, offer_renderables

    emit(
        output_format,
        kind="estimate",
        payload=lambda: {**estimate_payload(result), "offer": offer_payload(placement)},
        header=(*CSV_HEADER, *OFFER_COLUMNS),
        rows=lambda: [(*estimate_row(result), *offer_columns(placement))],
        renderables=lambda: [
            *estimate_renderables(result, units),
            *offer_renderables(placement, result.locale, units),
        ],
    )


def _batch(
    ctx: typer.Context,
    input_path: str | None,
    output: str | None,
    force: bool,
    output_format: OutputFormat,
    data: str | None,
) -> None:
    """``--input``: refuse single-profile options, default to csv, then run the batch."""
    from typer._click.core import ParameterSource

    if input_path is None:
        raise fail("--output and --force need --input", 2)
    given = [
        f"--{name}"
        for name in ("country", "years", "city", "skill", "education", "employer", "offer")
        if ctx.params.get(name) is not None
    ]
    if given:
        raise fail(f"{given[0]} cannot be combined with --input; put it in a column", 2)
    if ctx.get_parameter_source("output_format") is not ParameterSource.COMMANDLINE:
        output_format = OutputFormat.csv
    from mlsal.cli.batch import run_batch

    run_batch(source=input_path, output=output, force=force, output_format=output_format, data=data)
