"""Write files atomically: a temporary file in the same folder, then a rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from mlsal.errors import InputError


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
