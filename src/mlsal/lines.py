"""Read text input line by line with a bound, so a file with no line breaks cannot eat memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from mlsal.errors import InputError

#: The longest input line accepted, in characters: far beyond any CSV record of pay data.
MAX_LINE = 1 << 20


def bounded_lines(stream: IO[str], *, name: str, limit: int = MAX_LINE) -> Iterator[str]:
    """The lines of ``stream``; InputError at the first line longer than ``limit``."""
    readline = stream.readline
    number = 0
    while True:
        line = readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit:
            raise InputError(
                f"{name}: line {number} is longer than {limit:,} characters; "
                "is this a CSV file with line breaks?"
            )
        yield line
