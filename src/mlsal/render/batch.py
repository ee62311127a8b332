"""Rendering of batch estimates: one CSV row or one JSON Lines record per input row.

Rows share their resolved profile and pay point with many others, so the text of those
parts is made once per shared object (in bounded memos) and each row only adds its number,
its three amounts and its offer. Lines are written in blocks to save calls.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from typing import IO

from mlsal.batch import CACHE_LIMIT, PayPoint, PricedRow, RejectedRow, ResolvedProfile

#: Columns of batch output; ``row`` is the input row (1 = first row after the header).
BATCH_HEADER: tuple[str, ...] = (
    "row", "country", "currency", "years", "level", "low", "mid", "high", "multiplier",
    "skill", "education", "city", "employer", "offer",
)  # fmt: skip

#: Lines gathered before one write.
BLOCK = 512


def batch_record(priced: PricedRow) -> dict[str, object]:
    """One estimate as a mapping under ``BATCH_HEADER`` (what each JSON line holds)."""
    p, at = priced.profile, priced.point
    return {
        "row": priced.row,
        "country": p.country,
        "currency": p.currency,
        "years": at.years,
        "level": at.level,
        "low": priced.low,
        "mid": priced.mid,
        "high": priced.high,
        "multiplier": p.multiplier,
        "skill": p.skill,
        "education": p.education,
        "city": p.city,
        "employer": p.employer,
        "offer": priced.offer,
    }


def _csv_cells(values: Iterable[object]) -> str:
    """Values as CSV cells joined by commas (quoted where needed), no line end."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def _profile_csv(p: ResolvedProfile) -> tuple[str, str]:
    """The CSV text before the years (country, currency) and after the amounts."""
    head = _csv_cells((p.country, p.currency))
    keys = (p.skill or "", p.education or "", p.city or "", p.employer or "")
    return head, _csv_cells((f"{p.multiplier:.4f}", *keys))


def _point_csv(at: PayPoint) -> str:
    return _csv_cells((f"{at.years:g}", at.level))


def _profile_json(p: ResolvedProfile) -> tuple[str, str]:
    head = f'"country": {json.dumps(p.country)}, "currency": {json.dumps(p.currency)}, '
    tail = (
        f'"multiplier": {json.dumps(p.multiplier)}, "skill": {json.dumps(p.skill)}, '
        f'"education": {json.dumps(p.education)}, "city": {json.dumps(p.city)}, '
        f'"employer": {json.dumps(p.employer)}, '
    )
    return head, tail


def _point_json(at: PayPoint) -> str:
    return f'"years": {json.dumps(at.years)}, "level": {json.dumps(at.level)}, '


def _write_lines(
    results: Iterable[PricedRow | RejectedRow],
    out: IO[str],
    on_rejected: Callable[[RejectedRow], None],
    profile_text: Callable[[ResolvedProfile], tuple[str, str]],
    point_text: Callable[[PayPoint], str],
    line: Callable[[int, str, str, str, int, int, int, object], str],
) -> None:
    """Write one line per estimate, in blocks; texts of shared parts are made once each."""
    profiles: dict[ResolvedProfile, tuple[str, str]] = {}
    points: dict[PayPoint, str] = {}
    lines: list[str] = []
    for r in results:
        if isinstance(r, RejectedRow):
            on_rejected(r)
            continue
        row, profile, point, low, mid, high, offer = r
        texts = profiles.get(profile)
        if texts is None:
            if len(profiles) >= CACHE_LIMIT:
                profiles.clear()
            texts = profiles[profile] = profile_text(profile)
        at = points.get(point)
        if at is None:
            if len(points) >= CACHE_LIMIT:
                points.clear()
            at = points[point] = point_text(point)
        lines.append(line(row, texts[0], at, texts[1], low, mid, high, offer))
        if len(lines) >= BLOCK:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


def _csv_line(
    row: int, head: str, at: str, tail: str, low: int, mid: int, high: int, offer: object
) -> str:
    return f"{row},{head},{at},{low},{mid},{high},{tail},{'' if offer is None else offer}\n"


def _json_line(
    row: int, head: str, at: str, tail: str, low: int, mid: int, high: int, offer: object
) -> str:
    return (
        f'{{"row": {row}, {head}{at}"low": {low}, "mid": {mid}, "high": {high}, '
        f'{tail}"offer": {"null" if offer is None else offer}}}\n'
    )


def write_batch_csv(
    results: Iterable[PricedRow | RejectedRow],
    out: IO[str],
    on_rejected: Callable[[RejectedRow], None],
) -> None:
    """A header, then one CSV row per estimate; rejected rows go to ``on_rejected``."""
    out.write(_csv_cells(BATCH_HEADER) + "\n")
    _write_lines(results, out, on_rejected, _profile_csv, _point_csv, _csv_line)


def write_batch_jsonl(
    results: Iterable[PricedRow | RejectedRow],
    out: IO[str],
    on_rejected: Callable[[RejectedRow], None],
) -> None:
    """One JSON object per line and per estimate; rejected rows go to ``on_rejected``.

    Each line is the JSON text of ``batch_record`` for the row, keys in ``BATCH_HEADER`` order.
    """
    _write_lines(results, out, on_rejected, _profile_json, _point_json, _json_line)
