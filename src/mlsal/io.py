"""Text input: CSV files opened with one-line errors, read line by line with a bound, so a
file with no line breaks cannot eat memory."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
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


def open_csv(path: str | Path, *, kind: str) -> IO[str]:
    """A CSV file as text: UTF-8 (a byte-order mark is dropped), newlines left to csv.

    InputError names the file when it cannot be opened; ``kind`` says what it should be.
    """
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a {kind}") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None


@contextlib.contextmanager
def atomic_writer(path: Path, *, force: bool = False) -> Iterator[IO[str]]:
    """Yield a text stream whose content replaces ``path`` only if the block completes.

    An existing file is kept unless ``force``; an interrupted write leaves it intact.
    """
    if path.exists() and not force:
        raise InputError(f"{path} exists; pass --force to overwrite it")
    if path.is_dir():
        raise InputError(f"{path} is a directory")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder for the output file")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
