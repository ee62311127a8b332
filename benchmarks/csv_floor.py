"""The I/O floor for batch runs: read a CSV file with the csv module and write every row back.

Usage: ``python benchmarks/csv_floor.py FILE > out.csv``. Nothing else is done per row.
"""

from __future__ import annotations

import csv
import sys


def main() -> None:
    """Copy the CSV file named on the command line to stdout, row by row."""
    with open(sys.argv[1], encoding="utf-8", newline="") as source:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        for row in csv.reader(source):
            writer.writerow(row)


if __name__ == "__main__":
    main()
