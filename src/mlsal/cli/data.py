"""``mlsal data validate`` and ``mlsal data info``: check and describe a bands file."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from mlsal.cli.app import command_app
from mlsal.cli.command import show
from mlsal.cli.options import DataOption, FormatOption, TaxDataOption, UnitsOption
from mlsal.errors import InputError
from mlsal.render import OutputFormat, Units
from mlsal.value import Value, frozen

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile
    from mlsal.render import View

data_app = command_app(
    name="data",
    help="Check a bands file or the tax rules file, or show the sources and figures in use.",
    no_args_is_help=True,
)

TaxFlag = Annotated[
    bool,
    typer.Option(
        "--tax",
        help="The tax rules file (--tax-data, $MLSAL_TAX_DATA or bundled), not the bands.",
    ),
]


def _validate_tax(path: str | None) -> None:
    """Check the tax rules file: every problem on stderr, a summary line when valid."""
    from mlsal import io
    from mlsal.errors import DataFileError
    from mlsal.render.takehome import tax_summary
    from mlsal.tax.loader import check_tax_file, tax_path

    report = check_tax_file(tax_path(path))
    if report.rules is None:
        for problem in report.problems[:-1]:
            io.error(str(problem))
        raise DataFileError(str(report.problems[-1]))
    with io.writing_stdout() as out:
        out.write(tax_summary(report.rules, report.file) + "\n")


def _tax_data_needs_tax(ctx: typer.Context, tax: bool, command: str) -> None:
    """--tax-data typed without --tax would be ignored: say so (MLSAL_TAX_DATA may stay set)."""
    source = ctx.get_parameter_source("tax_data")
    if not tax and source is not None and source.name == "COMMANDLINE":
        raise InputError(
            f"--tax-data names a tax rules file, which data {command} reads with --tax: "
            f"mlsal data {command} --tax --tax-data FILE"
        )


@data_app.command(
    epilog=(
        "Examples:\n\n"
        "  mlsal data validate my-bands.yaml\n\n"
        "  MLSAL_DATA=my-bands.yaml mlsal data validate\n\n"
        "  mlsal data validate --tax my-tax.yaml"
    )
)
def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="PATH", help="The file to check; default: --data, $MLSAL_DATA or bundled."
        ),
    ] = None,
    data: DataOption = None,
    tax: TaxFlag = False,
    tax_data: TaxDataOption = None,
) -> None:
    """Check a bands file (or with --tax the tax rules file) and report every problem: file,
    line and field path.

    Exit 0 when the file is valid, 3 when it has problems (one line each, on stderr).
    """
    _tax_data_needs_tax(ctx, tax, "validate")
    if tax:
        _validate_tax(path or tax_data)
        return
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


@data_app.command(
    epilog=(
        "Examples:\n\n  mlsal data info\n\n  mlsal data info --format json\n\n"
        "  mlsal data info --tax"
    )
)
def info(
    ctx: typer.Context,
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.local,
    data: DataOption = None,
    tax: TaxFlag = False,
    tax_data: TaxDataOption = None,
) -> None:
    """Show the sources, dates, countries, bands and factors in use (with --tax: the tax
    years, states and sources of the tax rules file).

    Warns on stderr when the file's date or a source's date is older than 18 months, or an
    exchange rate older than 12 ($MLSAL_TODAY=YYYY-MM-DD fixes "today").
    """
    _tax_data_needs_tax(ctx, tax, "info")
    if tax:
        from mlsal.render import emit
        from mlsal.render.takehome import tax_info_view
        from mlsal.tax.loader import BUNDLED_TAX_NAME, load_tax, tax_path

        chosen = tax_path(tax_data)
        file = str(chosen) if chosen is not None else BUNDLED_TAX_NAME
        emit(tax_info_view(load_tax(chosen), file), output_format)
        return
    from mlsal.bands.freshness import today
    from mlsal.bands.loader import BUNDLED_NAME, data_path

    path = data_path(data)
    file = str(path) if path is not None else BUNDLED_NAME
    request = InfoRequest(file=file, today=today(), units=units)
    show(request, data=data, output_format=output_format)
