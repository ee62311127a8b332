"""Reading a bands file, the bundled one or a user's, with a size cap, through
:func:`mlsal.io.read_data_file` (no stat-then-open race, no blocking on a FIFO, at most one
byte past the cap).

Kept apart from the loader, which imports the schema checks and the YAML parser, so that
they can read a file and know the cap without importing the loader back.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mlsal.io import read_data_file

#: Bands files larger than this are refused before parsing (the bundled one is ~25 kB).
MAX_BYTES = 1_000_000

#: The name that labels the bundled file's problems.
BUNDLED_NAME = "bundled data/bands.yaml"


def read_bytes(path: Path | None) -> tuple[bytes, str]:
    """The bytes of a bands file (None: the bundled one) and the name that labels its errors.

    A user's file is read with :func:`mlsal.io.read_data_file` (links followed): a folder, a
    FIFO, a device or a file over MAX_BYTES is a DataFileError of one line, as is any OSError.
    """
    if path is None:
        bundled = resources.files("mlsal") / "data" / "bands.yaml"
        return bundled.read_bytes(), BUNDLED_NAME
    return read_data_file(path, limit=MAX_BYTES, what="a bands file"), str(path)
