"""Salary counts and their quantiles: what calibrate and backtest compute from records.

Salaries are kept as counts per figure (a multiset), so memory grows with the number of
distinct figures, not with the number of records.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


def quantiles(counts: Mapping[int, int], fractions: Iterable[float]) -> list[float]:
    """Quantiles of a multiset given as value -> count, by linear interpolation.

    The same definition as ``statistics.quantiles(method="inclusive")`` and numpy's default:
    the value at rank ``(n - 1) * q`` of the sorted records, interpolated between neighbours.
    Each result lies between the smallest and the largest value; ValueError when empty.
    """
    items = sorted((value, count) for value, count in counts.items() if count > 0)
    values = [value for value, _ in items]
    cumulative = list(itertools.accumulate(count for _, count in items))
    if not cumulative:
        raise ValueError("no values")
    total = cumulative[-1]

    def value_at(rank: int) -> int:
        return values[bisect.bisect_right(cumulative, rank)]

    results = []
    for q in fractions:
        if not 0 <= q <= 1:
            raise ValueError(f"quantile {q} is not a fraction from 0 to 1")
        rank = q * (total - 1)
        below = math.floor(rank)
        low = value_at(below)
        high = value_at(below + 1) if rank > below else low
        results.append(low + (high - low) * (rank - below))
    return results


@dataclass
class Tally:
    """Salaries of one group of records, as counts per figure, with their date span."""

    counts: Counter[int] = field(default_factory=Counter)
    n: int = 0
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    def merge(self, counts: Counter[int], span: tuple[dt.date, dt.date] | None) -> None:
        """Add a group of salary counts and widen the date span to hold its dates."""
        self.counts.update(counts)
        self.n += counts.total()
        if span is None:
            return
        first, last = span
        if self.first_day is None or first < self.first_day:
            self.first_day = first
        if self.last_day is None or last > self.last_day:
            self.last_day = last
