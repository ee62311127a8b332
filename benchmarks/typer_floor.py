"""The framework floor for start-up: a plain Typer app with the options of ``mlsal estimate``.

A root group (with ``--version``, as mlsal's) and one ``estimate`` command that takes the
same options with the same types (strings, two case-insensitive enums, ``--data`` read from
an environment variable too), built with the same settings as mlsal's apps (no pretty
exceptions, no Rich markup, no completion options). It prints one small Rich table of what
it was given, on a console set up as mlsal's, and reads no data: what a Typer command costs
before it does any work of its own. Nothing in it is tuned for speed.

Usage: ``python benchmarks/typer_floor.py estimate --country IN --years 5 --city Bengaluru
--skill nlp`` (see ``benchmarks/run.sh``).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table


class OutputFormat(StrEnum):
    """As ``mlsal.render.OutputFormat``."""

    table = "table"
    json = "json"
    csv = "csv"


class Units(StrEnum):
    """As ``mlsal.render.Units``."""

    local = "local"
    full = "full"
    compact = "compact"


app = typer.Typer(
    name="typer-floor",
    help="A plain Typer app with the options of mlsal estimate.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write("typer-floor 0\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """A plain Typer app with the options of mlsal estimate."""


@app.command()
def estimate(
    country: Annotated[
        str | None, typer.Option("--country", "-c", help="Country code or name.")
    ] = None,
    years: Annotated[
        str | None,
        typer.Option("--years", "-y", metavar="YEARS", help="Years of experience."),
    ] = None,
    city: Annotated[str | None, typer.Option(help="City or metro area.")] = None,
    skill: Annotated[str | None, typer.Option(help="Specialization.")] = None,
    education: Annotated[
        str | None, typer.Option("--education", "--cert", help="Certification / education.")
    ] = None,
    employer: Annotated[str | None, typer.Option(help="Employer type.")] = None,
    offer: Annotated[
        str | None, typer.Option(metavar="AMOUNT", help="An offer to place in the range.")
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="table, json or csv."),
    ] = OutputFormat.table,
    units: Annotated[
        Units, typer.Option(case_sensitive=False, help="local, full or compact.")
    ] = Units.local,
    data: Annotated[
        str | None,
        typer.Option(
            "--data", envvar="MLSAL_DATA", show_envvar=True, metavar="PATH", help="A bands file."
        ),
    ] = None,
) -> None:
    """Print the options given, as one small table (or JSON, or CSV)."""
    given = {
        "country": country,
        "years": years,
        "city": city,
        "skill": skill,
        "education": education,
        "employer": employer,
        "offer": offer,
        "units": units.value,
        "data": data,
    }
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(given) + "\n")
        return
    if output_format is OutputFormat.csv:
        sys.stdout.write(",".join(given) + "\n" + ",".join(str(v or "") for v in given.values()))
        sys.stdout.write("\n")
        return
    table = Table(title="Profile")
    table.add_column("Option")
    table.add_column("Value")
    for name, value in given.items():
        table.add_row(name, "-" if value is None else value)
    console = Console(highlight=False, soft_wrap=False, markup=False, emoji=False)
    console.print(table)


if __name__ == "__main__":
    app()
