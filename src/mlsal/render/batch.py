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

from mlsal.pay.batch import CACHE_LIMIT, PayPoint, PricedRow, RejectedRow, ResolvedProfile
from mlsal.render import SCHEMA_VERSION

#: Columns of batch output; ``row`` is the input row (1 = first row after the header).
BATCH_HEADER: tuple[str, ...] = (
    "row", "country", "currency", "years", "level", "low", "mid", "high", "multiplier",
    "skill", "education", "city", "employer", "role", "offer",
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
        "role": p.role,
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
    keys = (p.skill or "", p.education or "", p.city or "", p.employer or "", p.role or "")
    return head, _csv_cells((f"{p.multiplier:.4f}", *keys))


def _point_csv(at: PayPoint) -> str:
    return _csv_cells((f"{at.years:g}", at.level))


def _profile_json(p: ResolvedProfile) -> tuple[str, str]:
    head = f'"country":{json.dumps(p.country)},"currency":{json.dumps(p.currency)},'
    tail = (
        f'"multiplier":{json.dumps(p.multiplier)},"skill":{json.dumps(p.skill)},'
        f'"education":{json.dumps(p.education)},"city":{json.dumps(p.city)},'
        f'"employer":{json.dumps(p.employer)},"role":{json.dumps(p.role)},'
    )
    return head, tail


def _point_json(at: PayPoint) -> str:
    return f'"years":{json.dumps(at.years)},"level":{json.dumps(at.level)},'


class _Texts:
    """Text of shared row parts, made once per shared object; both memos are bounded."""

    def __init__(
        self,
        profile_text: Callable[[ResolvedProfile], tuple[str, str]],
        point_text: Callable[[PayPoint], str],
    ) -> None:
        self.profiles: dict[ResolvedProfile, tuple[str, str]] = {}
        self.points: dict[PayPoint, str] = {}
        self._profile_text = profile_text
        self._point_text = point_text

    def profile(self, profile: ResolvedProfile) -> tuple[str, str]:
        if len(self.profiles) >= CACHE_LIMIT:
            self.profiles.clear()
        text = self.profiles[profile] = self._profile_text(profile)
        return text

    def point(self, point: PayPoint) -> str:
        if len(self.points) >= CACHE_LIMIT:
            self.points.clear()
        text = self.points[point] = self._point_text(point)
        return text


def write_batch_csv(
    results: Iterable[PricedRow | RejectedRow],
    out: IO[str],
    on_rejected: Callable[[RejectedRow], None],
) -> None:
    """A header, then one CSV row per estimate; rejected rows go to ``on_rejected``."""
    texts = _Texts(_profile_csv, _point_csv)
    profiles, points = texts.profiles, texts.points
    # The header waits with the first block, so an input that fails early prints nothing.
    lines: list[str] = [_csv_cells(BATCH_HEADER) + "\n"]
    for r in results:
        if isinstance(r, RejectedRow):
            on_rejected(r)
            continue
        row, profile, point, low, mid, high, offer = r
        head, tail = profiles.get(profile) or texts.profile(profile)
        at = points.get(point) or texts.point(point)
        offer_text = "" if offer is None else offer
        lines.append(f"{row},{head},{at},{low},{mid},{high},{tail},{offer_text}\n")
        if len(lines) >= BLOCK:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))


def write_batch_jsonl(
    results: Iterable[PricedRow | RejectedRow],
    out: IO[str],
    on_rejected: Callable[[RejectedRow], None],
) -> None:
    """One JSON object per line and per estimate; rejected rows go to ``on_rejected``.

    Each line is ``schema_version``, then the JSON text of ``batch_record`` for the row, keys in
    ``BATCH_HEADER`` order, without spaces (JSON Lines is for programs; a line of the
    compact form is 11% shorter).
    """
    texts = _Texts(_profile_json, _point_json)
    profiles, points = texts.profiles, texts.points
    lines: list[str] = []
    for r in results:
        if isinstance(r, RejectedRow):
            on_rejected(r)
            continue
        row, profile, point, low, mid, high, offer = r
        head, tail = profiles.get(profile) or texts.profile(profile)
        at = points.get(point) or texts.point(point)
        offer_text = "null" if offer is None else offer
        lines.append(
            f'{{"schema_version":{SCHEMA_VERSION},"row":{row},{head}{at}'
            f'"low":{low},"mid":{mid},"high":{high},'
            f'{tail}"offer":{offer_text}}}\n'
        )
        if len(lines) >= BLOCK:
            out.write("".join(lines))
            lines.clear()
    out.write("".join(lines))
