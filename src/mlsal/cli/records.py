"""``mlsal calibrate`` and ``mlsal backtest``: bands from salary records, and how well they fit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlsal.cli.app import DataOption, FormatOption, UnitsOption, command_app, domain_errors
from mlsal.cli.completion import complete_country
from mlsal.errors import InputError
from mlsal.render import OutputFormat, Units

if TYPE_CHECKING:
    from mlsal.records.readers import RecordReader

TitleOption = Annotated[
    list[str] | None,
    typer.Option(
        "--title",
        metavar="TITLE",
        help="Keep this job title (any case); * and ? make it a pattern. Repeatable.",
    ),
]
EmploymentOption = Annotated[
    list[str] | None,
    typer.Option(
        "--employment",
        metavar="TYPE",
        help="Keep this employment type (FT, PT, CT, FL). Repeatable.",
    ),
]
SinceOption = Annotated[
    int | None, typer.Option("--since", metavar="YEAR", help="Keep records from YEAR on.")
]
CountryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--country",
        "-c",
        metavar="CODE",
        help="Keep this country code (US, IN). Repeatable.",
        autocompletion=complete_country,
    ),
]
MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="COLUMN=FIELD",
        help="Read header COLUMN as FIELD (country, years, salary, currency, title, date, ...).",
    ),
]
RecordsArgument = Annotated[
    Path, typer.Argument(metavar="RECORDS.csv", help="Salary records, one per row.")
]


def _notes(lines: list[str]) -> None:
    for line in lines:
        sys.stderr.write(f"mlsal: {line}\n")


def _reader(
    records: Path,
    mapping: list[str] | None,
    titles: list[str] | None,
    employment: list[str] | None,
    since: int | None,
    countries: list[str] | None,
) -> RecordReader:
    from mlsal.records.readers import RecordFilter, RecordReader, parse_mapping

    chosen = RecordFilter(
        titles=tuple(titles or ()),
        employment=tuple(e.upper() for e in employment or ()),
        since=since,
        countries=tuple(c.upper() for c in countries or ()),
    )
    return RecordReader(records, mapping=parse_mapping(mapping or ()), record_filter=chosen)


calibrate_app = command_app()


@calibrate_app.command(
    epilog=(
        "Example:\n\n"
        "  mlsal calibrate salaries.csv --output bands.yaml --title 'Machine Learning Engineer'"
        " --employment FT --country US\n\n"
        "Then: mlsal estimate --data bands.yaml --country US --years 3"
    )
)
def calibrate(
    records: RecordsArgument,
    output: Annotated[
        Path, typer.Option("--output", "-o", metavar="BANDS.yaml", help="The bands file to write.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output.")] = False,
    min_n: Annotated[
        int,
        typer.Option("--min-n", metavar="N", help="Leave out bands with fewer records than this."),
    ] = 30,
    title: TitleOption = None,
    employment: EmploymentOption = None,
    since: SinceOption = None,
    country: CountryOption = None,
    mapping: MapOption = None,
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.compact,
    data: DataOption = None,
) -> None:
    """Build a bands file of percentile bands (p10-p90) from salary records.

    Reads the ai-jobs survey schema or a generic one (country, years, salary, currency);
    experience levels EN/MI/SE/EX map to 0-2, 2-5, 5-10 and 10+ years. The countries
    (name, currency, locale) come from the bands file in use (--data, else the bundled one).
    """
    import datetime as dt

    from mlsal.bands.loader import data_path, load_bands
    from mlsal.io import atomic_writer
    from mlsal.records.calibrate import calibrate_records
    from mlsal.render import emit
    from mlsal.render.records import (
        CALIBRATION_CSV_HEADER,
        calibration_notes,
        calibration_payload,
        calibration_renderables,
        calibration_rows,
    )

    with domain_errors():
        reader = _reader(records, mapping, title, employment, since, country)
        if output.exists() and not force:  # fail before reading, not after
            raise InputError(f"{output} exists; pass --force to overwrite it")
        if not output.parent.is_dir():
            raise InputError(f"{output.parent}: no such folder for the output file")
        result = calibrate_records(
            reader, base=load_bands(data_path(data)), min_n=min_n, updated=dt.date.today()
        )
        with atomic_writer(output, force=force) as stream:
            stream.write(result.yaml_text)
    _notes(calibration_notes(result))
    sys.stderr.write(f"mlsal: wrote {output}\n")
    emit(
        output_format,
        kind="calibration",
        payload=lambda: calibration_payload(result, str(output)),
        header=CALIBRATION_CSV_HEADER,
        rows=lambda: calibration_rows(result),
        renderables=lambda: calibration_renderables(result, units),
    )


backtest_app = command_app()


@backtest_app.command(
    epilog=(
        "Examples:\n\n"
        "  mlsal backtest bundled salaries.csv --title 'Machine Learning Engineer' --since 2023\n\n"
        "  mlsal backtest bands.yaml salaries.csv --format json"
    )
)
def backtest(
    bands_file: Annotated[
        str,
        typer.Argument(
            metavar="BANDS.yaml", help="A bands file, or 'bundled' for the bundled one."
        ),
    ],
    records: RecordsArgument,
    title: TitleOption = None,
    employment: EmploymentOption = None,
    since: SinceOption = None,
    country: CountryOption = None,
    mapping: MapOption = None,
    output_format: FormatOption = OutputFormat.table,
    units: UnitsOption = Units.compact,
) -> None:
    """Check a bands file against salary records: share inside each range, median vs mid.

    A p25-p75 range should hold half of its band's records; an article's range states no share.
    """
    from mlsal.bands.loader import BUNDLED_NAME, load_bands
    from mlsal.records.backtest import backtest_bands
    from mlsal.render import emit
    from mlsal.render.records import (
        BACKTEST_CSV_HEADER,
        backtest_payload,
        backtest_renderables,
        backtest_rows,
        read_notes,
    )

    with domain_errors():
        bundled = bands_file == "bundled"
        bands = load_bands(None if bundled else Path(bands_file).expanduser())
        reader = _reader(records, mapping, title, employment, since, country)
        name = BUNDLED_NAME if bundled else bands_file
        result = backtest_bands(bands, reader, bands_name=name)
    _notes(read_notes(bad=result.bad, bad_examples=result.bad_examples, skipped=result.skipped))
    emit(
        output_format,
        kind="backtest",
        payload=lambda: backtest_payload(result),
        header=BACKTEST_CSV_HEADER,
        rows=lambda: backtest_rows(result),
        renderables=lambda: backtest_renderables(result, units),
    )
