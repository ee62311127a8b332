"""``mlsal market``: industries hiring, top recruiters and career facts (the article's)."""

from __future__ import annotations

from typing import Annotated

import typer

from mlsal.cli.app import DataOption, FormatOption, command_app, domain_errors
from mlsal.cli.completion import complete_country
from mlsal.render import OutputFormat

market_app = command_app()


@market_app.command(
    epilog="Examples:\n\n  mlsal market\n\n  mlsal market --country US --format csv"
)
def market(
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            help="Only this country's industries and recruiters.",
            autocompletion=complete_country,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    data: DataOption = None,
) -> None:
    """Who hires ML engineers and the career facts readers ask about.

    Every item is the article's claim: industries hiring, top recruiters per country, time
    to become job-ready, and whether ML engineers out-earn data scientists.
    """
    from mlsal.bands.loader import data_path, load_bands
    from mlsal.pay.catalog import hiring_report
    from mlsal.render import emit
    from mlsal.render.market import CSV_HEADER, market_payload, market_renderables, market_rows

    with domain_errors():
        report = hiring_report(load_bands(data_path(data)), country=country)
    emit(
        output_format,
        kind="market",
        payload=lambda: market_payload(report),
        header=CSV_HEADER,
        rows=lambda: market_rows(report),
        renderables=lambda: market_renderables(report),
    )
