"""``mlsal data validate`` and ``mlsal data info``: check and describe a bands file."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from mlsal.cli.app import command_app
from mlsal.cli.command import show
from mlsal.cli.options import DataOption, FormatOption, UnitsOption
from mlsal.render import OutputFormat, Units
from mlsal.value import Value, frozen

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile
    from mlsal.render import View

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
            metavar="PATH", help="The file to check; default: --data, $MLSAL_DATA or bundled."
        ),
    ] = None,
    data: DataOption = None,
) -> None:
    """Check a bands file and report every problem: file, line and field path.

    Exit 0 when the file is valid, 3 when it has problems (one line each, on stderr).
    """
    from mlsal import io
    from mlsal.bands.loader import data_path
    from mlsal.bands.schema import check_file
    from mlsal.errors import DataFileError
    from mlsal.render.data import validation_summary

    report = check_file(data_path(path or data))
    if not report.valid:
        for problem in report.problems[:-1]:
            io.error(str(problem))
        raise DataFileError(str(report.problems[-1]))
    with io.writing_stdout() as out:
        out.write(validation_summary(report) + "\n")


@frozen
class InfoRequest(Value):
    """What the bands file in use holds, named ``file``, with warnings dated ``today``."""

    file: str
    today: dt.date
    units: Units = Units.local

    def view(self, bands: BandsFile) -> View:
        """The file's contents; a warning on stderr for each date older than 18 months and
        each exchange rate older than 12."""
        from mlsal import io
        from mlsal.bands.freshness import staleness
        from mlsal.render.data import info_view

        stale = staleness(bands, today=self.today)
        for entry in stale:
            io.warning(str(entry))
        return info_view(bands, self.file, stale, self.units)


@data_app.command(epilog="Examples:\n\n  mlsal data info\n\n  mlsal data info --format json")
def info(
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.local,
    data: DataOption = None,
) -> None:
    """Show the sources, dates, countries, bands and factors in use.

    Warns on stderr when the file's date or a source's date is older than 18 months, or an
    exchange rate older than 12 ($MLSAL_TODAY=YYYY-MM-DD fixes "today").
    """
    from mlsal.bands.freshness import today
    from mlsal.bands.loader import BUNDLED_NAME, data_path

    path = data_path(data)
    file = str(path) if path is not None else BUNDLED_NAME
    request = InfoRequest(file=file, today=today(), units=units)
    show(request, data=data, output_format=output_format)
