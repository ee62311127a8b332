"""A per-user cache of validated bands files, so a command does not re-parse the YAML each run.

An entry is the JSON form of a ``BandsFile`` that passed every check, stored under a hash of
the file's bytes and of the mlsal code that reads and validates it: a changed file or a
changed mlsal misses the cache. Entries are re-validated by the models when read (cheap from
JSON), never unpickled. Any failure to read or write the cache only means a normal parse.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import ValidationError

from mlsal import __version__
from mlsal.models import BandsFile

#: Folder for the cache; empty or ``off`` turns the cache off.
CACHE_ENV = "MLSAL_CACHE_DIR"

#: Modules whose code decides what a valid bands file is: part of every cache key.
_VALIDATING = ("models.py", "bandsfile.py", "validate.py", "bandscache.py")


def cache_dir() -> Path | None:
    """``$MLSAL_CACHE_DIR``, else ``$XDG_CACHE_HOME/mlsal``, else ``~/.cache/mlsal``."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip() in ("", "off") else Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(base) / "mlsal"


def _key(raw: bytes) -> str:
    digest = hashlib.sha256(raw)
    digest.update(f"{__version__} {PYDANTIC_VERSION}".encode())
    here = Path(__file__).parent
    for name in _VALIDATING:
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _entry(raw: bytes) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / f"bands-{_key(raw)}.json"


def cached_bands(raw: bytes) -> BandsFile | None:
    """The validated bands for these bytes if the cache holds them, else None."""
    entry = _entry(raw)
    if entry is None:
        return None
    try:
        return BandsFile.model_validate_json(entry.read_bytes())
    except (OSError, ValidationError):
        return None


def remember_bands(raw: bytes, bands: BandsFile) -> None:
    """Store validated bands for these bytes; silently does nothing if the cache is unwritable."""
    entry = _entry(raw)
    if entry is None:
        return
    with contextlib.suppress(OSError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".bands-", suffix=".tmp", dir=entry.parent)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(bands.model_dump_json().encode())
            os.replace(temporary, entry)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
