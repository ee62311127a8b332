"""``mlsal data validate`` and ``mlsal data info``: check and describe a bands file."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from mlsal.cli.app import (
    DataOption,
    FormatOption,
    UnitsOption,
    command_app,
    domain_errors,
    fail,
    one_line,
)
from mlsal.render import OutputFormat, Units

data_app = command_app(
    name="data",
    help="Check a bands file, or show the sources, bands and factors in use.",
    no_args_is_help=True,
)


@data_app.command(
    epilog=(
        "Examples:\n\n"
        "  mlsal data validate my-bands.yaml\n\n"
        "  MLSAL_DATA=my-bands.yaml mlsal data validate"
    )
)
def validate(
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]", help="The file to check; default: --data, $MLSAL_DATA or bundled."
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Check a bands file and report every problem: file, line and field path.

    Exit 0 when the file is valid, 3 when it has problems (one line each, on stderr).
    """
    from mlsal.bands.loader import data_path
    from mlsal.bands.schema import check_file
    from mlsal.render.data import validation_summary

    report = check_file(data_path(path or data))
    if not report.valid:
        for problem in report.problems[:-1]:
            sys.stderr.write(f"mlsal: error: {one_line(str(problem))}\n")
        raise fail(str(report.problems[-1]), 3)
    sys.stdout.write(validation_summary(report) + "\n")


@data_app.command(epilog="Examples:\n\n  mlsal data info\n\n  mlsal data info --format json")
def info(
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.local,
    data: DataOption = None,
) -> None:
    """Show the sources, dates, countries, bands and factors in use.

    Warns on stderr when the file's date or a source's date is older than 18 months.
    """
    import datetime as dt

    from mlsal.bands.freshness import staleness
    from mlsal.bands.loader import BUNDLED_NAME, data_path, load_bands
    from mlsal.render import emit
    from mlsal.render.data import CSV_HEADER, info_payload, info_renderables, info_rows

    with domain_errors():
        path = data_path(data)
        bands = load_bands(path)
    file = str(path) if path is not None else BUNDLED_NAME
    stale = staleness(bands, today=dt.date.today())
    for entry in stale:
        sys.stderr.write(f"mlsal: warning: {one_line(str(entry))}\n")
    emit(
        output_format,
        kind="data-info",
        payload=lambda: info_payload(bands, file, stale),
        header=CSV_HEADER,
        rows=lambda: info_rows(bands),
        renderables=lambda: info_renderables(bands, file, stale, units),
    )
