"""Read a bands file (the bundled one or the user's) into validated models, once per process.

The bytes are read with a size cap (:mod:`mlsal.bands.files`). The bundled file comes from
its snapshot, validated when mlsal was built (:mod:`mlsal.bands.snapshot`); a file seen
before (same bytes, same checking code) comes from the validated cache
(:mod:`mlsal.bands.cache`); any other is parsed by :mod:`mlsal.bands.safe_yaml` and checked
by :mod:`mlsal.bands.schema`, which collects every problem; loading stops at the first one.
Neither PyYAML nor pydantic is imported on a snapshot or cache hit.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mlsal.bands.files import BUNDLED_NAME, MAX_BYTES, read_bytes
from mlsal.errors import DataFileError

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile

#: Read through :mod:`mlsal.bands.files`, and named here too for the callers of the loader.
__all__ = [
    "BUNDLED_NAME",
    "DATA_ENV",
    "MAX_BYTES",
    "data_path",
    "load_bands",
    "parse_bands",
    "read_bytes",
]

#: The environment variable naming a bands file to use instead of the bundled one.
DATA_ENV = "MLSAL_DATA"


@functools.lru_cache(maxsize=8)
def parse_bands(raw: bytes, name: str) -> BandsFile:
    """Parse and validate the bytes of a bands file; ``name`` labels errors.

    Raises DataFileError with the first problem, and how many more there are.
    """
    from mlsal.bands.snapshot import snapshot_bands

    known = snapshot_bands(raw)
    if known is not None:
        return known

    from mlsal.bands.cache import cached_bands, remember_bands

    known = cached_bands(raw)
    if known is not None:
        return known

    from mlsal.bands.schema import check_bytes

    report = check_bytes(raw, name)
    if report.bands is not None:
        remember_bands(raw, report.bands)
        return report.bands
    first, *rest = report.problems
    more = f" (and {len(rest)} more: mlsal data validate)" if rest else ""
    raise DataFileError(f"{first}{more}")


def data_path(explicit: str | None) -> Path | None:
    """The bands file in use: ``--data``, else ``$MLSAL_DATA``, else None (bundled)."""
    chosen = explicit or os.environ.get(DATA_ENV) or None
    return Path(chosen).expanduser() if chosen else None


def load_bands(path: Path | None = None) -> BandsFile:
    """Load and validate a bands file (None: the bundled one); parsed once per content."""
    raw, name = read_bytes(path)
    return parse_bands(raw, name)
