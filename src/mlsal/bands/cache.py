"""A per-user cache of validated bands files, so a command does not re-parse the YAML each run.

An entry is the JSON form of a ``BandsFile`` that passed every check, beside the file's
whole text and a stamp of the code that checked it (mlsal's version and validating modules,
pydantic's version). An entry is used only when both equal those of this run, compared in
full: its name (CRC-32s of the text and the stamp) just finds it. A changed file, mlsal or
pydantic misses the cache. Reading an entry needs neither PyYAML nor pydantic: each JSON
object names its model (``"$": "SalaryBand"``), only the classes in
``mlsal.bands.models.MODELS`` can be named, and building them re-runs every check that spans
fields. Entries are never unpickled. Any failure to read or write the cache, or an entry
that does not build, only means a normal parse.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import importlib.util
import json
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

from mlsal import __version__
from mlsal.bands.models import MODELS, BandsFile

#: Folder for the cache; empty or ``off`` turns the cache off.
CACHE_ENV = "MLSAL_CACHE_DIR"

#: Modules whose code decides what a valid bands file is: part of every entry's stamp.
_VALIDATING = ("models.py", "bandsfile.py", "yamlsafe.py", "validate.py", "bandscache.py")

#: Entries kept: each holds a whole bands file, so old ones (other files, other versions of
#: mlsal) are removed when a new one is written.
MAX_ENTRIES = 16

#: The key of a JSON object that names the model it holds, and of one that holds a date.
_MODEL = "$"
_DATE = "$date"


def cache_dir() -> Path | None:
    """``$MLSAL_CACHE_DIR``, else ``$XDG_CACHE_HOME/mlsal``, else ``~/.cache/mlsal``."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip() in ("", "off") else Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path("~/.cache").expanduser())
    return Path(base) / "mlsal"


def _validator_version() -> bytes:
    """pydantic's version file, found without importing pydantic (that costs ~60 ms)."""
    with contextlib.suppress(ImportError, ValueError, OSError):
        spec = importlib.util.find_spec("pydantic")
        if spec is not None and spec.origin is not None:
            return (Path(spec.origin).parent / "version.py").read_bytes()
    return b"pydantic not found"


@functools.cache
def stamp() -> str:
    """What checked an entry's bands: mlsal's version and code, and pydantic's version."""
    here = Path(__file__).parent
    code = 0
    for name in _VALIDATING:
        with contextlib.suppress(OSError):
            code = zlib.crc32((here / name).read_bytes(), code)
    return f"mlsal {__version__}, code {code:08x}, pydantic {zlib.crc32(_validator_version()):08x}"


def _encode(value: object) -> object:
    """JSON for what ``json`` cannot write itself: models (tagged by name) and dates."""
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    if dataclasses.is_dataclass(value) and type(value).__name__ in MODELS:
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {_MODEL: type(value).__name__, **fields}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> object:
    """Build one JSON object back: a named model, a date, or a plain mapping.

    Lists become tuples (every sequence in the models is a tuple). Raises KeyError,
    TypeError or ValueError for an entry the models would not build.
    """
    if _DATE in obj:
        return dt.date.fromisoformat(obj[_DATE])
    name = obj.pop(_MODEL, None)
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in obj.items()}
    return values if name is None else MODELS[name](**values)


def encode_bands(raw: bytes, bands: BandsFile) -> bytes:
    """The cache entry for the validated bands of a file's bytes (valid UTF-8, as checked)."""
    entry = {"stamp": stamp(), "source": raw.decode("utf-8"), "bands": bands}
    return json.dumps(entry, default=_encode, ensure_ascii=False).encode()


def decode_bands(raw: bytes, entry: bytes) -> BandsFile:
    """The validated bands of ``raw`` from a cache entry; ValueError if it does not hold them."""
    try:
        content = json.loads(entry, object_hook=_decode)
    except (KeyError, TypeError, ValueError, RecursionError) as error:
        raise ValueError(f"not a bands cache entry ({error})") from None
    if not isinstance(content, dict) or not isinstance(content.get("bands"), BandsFile):
        raise ValueError("not a bands cache entry (no bands file in it)")
    if content.get("stamp") != stamp():
        raise ValueError("a bands cache entry of another mlsal or pydantic")
    source = content.get("source")
    if not isinstance(source, str) or source.encode("utf-8", errors="surrogatepass") != raw:
        raise ValueError("a bands cache entry of another file")
    bands: BandsFile = content["bands"]
    return bands


def _entry(raw: bytes) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"bands-{zlib.crc32(raw):08x}{zlib.crc32(stamp().encode()):08x}.json"


def cached_bands(raw: bytes) -> BandsFile | None:
    """The validated bands for these bytes if the cache holds them, else None."""
    entry = _entry(raw)
    if entry is None:
        return None
    try:
        return decode_bands(raw, entry.read_bytes())
    except (OSError, ValueError):
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
                stream.write(encode_bands(raw, bands))
            os.replace(temporary, entry)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(entry.parent, keep=entry)


def _prune(folder: Path, *, keep: Path) -> None:
    """Remove all but the MAX_ENTRIES most recently written entries (and ``keep``)."""
    entries = sorted(
        folder.glob("bands-*.json"), key=lambda path: path.stat().st_mtime, reverse=True
    )
    for stale in entries[MAX_ENTRIES:]:
        if stale != keep:
            with contextlib.suppress(OSError):
                stale.unlink()
