"""Read a bands file (the bundled one or the user's) into validated models, once per process.

The bytes are read with a size cap. A file seen before (same bytes, same mlsal) comes from
the validated cache (:mod:`mlsal.bands.cache`); any other is parsed by :mod:`mlsal.bands.safe_yaml`
and checked by :mod:`mlsal.bands.schema`, which collects every problem; loading stops at the
first one. Neither PyYAML nor pydantic is imported on a cache hit.
"""

from __future__ import annotations

import functools
import os
import stat
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from mlsal.errors import DataFileError

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile

#: The environment variable naming a bands file to use instead of the bundled one.
DATA_ENV = "MLSAL_DATA"

#: Bands files larger than this are refused before parsing (the bundled one is ~25 kB).
MAX_BYTES = 1_000_000

BUNDLED_NAME = "bundled data/bands.yaml"


def read_bytes(path: Path | None) -> tuple[bytes, str]:
    """The bytes of a bands file (None: the bundled one) and the name that labels its errors.

    Reads at most one byte past the size cap, so a huge or endless file costs little.
    """
    if path is None:
        bundled = resources.files("mlsal") / "data" / "bands.yaml"
        return bundled.read_bytes(), BUNDLED_NAME
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise DataFileError(f"{path}: is a directory, not a bands file")
        if not stat.S_ISREG(mode):
            raise DataFileError(f"{path}: not a regular file")
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except PermissionError:
        raise DataFileError(f"{path}: permission denied") from None
    except OSError as error:
        raise DataFileError(f"{path}: cannot read ({error.strerror or error})") from None
    except ValueError:  # an embedded NUL in the path
        raise DataFileError(f"{path!r}: not a usable file name") from None
    if len(raw) > MAX_BYTES:
        raise DataFileError(f"{path}: larger than the {MAX_BYTES:,}-byte limit for a bands file")
    return raw, str(path)


@functools.lru_cache(maxsize=8)
def parse_bands(raw: bytes, name: str) -> BandsFile:
    """Parse and validate the bytes of a bands file; ``name`` labels errors.

    Raises DataFileError with the first problem, and how many more there are.
    """
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
