"""Print the medians, the ratios to the floors and the peak memory of one benchmark run.

Wall-clock medians decide the targets; the mean CPU time (user + system) of each command is
shown beside them because it moves less when other work shares the machine.

Usage: ``python benchmarks/report.py startup.json batch.json memory.txt`` (files written by
``benchmarks/run.sh``: two hyperfine JSON exports and ``name rows kilobytes`` lines).
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

#: Highest median ratio to the floor each measurement may reach.
TARGETS: dict[str, tuple[str, float]] = {
    "completion": ("floor", 1.2),
    "help": ("floor", 1.2),
    "estimate": ("floor", 1.5),
    "batch-csv": ("csv-floor", 3.0),
    "batch-jsonl": ("csv-floor", 3.0),
}

#: Measurements shown as ratios to a floor but without a target.
REFERENCES: dict[str, str] = {"estimate-json": "floor", "estimate-uncached": "floor"}

#: Peak resident memory every batch run must stay under, in MiB.
MEMORY_LIMIT_MIB = 100


def medians(path: Path) -> dict[str, tuple[float, float]]:
    """(median wall time, mean user + system CPU time) in seconds of every command."""
    results = json.loads(path.read_text(encoding="utf-8"))["results"]
    return {r["command"]: (statistics.median(r["times"]), r["user"] + r["system"]) for r in results}


def main() -> int:
    """Print the report; exit 1 if a target is missed."""
    startup, batch, memory = (Path(arg) for arg in sys.argv[1:4])
    times = medians(startup) | medians(batch)
    missed = 0
    print(
        f"\n{'measurement':<14}{'median':>11}{'ratio':>8}{'cpu':>10}{'ratio':>8}"
        "  target (median ratio)"
    )
    for name, (seconds, cpu) in times.items():
        shown = f"{name:<14}{seconds * 1000:>9.1f}ms"
        floor = TARGETS[name][0] if name in TARGETS else REFERENCES.get(name, name)
        ratio = seconds / times[floor][0]
        cpu_ratio = cpu / times[floor][1]
        if name not in TARGETS:
            note = "(floor)" if floor == name else f"(reference, x {floor})"
            print(f"{shown}{ratio:>8.2f}{cpu * 1000:>8.1f}ms{cpu_ratio:>8.2f}  {note}")
            continue
        limit = TARGETS[name][1]
        ok = ratio <= limit
        missed += not ok
        verdict = "met" if ok else "MISSED"
        print(
            f"{shown}{ratio:>8.2f}{cpu * 1000:>8.1f}ms{cpu_ratio:>8.2f}"
            f"  <= {limit} x {floor}: {verdict}"
        )
    print(f"\n{'peak memory':<14}{'rows':>11}{'MiB':>8}")
    for line in memory.read_text(encoding="utf-8").splitlines():
        name, rows, kilobytes = line.split()
        mib = int(kilobytes) / 1024
        limited = name.startswith("batch")
        ok = not limited or mib < MEMORY_LIMIT_MIB
        missed += not ok
        note = f"  < {MEMORY_LIMIT_MIB}: {'met' if ok else 'MISSED'}" if limited else ""
        print(f"{name:<14}{int(rows):>11,}{mib:>8.1f}{note}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
