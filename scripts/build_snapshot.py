"""Write what mlsal ships pre-built: the bundled bands file's models, validated now, and the
CLDR money facts read from the Babel installed (``mlsal.render.money``).

Run after changing ``data/bands.yaml`` or any module of ``mlsal.bands`` (or ``mlsal.value``),
or after upgrading Babel; ``tests/test_snapshot.py`` and ``tests/test_money.py`` fail until it
is run. ``--check`` only says whether both are current.

    python scripts/build_snapshot.py [--check]

The checkout's own ``src`` is imported, whatever mlsal is installed, since the snapshot's
stamp is of that code.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BANDS = ROOT / "data" / "bands.yaml"
DATA = ROOT / "src" / "mlsal" / "data"
SNAPSHOT = DATA / "bands.snapshot.json"

sys.path.insert(0, str(ROOT / "src"))

from mlsal.bands.snapshot import build_snapshot  # noqa: E402
from mlsal.errors import DataFileError  # noqa: E402
from mlsal.render.money import CONVENTIONS, build_conventions  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a product is stale")
    check = parser.parse_args().check
    try:
        snapshot = build_snapshot(BANDS.read_bytes(), str(BANDS.relative_to(ROOT)))
    except DataFileError as error:
        print(f"build_snapshot: {error}", file=sys.stderr)
        return 1
    stale = [
        path
        for path, content in ((SNAPSHOT, snapshot), (DATA / CONVENTIONS, build_conventions()))
        if not _current(path, content, check=check)
    ]
    return 1 if check and stale else 0


def _current(path: Path, content: bytes, *, check: bool) -> bool:
    """Whether ``path`` holds ``content``; unless ``check``, write it when it does not."""
    name = path.relative_to(ROOT)
    current = path.read_bytes() if path.exists() else b""
    if check or content == current:
        state = "current" if content == current else "stale: run scripts/build_snapshot.py"
        print(f"{name} is {state}")
        return content == current
    fd, temporary = tempfile.mkstemp(prefix=".build-", dir=path.parent)
    with os.fdopen(fd, "wb") as stream:
        stream.write(content)
    os.chmod(temporary, 0o644)  # mkstemp's 0o600 would travel into the wheel
    os.replace(temporary, path)
    print(f"wrote {name} ({len(content):,} bytes)")
    return True


if __name__ == "__main__":
    sys.exit(main())
