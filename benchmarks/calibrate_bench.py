"""Time and memory of ``mlsal calibrate`` and ``mlsal backtest`` against a plain CSV read.

Generates survey-schema records (1,000,000 by default; all numbers are random draws, not
pay data), then runs each step in a fresh process and prints its wall time, its CPU time
(user + system, steadier than wall time on a shared machine), peak memory (max RSS) and its
CPU time as a multiple of a plain ``csv.reader`` pass over the same file. A run on 2,000 rows
shows each command's fixed start-up cost (imports, loading the bundled bands).
The goal (issue 7): calibrate and backtest within 4x the plain read, memory flat (the peak
for 1,000,000 records close to the peak for 100,000).

    python benchmarks/calibrate_bench.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = (
    "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    "salary_in_usd,employee_residence,remote_ratio,company_location,company_size\n"
)
TITLES = ("Machine Learning Engineer", "Data Scientist", "Data Engineer", "ML Engineer")
LEVELS = (("EN", 90_000), ("MI", 130_000), ("SE", 180_000), ("EX", 230_000))
COUNTRIES = (("US", "USD", 1.0), ("IN", "INR", 83.0), ("GB", "GBP", 0.8))

PLAIN_READ = "import csv, sys\nfor _ in csv.reader(open(sys.argv[1], newline='')): pass\n"


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Write ``rows`` random survey-schema records (salaries rounded to 100, like surveys)."""
    draw = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        for _ in range(rows):
            level, centre = draw.choice(LEVELS)
            country, currency, rate = draw.choice(COUNTRIES)
            usd = max(1_000, round(draw.lognormvariate(0, 0.35) * centre, -2))
            local = round(usd * rate, -2)
            out.write(
                f"{draw.choice((2021, 2022, 2023))},{level},FT,{draw.choice(TITLES)},"
                f"{local:.0f},{currency},{usd:.0f},{country},100,{country},M\n"
            )


def run(argv: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (KiB) of one command in a fresh process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        message = child.stderr.read().decode() if child.stderr else ""
        raise SystemExit(f"failed ({child.returncode}): {' '.join(argv)}\n{message}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def best(argv: list[str], repeat: int) -> tuple[float, float, int]:
    """The fastest wall and CPU time of ``repeat`` runs, and the largest peak memory seen."""
    runs = [run(argv) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


def measure(folder: Path, rows: int, repeat: int) -> dict[str, tuple[float, float, int]]:
    records = folder / f"records-{rows}.csv"
    generate(records, rows)
    bands = folder / f"bands-{rows}.yaml"
    filters = ["--title", "*Engineer", "--employment", "FT"]
    mlsal = [sys.executable, "-m", "mlsal"]
    steps = {
        "plain csv read": [sys.executable, "-c", PLAIN_READ, str(records)],
        "calibrate": [*mlsal, "calibrate", str(records), "-o", str(bands), "--force", *filters],
        "backtest": [*mlsal, "backtest", str(bands), str(records), *filters],
    }
    results: dict[str, tuple[float, float, int]] = {}
    for name, argv in steps.items():
        results[name] = best(argv, repeat)
    records.unlink()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000, help="rows for the memory check")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tiny = measure(Path(folder), 2_000, options.repeat)
        small = measure(Path(folder), options.small, options.repeat)
        large = measure(Path(folder), options.rows, options.repeat)
    print(
        f"{'step':<16}{'rows':>10}{'wall s':>8}{'CPU s':>8}{'x plain (CPU)':>15}{'max RSS MiB':>13}"
    )
    for rows, results in ((2_000, tiny), (options.small, small), (options.rows, large)):
        base = results["plain csv read"][1]
        for name, (wall, cpu, rss) in results.items():
            print(
                f"{name:<16}{rows:>10}{wall:>8.2f}{cpu:>8.2f}{cpu / base:>15.2f}{rss / 1024:>13.1f}"
            )
    print()
    floor = large["plain csv read"][1]
    for name in ("calibrate", "backtest"):
        ratio = large[name][1] / floor
        wall = large[name][0] / large["plain csv read"][0]
        start = tiny[name][1]
        streaming = (large[name][1] - start) / (floor - tiny["plain csv read"][1])
        growth = large[name][2] / small[name][2]
        verdict = "ok" if ratio <= 4 else "over the 4x goal"
        print(
            f"{name}: CPU {ratio:.2f}x the plain read ({verdict}; wall {wall:.2f}x); "
            f"without the {start:.2f} s start-up {streaming:.2f}x; peak memory at "
            f"{options.rows:,} rows {growth:.2f}x the peak at {options.small:,}"
        )


if __name__ == "__main__":
    main()
