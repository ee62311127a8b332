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
from contextvars import ContextVar
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


#: Width used when COLUMNS is set but is not a positive whole number (0, ``abc``).
DEFAULT_WIDTH = 80

#: Plain stand-ins for the characters mlsal prints, on an output that cannot encode them;
#: one character each, so that a table laid out before they are put in keeps its columns.
#: (Currency symbols are written as letters when the amount is formatted: see PLAIN_MONEY.)
ASCII_STAND_INS = {
    "–": "-", "—": "-", "·": "-", "←": "<", "×": "x", "÷": "/", "…": ".", "●": "o",
    "─": "-", "├": "|", "┤": "|", "▲": "^", "≈": "~", "’": "'", "“": '"', "”": '"',
}  # fmt: skip
_STAND_INS = str.maketrans(ASCII_STAND_INS)

#: True while output goes to a stream that cannot encode the rupee sign: money is then
#: written with letters (``Rs 7.6 L``) by mlsal.render.money.
PLAIN_MONEY: ContextVar[bool] = ContextVar("plain_money", default=False)


def can_encode(stream: IO[str], sample: str = "₹─") -> bool:
    """Whether ``stream`` can write the rupee sign and box drawing (false for ASCII, Latin-1)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        sample.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class PlainText:
    """A text stream that writes what its encoding cannot hold as ASCII stand-ins (``Rs``)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.encoding: str = getattr(stream, "encoding", None) or "ascii"

    def write(self, text: str) -> int:
        plain = text.translate(_STAND_INS)
        safe = plain.encode(self.encoding, "replace").decode(self.encoding)
        self.stream.write(safe)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()


def output_width() -> int | None:
    """The width asked for: None (Rich's own choice), or 80 for a COLUMNS of 0 or nonsense."""
    import os

    columns = os.environ.get("COLUMNS")
    if columns is None or (columns.isdigit() and int(columns) > 0):
        return None
    return DEFAULT_WIDTH


def console(file: IO[str] | None = None, *, width: int | None = None) -> Console:
    """A Rich console for stdout; colour only on a terminal, and never with NO_COLOR.

    Strings are shown as they are: no console markup and no emoji codes, so a ``[...]`` or
    ``:name:`` in a data file's text is printed, not interpreted (and parsing is skipped).
    A stream that cannot encode the rupee sign or box drawing gets ASCII stand-ins (Rich
    then draws ASCII borders, as it does for any encoding that is not UTF).
    """
    from rich.console import Console

    stream = file or io.stdout()
    return Console(
        file=stream if can_encode(stream) else PlainText(stream),  # type: ignore[arg-type]
        width=width or output_width(),
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


def write_json(kind: str, payload: Mapping[str, Any], out: IO[str], *, ascii: bool = False) -> None:
    """One JSON document, tagged with its kind and the schema version, as plain text.

    ``ascii`` escapes what is not ASCII (``\\u20b9``), for an output that cannot encode it.
    """
    document = {"schema_version": SCHEMA_VERSION, "kind": kind, **payload}
    out.write(json.dumps(document, indent=2, ensure_ascii=ascii) + "\n")


def emit(view: View, output_format: OutputFormat) -> None:
    """Print one result in the format asked for, on stdout; only that form is built."""
    with io.writing_stdout() as out:
        if output_format is OutputFormat.json:
            write_json(view.kind, view.payload(), out, ascii=not can_encode(out))
        elif can_encode(out):
            if output_format is OutputFormat.csv:
                write_csv(view.header, view.rows(), out)
            else:
                print_renderables(view.renderables(), console(out))
        else:
            token = PLAIN_MONEY.set(True)
            try:
                if output_format is OutputFormat.csv:
                    write_csv(view.header, view.rows(), PlainText(out))  # type: ignore[arg-type]
                else:
                    print_renderables(view.renderables(), console(out))
            finally:
                PLAIN_MONEY.reset(token)


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]], out: IO[str]) -> None:
    """A header row, then one row per record, as plain text."""
    import csv  # only when CSV is asked for

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
