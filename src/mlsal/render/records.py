"""Rendering of calibrate and backtest results: Rich tables, JSON documents, CSV rows, notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsal.render import Units, View, plain
from mlsal.render.money import format_money

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlsal.records.backtest import Backtest, BandCheck
    from mlsal.records.calibrate import Calibration, CalibrationSummary, Skipped

#: Columns of the CSV form of a backtest, one row per band.
BACKTEST_CSV_HEADER: tuple[str, ...] = (
    "country",
    "currency",
    "level",
    "years",
    "low",
    "mid",
    "high",
    "stated_share",
    "band_n",
    "n",
    "inside",
    "share",
    "median",
    "median_vs_mid",
)

#: Columns of the CSV form of a calibration, one row per band (kept or left out).
CALIBRATION_CSV_HEADER: tuple[str, ...] = (
    "country",
    "currency",
    "level",
    "code",
    "years",
    "n",
    "p10",
    "p25",
    "p50",
    "p75",
    "p90",
    "records_from",
    "records_to",
    "kept",
)


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share:.0%}"


def _signed_percent(change: float | None) -> str:
    return "" if change is None else f"{change:+.0%}"


def _span(first: dt.date | None, last: dt.date | None) -> str:
    """``2022-2023`` for whole years, else ``2025-01-04 to 2025-06-30``."""
    if first is None or last is None:
        return ""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return f"{first.year}" if first.year == last.year else f"{first.year}-{last.year}"
    return f"{first} to {last}"


def read_notes(
    *, bad: int, bad_examples: Sequence[tuple[int, str]], skipped: Sequence[Skipped]
) -> list[str]:
    """Lines for stderr about rows that were not used: bad rows (with numbers) and skips."""
    notes = []
    if bad:
        shown = "; ".join(f"line {line}: {reason}" for line, reason in bad_examples)
        more = f"; and {bad - len(bad_examples)} more" if bad > len(bad_examples) else ""
        notes.append(f"{bad} bad row{'s' if bad != 1 else ''} skipped ({shown}{more})")
    for skip in skipped:
        notes.append(f"{skip.n} {skip.country} record{'s' if skip.n != 1 else ''} skipped: "
                     f"{skip.reason}")  # fmt: skip
    return notes


def calibration_notes(cal: CalibrationSummary) -> list[str]:
    """Lines for stderr: rows not used, and every band left out for having too few records."""
    notes = read_notes(bad=cal.bad, bad_examples=cal.bad_examples, skipped=cal.skipped)
    for band in cal.bands:
        if not band.kept:
            notes.append(
                f"left out {band.country} {band.label} ({band.code}, {band.years}): "
                f"{band.n} record{'s' if band.n != 1 else ''}, fewer than --min-n {cal.min_n}"
            )
    return notes


def calibration_renderables(cal: Calibration, units: Units = Units.local) -> list[RenderableType]:
    """The calibrated bands as a Rich table, with a line on what was read."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Calibrated bands", title_justify="left", show_edge=False)
    for name in ("Band", "Years", "n"):
        table.add_column(name, justify="right" if name == "n" else "left")
    for name in ("P10", "P25", "P50", "P75", "P90"):
        table.add_column(name, justify="right")
    table.add_column("Dates")
    for band in cal.bands:
        values = (band.p10, band.p25, band.p50, band.p75, band.p90)
        amounts = [
            "" if v is None else format_money(v, band.currency, band.locale, units) for v in values
        ]
        table.add_row(
            f"{band.country} {band.label} ({band.code})",
            band.years,
            str(band.n) if band.kept else f"{band.n}*",
            *amounts,
            _span(band.records_from, band.records_to),
        )
    summary = (
        f"{cal.used} records used of {cal.rows} rows in {cal.records} ({cal.schema_name} "
        f"schema; {cal.filters}); {cal.filtered} filtered out, {cal.bad} bad."
    )
    if not all(band.kept for band in cal.bands):
        summary += f" * Left out: fewer than --min-n {cal.min_n} records."
    return [table, Text(summary, style="dim")]


def calibration_payload(cal: Calibration, output: str) -> dict[str, Any]:
    """The calibration as a JSON-ready mapping (without the YAML text, which is the output)."""
    payload: dict[str, Any] = plain(cal)
    del payload["yaml_text"]
    payload["bad_examples"] = [{"row": row, "reason": why} for row, why in cal.bad_examples]
    payload["output"] = output
    return payload


def calibration_rows(cal: Calibration) -> list[Sequence[object]]:
    """The calibrated bands as CSV rows under ``CALIBRATION_CSV_HEADER``."""
    return [
        (
            b.country,
            b.currency,
            b.level,
            b.code,
            b.years,
            b.n,
            *("" if v is None else v for v in (b.p10, b.p25, b.p50, b.p75, b.p90)),
            b.records_from or "",
            b.records_to or "",
            "yes" if b.kept else "no",
        )
        for b in cal.bands
    ]


def _check_cells(check: BandCheck, units: Units) -> list[str]:
    def money(amount: int | None) -> str:
        return "" if amount is None else format_money(amount, check.currency, check.locale, units)

    inside = f"{check.inside} ({_percent(check.share)})" if check.n else ""
    band_n = "" if check.band_n is None else f" (n={check.band_n})"
    return [
        f"{check.country} {check.label}{band_n}",
        check.years,
        f"{money(check.low)} – {money(check.high)}",
        str(check.n),
        inside,
        _percent(check.stated_share) or "–",
        money(check.median),
        money(check.mid),
        _signed_percent(check.median_vs_mid),
    ]


def backtest_renderables(result: Backtest, units: Units = Units.compact) -> list[RenderableType]:
    """The backtest as a Rich table, one row per band, with a line on what was read."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Backtest of {result.bands_file}", title_justify="left", show_edge=False)
    for name, right in (
        ("Band", False), ("Years", False), ("Range", True), ("Records", True),
        ("Inside", True), ("Expected", True), ("Median", True), ("Mid", True), ("vs mid", True),
    ):  # fmt: skip
        table.add_column(name, justify="right" if right else "left")
    for check in result.checks:
        table.add_row(*_check_cells(check, units))
    summary = (
        f"{result.used} records of {result.rows} rows in {result.records} "
        f"({result.schema_name} schema; {result.filters}); {result.filtered} filtered out, "
        f"{result.bad} bad. A band's records: those of its country whose years fall in it; "
        "Expected: the share its percentiles say should fall inside (– when not stated)."
    )
    return [table, Text(summary, style="dim")]


def backtest_payload(result: Backtest) -> dict[str, Any]:
    """The backtest as a JSON-ready mapping."""
    payload: dict[str, Any] = plain(result)
    payload["bad_examples"] = [{"row": row, "reason": why} for row, why in result.bad_examples]
    return payload


def backtest_rows(result: Backtest) -> list[Sequence[object]]:
    """The backtest as CSV rows under ``BACKTEST_CSV_HEADER``."""

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.4f}"

    return [
        (
            c.country,
            c.currency,
            c.level,
            c.years,
            c.low,
            c.mid,
            c.high,
            number(c.stated_share),
            "" if c.band_n is None else c.band_n,
            c.n,
            c.inside,
            number(c.share),
            "" if c.median is None else c.median,
            number(c.median_vs_mid),
        )
        for c in result.checks
    ]


def calibration_view(cal: Calibration, output: str, units: Units = Units.compact) -> View:
    """What calibrate built, in every format (the bands file itself is written apart)."""
    return View(
        kind="calibration",
        payload=lambda: calibration_payload(cal, output),
        header=CALIBRATION_CSV_HEADER,
        rows=lambda: calibration_rows(cal),
        renderables=lambda: calibration_renderables(cal, units),
    )


def backtest_view(result: Backtest, units: Units = Units.compact) -> View:
    """A backtest in every format."""
    return View(
        kind="backtest",
        payload=lambda: backtest_payload(result),
        header=BACKTEST_CSV_HEADER,
        rows=lambda: backtest_rows(result),
        renderables=lambda: backtest_renderables(result, units),
    )
