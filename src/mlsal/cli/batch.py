"""``mlsal estimate --input``: a whole file of profiles, one estimate per row."""

from __future__ import annotations

import contextlib
import gc
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from mlsal.cli.app import domain_errors
from mlsal.errors import InputError, RowsRejected
from mlsal.io import open_csv
from mlsal.render import OutputFormat

#: What ``--input`` reads when given this instead of a path.
STDIN = "-"


@contextlib.contextmanager
def _opened(source: str) -> Iterator[IO[str]]:
    """The input as text: UTF-8 (a byte-order mark is dropped), newlines left to csv."""
    if source == STDIN:
        wrapper = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
        try:
            yield wrapper
        finally:
            wrapper.detach()  # leave sys.stdin open
        return
    with open_csv(source, kind="CSV file") as stream:
        yield stream


@contextlib.contextmanager
def _destination(output: str | None, *, force: bool) -> Iterator[IO[str]]:
    if output is None:
        yield sys.stdout
        return
    from mlsal.io import atomic_writer

    with atomic_writer(Path(output), force=force) as stream:
        yield stream


def run_batch(
    *,
    source: str,
    output: str | None,
    force: bool,
    output_format: OutputFormat,
    data: str | None,
) -> None:
    """Estimate every row of ``source``; rejected rows are reported on stderr and counted."""
    gc.enable()  # paused for short runs by mlsal.entry; a batch runs long, so collect
    from mlsal.bands.loader import data_path, load_bands
    from mlsal.pay.batch import BatchCounts, RejectedRow, estimate_rows, read_records
    from mlsal.render.batch import write_batch_csv, write_batch_jsonl

    def report(rejected: RejectedRow) -> None:
        sys.stderr.write(f"mlsal: error: row {rejected.row}: {rejected.reason}\n")

    write = write_batch_jsonl if output_format is OutputFormat.json else write_batch_csv
    counts = BatchCounts()
    with domain_errors():
        if output_format is OutputFormat.table:
            raise InputError("--input writes csv or json, not a table; pass --format csv or json")
        bands = load_bands(data_path(data))
        with _opened(source) as stream, _destination(output, force=force) as out:
            records = read_records(stream, name="stdin" if source == STDIN else source)
            write(estimate_rows(bands, records, counts), out, report)
        if counts.rejected:
            raise RowsRejected(
                f"{counts.rejected} of {counts.read} rows rejected, {counts.priced} estimated"
            )
