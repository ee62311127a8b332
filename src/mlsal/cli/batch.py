"""``mlsal batch``: a whole file of profiles, one estimate per row, streamed."""

from __future__ import annotations

import gc
from typing import Annotated

import typer

from mlsal.cli.app import command_app
from mlsal.cli.options import DataOption, ForceOption, OutputOption
from mlsal.render import BatchFormat
from mlsal.value import Value, frozen

batch_app = command_app()


@frozen
class BatchRequest(Value):
    """A profiles file (or ``-``, stdin) to estimate, and where the estimates go."""

    source: str
    output: str | None = None
    force: bool = False
    output_format: BatchFormat = BatchFormat.csv

    def run(self, data: str | None) -> None:
        """Estimate every row; rejected rows are reported on stderr and counted (exit 4)."""
        from mlsal import io
        from mlsal.bands.loader import data_path, load_bands
        from mlsal.errors import RowsRejected
        from mlsal.pay.batch import BatchCounts, RejectedRow, estimate_rows, read_records
        from mlsal.render.batch import write_batch_csv, write_batch_jsonl

        def report(rejected: RejectedRow) -> None:
            io.error(f"row {rejected.row}: {rejected.reason}")

        write = write_batch_jsonl if self.output_format is BatchFormat.json else write_batch_csv
        io.check_output(self.output, force=self.force)  # refuse before reading anything
        bands = load_bands(data_path(data))
        counts = BatchCounts()
        with (
            io.open_input(self.source, kind="CSV file") as stream,
            io.output(self.output, force=self.force) as out,
        ):
            records = read_records(stream, name=io.input_name(self.source))
            write(estimate_rows(bands, records, counts), out, report)
        if counts.rejected:
            raise RowsRejected(
                f"{counts.rejected} of {counts.read} rows rejected, {counts.priced} estimated"
            )


@batch_app.command(
    epilog=(
        "Examples:\n\n"
        "  mlsal batch profiles.csv > estimates.csv\n\n"
        "  mlsal batch profiles.csv --format json --output estimates.jsonl\n\n"
        "  cut -d, -f1-3 people.csv | mlsal batch -"
    )
)
def batch(
    source: Annotated[
        str,
        typer.Argument(
            metavar="PROFILES.csv",
            help=(
                "A CSV file of profiles (- reads stdin): columns country and years, and "
                "optionally city, skill, education, employer and offer."
            ),
        ),
    ],
    output: OutputOption = None,
    force: ForceOption = False,
    output_format: Annotated[
        BatchFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="csv, or json (JSON Lines: one per row)."
        ),
    ] = BatchFormat.csv,
    data: DataOption = None,
) -> None:
    """Estimate every row of a CSV file of profiles, one output row per input row.

    Each row gives what mlsal estimate gives for that profile. Rows that cannot be
    estimated are reported on stderr and the rest carry on; exit code 4 if any was.
    """
    gc.enable()  # paused for short runs by mlsal.entry; a batch runs long, so collect
    BatchRequest(source=source, output=output, force=force, output_format=output_format).run(data)
