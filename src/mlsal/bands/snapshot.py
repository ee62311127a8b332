"""The bundled bands file, validated when mlsal is built, so no run ever parses or checks it.

``mlsal/data/bands.snapshot.json`` is a :mod:`mlsal.codec` entry for the bundled
``bands.yaml``, written by ``scripts/build_snapshot.py``; ``tests/test_snapshot.py`` fails
when the file or any validating module changes and it is not written again. It is used only
for bytes equal to the bundled file's, and only when the text it holds and its stamp equal
that file and this code, compared in full; anything else goes to the cache or is validated.

Its stamp is the validating code's alone, without pydantic's and Babel's versions: the
snapshot is made with the builder's, and that the bundled file passes under the versions
mlsal supports is what the test suite checks (as it checks Babel's money formats).

Benchmark figure: a first run after install of ``mlsal estimate --country IN --years 5``
executes 948 M instructions, as a warm run does, where parsing and validating the bundled
file made it 1,225 M (callgrind; a minimal Typer app printing a Rich table: 762 M).
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from mlsal.bands.codec import CODEC, bands_code_stamp
from mlsal.errors import DataFileError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from mlsal.bands.models import BandsFile

#: The bundled bands file and its snapshot, in the package's ``data`` folder.
BUNDLED = "bands.yaml"
SNAPSHOT = "bands.snapshot.json"


def data_folder() -> Traversable:
    """The package's ``data`` folder, which holds the bundled file and its snapshot."""
    return resources.files("mlsal") / "data"


def snapshot_bands(raw: bytes) -> BandsFile | None:
    """The bundled file's models when ``raw`` is its bytes and the snapshot is current."""
    code = bands_code_stamp()
    if code is None:
        return None
    data = data_folder()
    try:
        if raw != (data / BUNDLED).read_bytes():  # another file: not the snapshot's to answer
            return None
        entry = (data / SNAPSHOT).read_bytes()
    except OSError:
        return None
    try:
        return CODEC.decode(raw, entry, stamp=code)
    except ValueError:
        return None


def build_snapshot(raw: bytes, name: str) -> bytes:
    """The snapshot of a bands file's bytes, validated now; ``name`` labels its problems.

    Raises DataFileError when the file does not validate or the code cannot be read.
    """
    from mlsal.bands.schema import check_bytes

    report = check_bytes(raw, name)
    if report.bands is None:
        raise DataFileError("\n".join(map(str, report.problems)))
    code = bands_code_stamp()
    if code is None:
        raise DataFileError("the validating modules cannot be read: no snapshot")
    content = CODEC.encode(raw, report.bands, stamp=code, limit=len(raw) * 100)
    if content is None:
        raise DataFileError(f"{name}: its models are over 100 times its size: no snapshot")
    return content + b"\n"
