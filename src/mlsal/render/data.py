"""Rendering of a bands file's contents (``mlsal data info``) and of a validation result."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsal.render import Units, View, evidence_text, plain
from mlsal.render.money import format_money

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlsal.bands.freshness import Staleness
    from mlsal.bands.models import BandsFile, Factor
    from mlsal.bands.schema import Report

#: Columns of the CSV form of ``mlsal data info``: one row per band.
CSV_HEADER: tuple[str, ...] = (
    "country", "currency", "band", "years_from", "years_to", "reference_years",
    "low", "mid", "high", "source",
)  # fmt: skip


def validation_summary(report: Report) -> str:
    """One line for a valid file: what it holds."""
    bands = report.bands
    if bands is None:
        return f"{report.file}: {len(report.problems)} problem(s)"
    count = sum(len(country.bands) for country in bands.countries.values())
    return (
        f"{report.file}: valid: {len(bands.sources)} sources, {len(bands.countries)} countries, "
        f"{count} bands, {len(bands.factor_groups)} factor groups"
    )


_NUMBERS = frozenset({"Ref.", "Low", "Mid", "High"})


def _years(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def info_renderables(
    bands: BandsFile, file: str, stale: Sequence[Staleness], units: Units = Units.local
) -> list[RenderableType]:
    """The file's sources, countries with their bands, and the factor groups in use."""
    from rich.table import Table
    from rich.text import Text

    old = {entry.what for entry in stale}
    heading = Text.assemble(
        (bands.title, "bold"), f" · {file} · updated {bands.updated.isoformat()}"
    )
    sources = Table(title="Sources", title_justify="left", show_edge=False)
    for column in ("Key", "Period", "License", "Title"):
        sources.add_column(column, overflow="fold")
    for key, source in bands.sources.items():
        date = source.period
        if f"source '{key}'" in old:
            date += " (old)"
        sources.add_row(key, date, source.license or "", source.title)
    items: list[RenderableType] = [heading, "", sources]

    for code, country in bands.countries.items():

        def money(
            amount: int, currency: str = country.currency, where: str = country.locale
        ) -> str:
            return format_money(amount, currency, where, units)

        table = Table(
            title=f"{code} · {country.name} · {country.currency} · {country.pay_basis}",
            title_justify="left",
            show_edge=False,
        )
        for column in ("Band", "Years", "Ref.", "Low", "Mid", "High", "Source"):
            table.add_column(
                column, justify="right" if column in _NUMBERS else "left", overflow="fold"
            )
        for band in country.bands:
            table.add_row(
                band.label,
                band.years_wording,
                _years(band.reference_years),
                money(band.low),
                money(band.typical),
                money(band.high),
                band.source,
            )
        items += ["", table]

        groups = ", ".join(f"{dim} from {group}" for dim, group in country.factors.items())
        factors = Table(title=f"{code} factors ({groups})", title_justify="left", show_edge=False)
        factors.add_column("Factor", overflow="fold")
        factors.add_column("×", justify="right")
        factors.add_column("Evidence", overflow="fold")
        summarized = False
        for dimension, group_id in country.factors.items():
            group = bands.factor_groups[group_id].factors
            if len(group) > LISTED_MAX:
                factors.add_row(*_summary_row(dimension, group))
                summarized = True
            else:
                for factor in group:
                    evidence = factor.evidence
                    factors.add_row(
                        f"{dimension}: {factor.key}",
                        f"{factor.multiplier:.2f}",
                        evidence_text(evidence.kind, evidence.source, evidence.n),
                    )
            factors.add_section()
        items += ["", factors]
        if summarized:
            items.append(
                f"A group of more than {LISTED_MAX} choices is one row; "
                "`mlsal data info --format json` lists every choice."
            )
    return items


#: A factor group with more choices than this (the 581 US areas) is shown as one row: each
#: row of a Rich table costs about 0.5 M instructions, and 581 rows took data info from
#: 890 M instructions to 2,153 M (callgrind).
LISTED_MAX = 24


def _summary_row(dimension: str, group: Sequence[Factor]) -> tuple[str, str, str]:
    """One row for a large factor group: how many choices, their range, their evidence."""
    from collections import Counter

    low = min(factor.multiplier for factor in group)
    high = max(factor.multiplier for factor in group)
    kinds = Counter(evidence_text(f.evidence.kind, f.evidence.source, f.evidence.n) for f in group)
    shown = "; ".join(f"{text} ({count})" for text, count in kinds.most_common(2))
    if len(kinds) > 2:
        shown += f"; {len(kinds) - 2} more"
    return f"{dimension}: {len(group)} choices", f"{low:.2f}-{high:.2f}", shown


def info_payload(bands: BandsFile, file: str, stale: Sequence[Staleness]) -> dict[str, Any]:
    """The file in use, its staleness warnings and its whole validated content."""
    return {
        "file": file,
        "warnings": [str(entry) for entry in stale],
        "data": plain(bands),
    }


def info_rows(bands: BandsFile) -> list[Sequence[object]]:
    """One CSV row per band under ``CSV_HEADER``."""
    return [
        (
            code,
            country.currency,
            band.key,
            _years(band.years_from),
            _years(band.years_to),
            _years(band.reference_years),
            band.low,
            band.typical,
            band.high,
            band.source,
        )
        for code, country in bands.countries.items()
        for band in country.bands
    ]


def info_view(
    bands: BandsFile, file: str, stale: Sequence[Staleness], units: Units = Units.local
) -> View:
    """What ``mlsal data info`` shows, in every format."""
    return View(
        kind="data-info",
        payload=lambda: info_payload(bands, file, stale),
        header=CSV_HEADER,
        rows=lambda: info_rows(bands),
        renderables=lambda: info_renderables(bands, file, stale, units),
    )
