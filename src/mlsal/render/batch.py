"""Rendering of batch estimates: one CSV row or one JSON Lines record per input row."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from typing import IO

from mlsal.batch import PricedRow, RejectedRow

#: Columns of batch output; ``row`` is the input row (1 = first row after the header).
BATCH_HEADER: tuple[str, ...] = PricedRow._fields


def write_batch_csv(
    results: Iterable[PricedRow | RejectedRow],
    out: IO[str],
    on_rejected: Callable[[RejectedRow], None],
) -> None:
    """A header, then one CSV row per estimate; rejected rows go to ``on_rejected``."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BATCH_HEADER)
    write = writer.writerow
    for r in results:
        if isinstance(r, RejectedRow):
            on_rejected(r)
            continue
        write(
            (
                r.row,
                r.country,
                r.currency,
                f"{r.years:g}",
                r.level,
                r.low,
                r.mid,
                r.high,
                f"{r.multiplier:.4f}",
                r.skill or "",
                r.education or "",
                r.city or "",
                r.employer or "",
                "" if r.offer is None else r.offer,
            )
        )


def write_batch_jsonl(
    results: Iterable[PricedRow | RejectedRow],
    out: IO[str],
    on_rejected: Callable[[RejectedRow], None],
) -> None:
    """One JSON object per line and per estimate; rejected rows go to ``on_rejected``."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    write = out.write
    for r in results:
        if isinstance(r, RejectedRow):
            on_rejected(r)
            continue
        write(dumps(dict(zip(BATCH_HEADER, r, strict=True))) + "\n")
