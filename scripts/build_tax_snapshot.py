"""Write the snapshot of the bundled tax rules file: its models, validated now, for mlsal to ship.

Run after changing ``src/mlsal/data/tax.yaml`` or ``src/mlsal/tax/models.py``;
``tests/test_tax_rules.py`` fails until it is run. ``--check`` only says whether it is current.

    python scripts/build_tax_snapshot.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "src" / "mlsal" / "data" / "tax.yaml"
SNAPSHOT = ROOT / "src" / "mlsal" / "data" / "tax.snapshot.json"

sys.path.insert(0, str(ROOT / "src"))

from mlsal.tax.loader import check_tax_bytes  # noqa: E402
from mlsal.tax.snapshot import encode_rules  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the snapshot is stale")
    check = parser.parse_args().check
    raw = RULES.read_bytes()
    report = check_tax_bytes(raw, str(RULES.relative_to(ROOT)))
    if report.rules is None:
        for problem in report.problems:
            print(f"build_tax_snapshot: {problem}", file=sys.stderr)
        return 1
    content = encode_rules(raw, report.rules)
    current = SNAPSHOT.read_bytes() if SNAPSHOT.exists() else b""
    if check:
        state = "current" if content == current else "stale: run scripts/build_tax_snapshot.py"
        print(f"{SNAPSHOT.relative_to(ROOT)} is {state}")
        return 0 if content == current else 1
    if content == current:
        print(f"{SNAPSHOT.relative_to(ROOT)} is already current")
        return 0
    SNAPSHOT.write_bytes(content)
    print(f"wrote {SNAPSHOT.relative_to(ROOT)} ({len(content):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
