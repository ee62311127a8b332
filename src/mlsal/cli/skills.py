"""``mlsal skills``: specializations by pay impact and the article's essential skills."""

from __future__ import annotations

from typing import Annotated

import typer

from mlsal.cli.app import DataOption, FormatOption, command_app, domain_errors
from mlsal.cli.completion import complete_country
from mlsal.render import OutputFormat

skills_app = command_app()


@skills_app.command(
    epilog="Examples:\n\n  mlsal skills\n\n  mlsal skills --country IN --format json"
)
def skills(
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            help="Only this country's specializations: IN, US, ...",
            autocompletion=complete_country,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    data: DataOption = None,
) -> None:
    """Specializations with their multiplier per country, highest first, with the evidence;
    then the essential skills the article names, what each is for and its tools.

    CSV holds the specializations; JSON holds both.
    """
    from mlsal.bands.loader import data_path, load_bands
    from mlsal.pay.catalog import skills_report
    from mlsal.render import emit
    from mlsal.render.skills import CSV_HEADER, skills_payload, skills_renderables, skills_rows

    with domain_errors():
        report = skills_report(load_bands(data_path(data)), country=country)
    emit(
        output_format,
        kind="skills",
        payload=lambda: skills_payload(report),
        header=CSV_HEADER,
        rows=lambda: skills_rows(report),
        renderables=lambda: skills_renderables(report),
    )
