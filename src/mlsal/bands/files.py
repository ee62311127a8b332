"""Reading a bands file, the bundled one or a user's, with a size cap, through
:func:`mlsal.io.read_data_file` (no stat-then-open race, no blocking on a FIFO, at most one
byte past the cap).

Kept apart from the loader, which imports the schema checks and the YAML parser, so that
they can read a file and know the cap without importing the loader back.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from mlsal.io import read_data_file

#: Bands files larger than this are refused before parsing (the bundled one is ~100 kB).
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


def bundled_document(raw: bytes) -> dict[str, Any] | None:
    """The bundled file's content as plain data, from its snapshot's JSON, when the snapshot
    holds exactly ``raw``; else None.

    For completion, which needs names only: the snapshot's tagged JSON has the YAML's field
    names. Measured: parsing the bundled YAML (98 kB, 581 US areas) with the C loader takes
    ~90 ms a Tab press, loading this JSON ~10 ms.
    """
    import json

    try:
        entry = json.loads((resources.files("mlsal") / "data" / "bands.snapshot.json").read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("source"), str):
        return None
    if entry["source"].encode("utf-8", errors="surrogatepass") != raw:
        return None
    bands = entry.get("models")
    return bands if isinstance(bands, dict) else None
