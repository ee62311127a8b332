"""A per-user cache of validated bands files, so a user's own file is not re-parsed each run.

An entry (see :mod:`mlsal.codec`) holds the models of a file that passed every check,
beside the file's whole text and the stamp of what checked it (the validating code,
pydantic's and Babel's versions). It is used only when both equal this run's, compared in
full: its name (CRC-32s of the text and the stamp) just finds it. The bundled file needs no
entry: its snapshot ships with mlsal (:mod:`mlsal.bands.snapshot`). An entry is read only
from a regular file of at most MAX_ENTRY_BYTES, opened without following a link and without
blocking. Anything wrong with an entry, the folder or a write only means a normal parse.

Benchmark figure: ``mlsal estimate --country IN --years 5`` on a user's copy of the bundled
file executes 949 M instructions with its entry warm, 1,230 M when the file is parsed and
validated (callgrind; a minimal Typer app printing a Rich table: 762 M).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import zlib
from pathlib import Path

from mlsal.bands.codec import CODEC, stamp
from mlsal.bands.files import MAX_BYTES
from mlsal.bands.models import BandsFile
from mlsal.io import read_regular

#: Folder for the cache; empty or ``off`` turns the cache off.
CACHE_ENV = "MLSAL_CACHE_DIR"

#: Entries kept: each holds a whole bands file, so old ones (other files, other versions of
#: mlsal) are removed when a new one is written.
MAX_ENTRIES = 16

#: The largest entry written or read: an entry holds a bands file of at most MAX_BYTES and
#: its models (the bundled file's entry is 2.2 times its text).
MAX_ENTRY_BYTES = 8 * MAX_BYTES

#: The names mlsal gives its entries; nothing else in the folder is read or removed.
_ENTRY_NAME = re.compile(r"bands-[0-9a-f]{16}\.json")


def cache_dir() -> Path | None:
    """``$MLSAL_CACHE_DIR``, else ``$XDG_CACHE_HOME/mlsal``, else ``~/.cache/mlsal``.

    None (no cache) when ``$MLSAL_CACHE_DIR`` is empty or ``off``, or when there is no home
    folder to fall back to. A relative ``$XDG_CACHE_HOME`` is ignored, as the XDG base
    directory specification says; an empty or relative ``$HOME`` is no home folder (it
    would put the cache in whatever folder mlsal runs from).
    """
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip() in ("", "off") else Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "mlsal"
    home = _home()
    return None if home is None else home / ".cache" / "mlsal"


def _home() -> Path | None:
    """``$HOME`` when set, else the user database's home folder; None unless absolute."""
    home = os.environ.get("HOME")
    if home is None:
        try:
            home = str(Path.home())
        except (RuntimeError, KeyError):  # no entry in the user database
            return None
    return Path(home) if os.path.isabs(home) else None


def _entry(raw: bytes) -> tuple[Path, str] | None:
    """Where the entry for these bytes lives, and the stamp it must carry."""
    folder = cache_dir()
    checked = stamp()
    if folder is None or checked is None:
        return None
    name = f"bands-{zlib.crc32(raw):08x}{zlib.crc32(checked.encode()):08x}.json"
    return folder / name, checked


def cached_bands(raw: bytes) -> BandsFile | None:
    """The validated bands for these bytes if the cache holds them, else None."""
    found = _entry(raw)
    if found is None:
        return None
    path, checked = found
    try:
        entry = read_regular(path, limit=MAX_ENTRY_BYTES, follow_symlinks=False)
        if len(entry) > MAX_ENTRY_BYTES:
            return None
        return CODEC.decode(raw, entry, stamp=checked)
    except (OSError, ValueError):
        return None


def remember_bands(raw: bytes, bands: BandsFile) -> None:
    """Store validated bands for these bytes; silently does nothing if the cache is unwritable."""
    found = _entry(raw)
    if found is None:
        return
    path, checked = found
    content = CODEC.encode(raw, bands, stamp=checked, limit=MAX_ENTRY_BYTES)
    if content is None:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=".bands-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(content)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(path.parent, keep=path)


def _prune(folder: Path, *, keep: Path) -> None:
    """Remove all but the MAX_ENTRIES most recently written entries (and ``keep``).

    Only regular files named exactly as mlsal names its entries are counted or removed, so
    a cache folder shared with other files (``bands-final.json``) loses nothing else.
    """
    entries: list[tuple[float, str]] = []
    with os.scandir(folder) as found:
        for item in found:
            if _ENTRY_NAME.fullmatch(item.name):
                with contextlib.suppress(OSError):
                    info = item.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode):
                        entries.append((info.st_mtime, item.path))
    entries.sort(reverse=True)
    for _, stale in entries[MAX_ENTRIES:]:
        if stale != str(keep):
            with contextlib.suppress(OSError):
                os.unlink(stale)
