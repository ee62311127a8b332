"""The one render layer: Rich tables for people, JSON and CSV for programs.

Core functions return frozen dataclasses; only this package turns them into text, and only
through :func:`emit` (or a batch writer) does that text reach stdout, by way of
:mod:`mlsal.io`. Messages go to stderr through :mod:`mlsal.io` too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import IO, TYPE_CHECKING, Any

from mlsal import io

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

#: Version of the JSON documents mlsal prints; bumped on any incompatible change.
SCHEMA_VERSION = 1


class OutputFormat(StrEnum):
    """What a command prints: a table for people, JSON or CSV for programs."""

    table = "table"
    json = "json"
    csv = "csv"


class BatchFormat(StrEnum):
    """What a batch writes: CSV, or JSON Lines (one JSON object per row)."""

    csv = "csv"
    json = "json"


class Units(StrEnum):
    """How amounts are written: the market's habit, always in full, or always compact."""

    local = "local"
    full = "full"
    compact = "compact"


@dataclass(frozen=True, slots=True)
class View:
    """A result and the three ways to show it; only the one asked for is ever built."""

    kind: str
    payload: Callable[[], Mapping[str, Any]]
    header: Sequence[str]
    rows: Callable[[], Iterable[Sequence[object]]]
    renderables: Callable[[], Iterable[RenderableType]]


def evidence_text(
    kind: str, source: str | None, n: int | None, *, observed: float | None = None
) -> str:
    """The evidence of a multiplier in short: ``data, india-offers, n=370, observed 1.33``."""
    parts = [kind]
    if source:
        parts.append(source)
    if n is not None:
        parts.append(f"n={n}")
    if observed is not None:
        parts.append(f"observed {observed:.2f}")
    return ", ".join(parts)


def console(file: IO[str] | None = None, *, width: int | None = None) -> Console:
    """A Rich console for stdout; colour only on a terminal, and never with NO_COLOR.

    Strings are shown as they are: no console markup and no emoji codes, so a ``[...]`` or
    ``:name:`` in a data file's text is printed, not interpreted (and parsing is skipped).
    """
    from rich.console import Console

    return Console(
        file=file or io.stdout(),
        width=width,
        highlight=False,
        soft_wrap=False,
        markup=False,
        emoji=False,
    )


def print_renderables(items: Iterable[RenderableType], out: Console | None = None) -> None:
    """Print Rich renderables, one after another."""
    target = out or console()
    for item in items:
        target.print(item)


def plain(value: object) -> Any:
    """A result or model (frozen dataclasses) as JSON-ready data: mappings, lists, ISO dates.

    The one serializer of every result mlsal prints as JSON.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_json(kind: str, payload: Mapping[str, Any], out: IO[str]) -> None:
    """One JSON document, tagged with its kind and the schema version, as plain text."""
    document = {"schema_version": SCHEMA_VERSION, "kind": kind, **payload}
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def emit(view: View, output_format: OutputFormat) -> None:
    """Print one result in the format asked for, on stdout; only that form is built."""
    with io.writing_stdout() as out:
        if output_format is OutputFormat.json:
            write_json(view.kind, view.payload(), out)
        elif output_format is OutputFormat.csv:
            write_csv(view.header, view.rows(), out)
        else:
            print_renderables(view.renderables(), console(out))


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]], out: IO[str]) -> None:
    """A header row, then one row per record, as plain text."""
    import csv  # only when CSV is asked for

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
