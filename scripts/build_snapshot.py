"""Write what mlsal ships pre-built: the models of the bundled bands file and of the bundled
tax rules, validated now, and the CLDR money facts read from the Babel installed.

Run after changing ``data/bands.yaml``, ``src/mlsal/data/tax.yaml``, any module of
``mlsal.bands``, ``mlsal.value``, ``mlsal.codec`` or of those that check tax rules
(``mlsal.tax.snapshot.tax_validating_modules``), or after upgrading Babel;
``tests/test_snapshot.py``, ``tests/test_tax_rules.py`` and ``tests/test_money.py`` fail until
it is run. ``--check`` only says whether all three are current.

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
RULES = DATA / "tax.yaml"
TAX_SNAPSHOT = DATA / "tax.snapshot.json"

sys.path.insert(0, str(ROOT / "src"))

from mlsal.bands.snapshot import build_snapshot  # noqa: E402
from mlsal.errors import DataFileError  # noqa: E402
from mlsal.render.money import CONVENTIONS, build_conventions  # noqa: E402
from mlsal.tax.loader import check_tax_bytes  # noqa: E402
from mlsal.tax.snapshot import encode_rules  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a product is stale")
    check = parser.parse_args().check
    try:
        snapshot = build_snapshot(BANDS.read_bytes(), str(BANDS.relative_to(ROOT)))
    except DataFileError as error:
        print(f"build_snapshot: {error}", file=sys.stderr)
        return 1
    raw_rules = RULES.read_bytes()
    report = check_tax_bytes(raw_rules, str(RULES.relative_to(ROOT)))
    if report.rules is None:
        for problem in report.problems:
            print(f"build_snapshot: {problem}", file=sys.stderr)
        return 1
    products = (
        (SNAPSHOT, snapshot),
        (TAX_SNAPSHOT, encode_rules(raw_rules, report.rules)),
        (DATA / CONVENTIONS, build_conventions()),
    )
    stale = [path for path, content in products if not _current(path, content, check=check)]
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
