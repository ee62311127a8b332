"""``mlsal batch``: a whole file of profiles, one estimate per row, streamed."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Annotated

import typer

from mlsal.cli.app import command_app
from mlsal.cli.options import DataOption, ForceOption, OutputOption
from mlsal.render import BatchFormat
from mlsal.value import Value, frozen

if TYPE_CHECKING:
    from mlsal.pay.batch import PricedRow, RejectedRow

    #: A batch writer: results, the output stream, and what to do with a rejected row.
    Writer = Callable[
        [Iterable[PricedRow | RejectedRow], IO[str], Callable[[RejectedRow], None]], None
    ]

batch_app = command_app()


@frozen
class BatchRequest(Value):
    """A profiles file (or ``-``, stdin) to estimate, and where the estimates go."""

    source: str
    output: str | None = None
    force: bool = False
    output_format: BatchFormat = BatchFormat.csv
    net: bool = False

    def run(self, data: str | None) -> None:
        """Estimate every row; rejected rows are reported on stderr and counted (exit 4)."""
        from mlsal import io
        from mlsal.bands.loader import data_path, load_bands
        from mlsal.errors import RowsRejected
        from mlsal.pay.batch import BatchCounts, estimate_rows, read_records
        from mlsal.render.batch import write_batch_csv, write_batch_jsonl

        def report(rejected: RejectedRow) -> None:
            io.error(f"row {rejected.row}: {rejected.reason}")

        write: Writer = (
            write_batch_jsonl if self.output_format is BatchFormat.json else write_batch_csv
        )
        if self.net:
            write = self._net_writer()
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

    def _net_writer(self) -> Writer:
        """With --net: the writer that adds each row's take-home (default structure)."""
        import functools

        from mlsal.render.net import write_batch_net_csv, write_batch_net_jsonl
        from mlsal.tax import NET_COUNTRIES
        from mlsal.tax.loader import load_tax, tax_path
        from mlsal.tax.net import net_pay

        rules = load_tax(tax_path(None))

        def net_of(country: str, amount: int) -> int | None:
            return net_pay(rules, country, amount) if country in NET_COUNTRIES else None

        chosen = (
            write_batch_net_jsonl
            if self.output_format is BatchFormat.json
            else (write_batch_net_csv)
        )
        return functools.partial(chosen, net_of=net_of)


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
    net: Annotated[
        bool,
        typer.Option(
            "--net",
            help="Add net_low, net_mid, net_high, net_offer: take-home, default structure.",
        ),
    ] = False,
    data: DataOption = None,
) -> None:
    """Estimate every row of a CSV file of profiles, one output row per input row.

    Each row gives what mlsal estimate gives for that profile. Rows that cannot be
    estimated are reported on stderr and the rest carry on; exit code 4 if any was.
    """
    gc.enable()  # paused for short runs by mlsal.entry; a batch runs long, so collect
    BatchRequest(
        source=source, output=output, force=force, output_format=output_format, net=net
    ).run(data)
