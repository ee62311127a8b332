"""Write the snapshot of the bundled bands file: its models, validated now, for mlsal to ship.

Run after changing ``data/bands.yaml`` or any module of ``mlsal.bands`` (or ``mlsal.value``);
``tests/test_snapshot.py`` fails until it is run. ``--check`` only says whether it is current.

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
SNAPSHOT = ROOT / "src" / "mlsal" / "data" / "bands.snapshot.json"

sys.path.insert(0, str(ROOT / "src"))

from mlsal.bands.snapshot import build_snapshot  # noqa: E402
from mlsal.errors import DataFileError  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the snapshot is stale")
    check = parser.parse_args().check
    try:
        content = build_snapshot(BANDS.read_bytes(), str(BANDS.relative_to(ROOT)))
    except DataFileError as error:
        print(f"build_snapshot: {error}", file=sys.stderr)
        return 1
    current = SNAPSHOT.read_bytes() if SNAPSHOT.exists() else b""
    if check:
        state = "current" if content == current else "stale: run scripts/build_snapshot.py"
        print(f"{SNAPSHOT.relative_to(ROOT)} is {state}")
        return 0 if content == current else 1
    if content == current:
        print(f"{SNAPSHOT.relative_to(ROOT)} is already current")
        return 0
    fd, temporary = tempfile.mkstemp(prefix=".snapshot-", dir=SNAPSHOT.parent)
    with os.fdopen(fd, "wb") as stream:
        stream.write(content)
    os.chmod(temporary, 0o644)  # mkstemp's 0o600 would travel into the wheel
    os.replace(temporary, SNAPSHOT)
    print(f"wrote {SNAPSHOT.relative_to(ROOT)} ({len(content):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
