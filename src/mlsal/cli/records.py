"""``mlsal calibrate`` and ``mlsal backtest``: bands from salary records, and how well they fit."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlsal.cli.app import command_app
from mlsal.cli.completion import complete_country
from mlsal.cli.options import DataOption, ForceOption, FormatOption, UnitsOption
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
    from mlsal import io

    for line in lines:
        io.note(line)


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
        str,
        typer.Option(
            "--output", "-o", metavar="BANDS.yaml", help="The bands file to write (- for stdout)."
        ),
    ],
    force: ForceOption = False,
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
    With -o -, the bands file goes to stdout and the summary is not printed.
    """
    import datetime as dt

    from mlsal import io
    from mlsal.bands.loader import data_path, load_bands
    from mlsal.records.calibrate import CalibrationRefused, calibrate_records
    from mlsal.render import emit
    from mlsal.render.records import calibration_notes, calibration_view

    gc.enable()  # paused for short runs by mlsal.entry; reading records runs long
    to_stdout = output == io.STDIO
    if to_stdout and output_format is not OutputFormat.table:
        raise InputError(f"--format {output_format} and -o - would both write to stdout")
    reader = _reader(records, mapping, title, employment, since, country)
    io.check_output(output, force=force)  # refuse before reading, not after
    base = load_bands(data_path(data))
    try:
        result = calibrate_records(reader, base=base, min_n=min_n, updated=dt.date.today())
    except CalibrationRefused as refused:  # what was read is said before why nothing is written
        _notes(calibration_notes(refused.summary))
        raise
    _notes(calibration_notes(result))
    with io.output(output, force=force) as stream:
        stream.write(result.yaml_text)
    if to_stdout:
        return
    io.note(f"wrote {output}")
    emit(calibration_view(result, output, units), output_format)


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
    from mlsal.render.records import backtest_view, read_notes

    gc.enable()  # paused for short runs by mlsal.entry; reading records runs long
    bundled = bands_file == "bundled"
    bands = load_bands(None if bundled else Path(bands_file).expanduser())
    reader = _reader(records, mapping, title, employment, since, country)
    result = backtest_bands(bands, reader, bands_name=BUNDLED_NAME if bundled else bands_file)
    _notes(read_notes(bad=result.bad, bad_examples=result.bad_examples, skipped=result.skipped))
    emit(backtest_view(result, units), output_format)
