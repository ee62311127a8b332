"""Print one table of a benchmark run: medians, ratios to the floors, targets, met or missed.

Start-up is shown against both floors: ``import-floor`` (importing Typer and Rich) and
``typer-floor`` (``benchmarks/typer_floor.py``, a plain Typer app with the estimate's
options); its targets are judged against the Typer app. Batches are judged against
``csv-floor``, and their peak memory against a fixed limit. Wall-clock medians decide; the
ratio of mean CPU time (user + system) to the same floor is shown beside them because it moves
less when other work shares the machine. A missed target is reported, never failed on.

Usage: ``python benchmarks/report.py --memory memory.txt --startup S1.json ... --batch
B1.json ... [--markdown]`` (written by ``benchmarks/run.sh``: hyperfine JSON exports of the
rounds of one run, whose runs are pooled per command, named ``NAME``, ``NAME/first`` or
``NAME/warm``, and ``name rows kilobytes`` lines).
"""

from __future__ import annotations

import argparse
import json
import statistics
from dataclasses import dataclass
from pathlib import Path

IMPORT_FLOOR = "import-floor"
TYPER_FLOOR = "typer-floor"
CSV_FLOOR = "csv-floor"

#: Highest median ratio to a floor each measurement may reach (first and warm runs alike).
TARGETS: dict[str, tuple[str, float]] = {
    "estimate": (TYPER_FLOOR, 0.9),
    "compare": (TYPER_FLOOR, 0.9),
    "skills": (TYPER_FLOOR, 0.9),
    "market": (TYPER_FLOOR, 0.9),
    "data-info": (TYPER_FLOOR, 0.9),
    "takehome": (TYPER_FLOOR, 0.9),
    "completion": (TYPER_FLOOR, 0.6),
    "help": (TYPER_FLOOR, 0.4),
    "batch-csv": (CSV_FLOOR, 3.0),
    "batch-json": (CSV_FLOOR, 3.0),
}

#: Peak resident memory every batch run must stay under, in MiB.
MEMORY_LIMIT_MIB = 100

#: What each measurement runs, as shown in the table.
LABELS: dict[str, str] = {
    IMPORT_FLOOR: "import floor: python -c 'import typer, rich.console, rich.table'",
    TYPER_FLOOR: "Typer-app floor: typer_floor.py estimate ...",
    "typer-floor-again": "Typer-app floor again, last (drift)",
    "estimate": "mlsal estimate --country IN --years 5 --city Bengaluru --skill nlp",
    "estimate-json": "reference: the same estimate, --format json",
    "compare": "mlsal compare IN US",
    "skills": "mlsal skills",
    "market": "mlsal market",
    "data-info": "mlsal data info",
    "takehome": "mlsal takehome",
    "completion": "completion of --city values",
    "help": "mlsal --help",
    CSV_FLOOR: "csv floor: csv_floor.py FILE",
    "batch-csv": "batch, CSV out",
    "batch-json": "batch, JSON Lines out",
}

RUN_KINDS = {"first": "first run", "warm": "warm"}


@dataclass(frozen=True)
class Timing:
    """Median wall time and mean CPU time (user + system) of one command, in seconds."""

    median: float
    cpu: float


def timings(paths: list[Path]) -> dict[str, Timing]:
    """Every command of some hyperfine JSON exports, by name, with the runs of all pooled."""
    times: dict[str, list[float]] = {}
    cpu: dict[str, float] = {}
    for path in paths:
        for result in json.loads(path.read_text(encoding="utf-8"))["results"]:
            name, runs = result["command"], result["times"]
            times.setdefault(name, []).extend(runs)
            cpu[name] = cpu.get(name, 0.0) + (result["user"] + result["system"]) * len(runs)
    return {
        name: Timing(statistics.median(runs), cpu[name] / len(runs)) for name, runs in times.items()
    }


def label(name: str, rows: int | None = None) -> str:
    """How a measurement is shown: what it runs, which run (first or warm), how many rows."""
    base, _, kind = name.partition("/")
    text = LABELS.get(base, base)
    if kind:
        text += f" ({RUN_KINDS.get(kind, kind)})"
    if rows is not None:
        text += f", {rows:,} rows"
    return text


def ratio(value: float, floor: Timing | None, *, cpu: bool = False) -> str:
    if floor is None:
        return ""
    return f"{value / (floor.cpu if cpu else floor.median):.2f}"


def rows_of(
    startup: dict[str, Timing], batch: dict[str, Timing], memory: list[str], batch_rows: int
) -> list[list[str]]:
    """The table's rows: measurement, value, x import, x app, x csv, cpu x, target, result."""
    floors = startup | batch
    table: list[list[str]] = []
    for name, timing in floors.items():
        base = name.partition("/")[0]
        in_batch = name in batch
        target = TARGETS.get(base)
        judged = floors.get(target[0]) if target else None
        row = [
            label(name, batch_rows if in_batch else None),
            f"{timing.median * 1000:,.1f} ms",
            "" if in_batch else ratio(timing.median, floors.get(IMPORT_FLOOR)),
            "" if in_batch else ratio(timing.median, floors.get(TYPER_FLOOR)),
            ratio(timing.median, floors.get(CSV_FLOOR)) if in_batch else "",
        ]
        if target is None or judged is None:
            note = "(floor)" if name in (IMPORT_FLOOR, TYPER_FLOOR, CSV_FLOOR) else "(reference)"
            table.append([*row, "", note, ""])
            continue
        floor_name, limit = target
        ok = timing.median / judged.median <= limit
        short = {TYPER_FLOOR: "app", CSV_FLOOR: "csv"}[floor_name]
        table.append(
            [
                *row,
                ratio(timing.cpu, judged, cpu=True),
                f"<= {limit} x {short}",
                "met" if ok else "MISSED",
            ]
        )
    for line in memory:
        name, rows, kilobytes = line.split()
        mib = int(kilobytes) / 1024
        limited = name != CSV_FLOOR
        ok = mib < MEMORY_LIMIT_MIB
        table.append(
            [
                f"peak memory: {label(name, int(rows))}",
                f"{mib:.1f} MiB",
                "",
                "",
                "",
                "",
                f"< {MEMORY_LIMIT_MIB} MiB" if limited else "",
                ("met" if ok else "MISSED") if limited else "",
            ]
        )
    return table


HEADER = ["measurement", "median", "x import", "x app", "x csv", "cpu x", "target", "result"]


def print_text(table: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in [HEADER, *table]) for i in range(len(HEADER))]
    for row in [HEADER, *table]:
        cells = [
            cell.rjust(width) if 0 < column < 6 else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())


def print_markdown(table: list[list[str]]) -> None:
    print("| " + " | ".join(HEADER) + " |")
    print("|---|" + "---:|" * 5 + "---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    """Print the table of one run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--startup", type=Path, nargs="+", required=True)
    parser.add_argument("--batch", type=Path, nargs="+", required=True)
    parser.add_argument("--memory", type=Path, required=True)
    parser.add_argument("--batch-command", default="", help="How the batch was run, to show.")
    parser.add_argument("--markdown", action="store_true", help="A Markdown table.")
    args = parser.parse_args()
    startup, batch = timings(args.startup), timings(args.batch)
    memory = args.memory.read_text(encoding="utf-8").splitlines()
    batch_rows = int(memory[0].split()[1]) if memory else None
    table = rows_of(startup, batch, memory, batch_rows or 0)
    missed = [row[0] for row in table if row[-1] == "MISSED"]
    if not args.markdown:
        print()
    (print_markdown if args.markdown else print_text)(table)
    print()
    if args.batch_command:
        print(f"Batch run as: {args.batch_command}.")
    print(
        f"Targets: {len(missed)} missed"
        + (": " + "; ".join(missed) + "." if missed else ".")
        + " Start-up targets are judged on the median against the Typer-app floor."
    )


if __name__ == "__main__":
    main()
