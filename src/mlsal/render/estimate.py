"""Rendering of an estimate: the Rich view, its JSON document and its CSV row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsal.render import Units, View, evidence_text, plain

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlsal.pay.estimate import Estimate
    from mlsal.pay.offer import OfferPlacement

#: Columns of the CSV form of an estimate, one row per estimate.
CSV_HEADER: tuple[str, ...] = (
    "country", "currency", "years", "level", "low", "mid", "high", "multiplier",
    "skill", "education", "city", "employer", "role",
)  # fmt: skip


#: Width of the career path's bars: narrow enough that the table fits 80 columns.
PATH_BAR = 14


def _years(value: float) -> str:
    return f"{value:g}"


def estimate_warnings(est: Estimate, units: Units = Units.local) -> list[str]:
    """Warnings on an estimate: a mid above any pay a bundled source reports at its level."""
    if est.mid <= est.reported_top:
        return []
    from mlsal.render.money import format_money

    def money(amount: int) -> str:
        return format_money(amount, est.currency, est.locale, units)

    return [
        f"The estimate's mid, {money(est.mid)}, is above the largest pay any bundled source "
        f"reports for {est.level_label} ({est.published_years}) in {est.country_name}, "
        f"{money(est.reported_top)}: the factors stack beyond the evidence."
    ]


def employer_mapping(est: Estimate) -> str:
    """How the company named was counted: ``Flipkart, counted as Product company or startup
    (x3.30; company list from india-offers)``."""
    factor = next(f for f in est.factors if f.dimension == "employer")
    listed = f"; company list from {factor.source}" if factor.source else ""
    return f"{est.employer_company}, counted as {factor.label} (×{factor.multiplier:.2f}{listed})"


def estimate_renderables(
    est: Estimate, units: Units = Units.local, *, offer: int | None = None, ascii: bool = False
) -> list[RenderableType]:
    """The estimate, its breakdown, the career path and the notes, as Rich renderables.

    With ``offer``, the range's bar marks where it falls; ``ascii`` draws bars in ASCII.
    """
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from mlsal.render.layout import Block, Fitting, Hanging, offer_mark, range_bar, table_width
    from mlsal.render.money import format_money  # Babel: only when money is drawn

    def money(amount: int) -> str:
        return format_money(amount, est.currency, est.locale, units)

    role = next((f.label for f in est.factors if f.dimension == "role"), None)
    level = f"{est.level_label} ({est.published_years})"
    heading = Text.assemble(
        (f"{role or 'Machine Learning Engineer'} pay", "bold"),
        f" · {est.country_name} · {_years(est.years)} years · {level}",
    )
    headline = Text.assemble(
        (f"{money(est.low)} – {money(est.mid)} – {money(est.high)}", "bold green"),
        "  (low – mid – high, per year)",
    )
    # One scale for the estimate, the published range and the offer: 0 to the largest.
    top = max(est.high, est.published_high, offer or 0)
    pad = " " * 11
    lines: list[Hanging | Text | str] = [
        heading,
        Hanging("Estimate", headline),
        Text(pad + range_bar(est.low, est.mid, est.high, top, ascii=ascii)),
    ]
    if offer is not None:
        if offer < est.published_low:
            against = "below"
        elif offer > est.published_high:
            against = "above"
        else:
            against = "inside"
        lines.append(Text(pad + offer_mark(offer, top, ascii=ascii)))
        lines.append(
            Hanging(
                "Offer",
                f"{money(offer)} a year, {against} the published {est.published_years} range",
            )
        )
    published_mid = (est.published_low + est.published_high) // 2
    lines += [
        Hanging(
            "Published",
            f"{money(est.published_low)} – {money(est.published_high)}  "
            f"({est.published_years} as published, before factors)",
        ),
        Text(
            pad + range_bar(est.published_low, published_mid, est.published_high, top, ascii=ascii)
        ),
        Hanging("", est.published_relation),
    ]
    if est.data_date is not None:
        lines.append(
            Hanging(
                "Data age",
                f"newest source dated {est.data_date.isoformat()}, "
                f"{est.data_age_months} months old",
            )
        )
    if est.band_percentiles is not None:
        p = est.band_percentiles
        dated = f", {est.records_from} to {est.records_to}" if est.records_to else ""
        lines.append(
            Hanging(
                "Records",
                f"p10 {money(p.p10)} · p25 {money(p.p25)} · p50 {money(p.p50)} · "
                f"p75 {money(p.p75)} · p90 {money(p.p90)}  ({est.level_label} band, "
                f"n={est.band_n}{dated}; before factors)",
            )
        )
        lines.append(Hanging("Confidence", f"{est.confidence}: {est.confidence_reason}"))
    lines.append(Hanging("Based on", est.based_on))
    if est.employer_company is not None:
        lines.append(Hanging("Employer", employer_mapping(est)))
    if est.city_note is not None:
        lines.append(Hanging("Place", est.city_note))
    lines += [Hanging("Warning", w, style="bold red") for w in estimate_warnings(est, units)]
    if est.by_employer:
        neutral = [row.label for row in est.by_employer if row.multiplier == 1.0]
        level_of = f", the level of {' and '.join(neutral)}" if neutral else ""
        lines += [
            "",
            Text(
                f"No --employer given: the estimate is the market-wide band{level_of}. "
                "Pay differs by employer type; pick the row that matches yours "
                "(--employer KEY):",
                style="bold",
            ),
        ]
        ranges = [f"{money(r.low)} – {money(r.mid)} – {money(r.high)}" for r in est.by_employer]
        key_width = max(len(row.key) for row in est.by_employer) + 4
        range_width = max(len(text) for text in ranges)
        lines += [
            Hanging(
                f"  {row.key}", f"{text:<{range_width}}  {row.label}", indent=key_width, style=""
            )
            for row, text in zip(est.by_employer, ranges, strict=True)
        ]

    breakdown = Table(title="Why", title_justify="left", show_edge=False)
    breakdown.add_column("Step", overflow="fold")
    breakdown.add_column("×", justify="right")
    breakdown.add_column("Low", justify="right")
    breakdown.add_column("Mid", justify="right")
    breakdown.add_column("High", justify="right")
    breakdown.add_column("Evidence", overflow="fold")
    breakdown.add_row(
        f"Base at {_years(est.years)} years",
        "",
        money(est.base_low),
        money(est.base_mid),
        money(est.base_high),
        f"{est.band_n} records ({est.sources[0]})"
        if est.band_n is not None
        else f"article bands ({est.sources[0]})",
    )
    for factor in est.factors:
        breakdown.add_row(
            f"{factor.dimension}: {factor.label}",
            f"{factor.multiplier:.2f}",
            "",
            "",
            "",
            evidence_text(factor.evidence, factor.source, factor.n),
        )
    breakdown.add_row(
        Text("Estimate", style="bold"),
        f"{est.multiplier:.2f}",
        money(est.low),
        money(est.mid),
        money(est.high),
        "",
    )

    path_top = max(point.high for point in est.career_path)
    scale = f"0 to {money(path_top)}"
    title = "Career path (same profile)"
    path = Table(title=title, title_justify="left", show_edge=False)
    # Where the bars do not fit beside the figures, they follow in a table of their own.
    figures = Table(title=title, title_justify="left", show_edge=False)
    bars = Table(title="Career path as bars", title_justify="left", show_edge=False)
    for table in (path, figures):
        table.add_column("Years", justify="right")
        table.add_column("Level", overflow="fold")
        table.add_column("Low", justify="right", no_wrap=True)
        table.add_column("Mid", justify="right", no_wrap=True)
        table.add_column("High", justify="right", no_wrap=True)
    # The bar and the row's note share one cell (see mlsal.render.layout).
    path.add_column(scale, no_wrap=True)
    figures.add_column("Note")
    bars.add_column("Years", justify="right")
    bars.add_column(scale, no_wrap=True)
    cells: list[list[str]] = [["Years"], ["Low"], ["Mid"], ["High"], [scale]]
    for point in est.career_path:
        marks = []
        if point.current:
            marks.append("← you")
        if point.reference:
            marks.append("ref")
        bar = range_bar(point.low, point.mid, point.high, path_top, width=PATH_BAR, ascii=ascii)
        row = (_years(point.years), money(point.low), money(point.mid), money(point.high))
        note = " ".join(marks)
        style = "bold" if point.current else None
        path.add_row(row[0], point.level_label, *row[1:], f"{bar:<{PATH_BAR}} {note}".rstrip(),
                     style=style)  # fmt: skip
        figures.add_row(row[0], point.level_label, *row[1:], note, style=style)
        bars.add_row(row[0], bar, style=style)
        for column, text in zip(cells, (*row, f"{bar:<{PATH_BAR}} {note}"), strict=True):
            column.append(text)
    level_word = max(len(word) for p in est.career_path for word in p.level_label.split())
    career = Fitting(
        path, Group(figures, "", bars), least=table_width(cells, wrapped=level_word + 2) + 2
    )

    notes = [
        "Career path: each bar runs from low to high, ● the mid, on one scale; ref marks a "
        "band's reference point, where its published range applies exactly.",
        f"Pay: {est.pay_basis}. Band: {est.band_meaning}",
    ]
    if est.tail_high is not None:
        notes.append(f"Elite tail: packages reach {money(est.tail_high)} and more (article).")
    notes.extend(est.notes)
    notes.append(
        "Sources: " + ", ".join(est.sources) + " (mlsal data info; mlsal docs methodology)."
    )
    return [
        Block([*lines, ""]),
        breakdown,
        "",
        career,
        "",
        Block([Text(n, style="dim") for n in notes]),
    ]


def estimate_payload(est: Estimate) -> dict[str, Any]:
    """The estimate as a JSON-ready mapping (amounts as numbers in the currency's unit)."""
    payload: dict[str, Any] = plain(est)
    payload["warnings"] = estimate_warnings(est)
    return payload


def estimate_row(est: Estimate) -> Sequence[object]:
    """The estimate as one CSV row under ``CSV_HEADER``."""
    chosen = {factor.dimension: factor.key for factor in est.factors}
    return (
        est.country,
        est.currency,
        _years(est.years),
        est.level,
        est.low,
        est.mid,
        est.high,
        f"{est.multiplier:.4f}",
        chosen.get("skill", ""),
        chosen.get("education", ""),
        chosen.get("city", ""),
        chosen.get("employer", ""),
        chosen.get("role", ""),
    )


def estimate_view(
    est: Estimate, units: Units = Units.local, offer: OfferPlacement | None = None
) -> View:
    """The estimate in every format; with an offer, its placement follows in each."""
    if offer is None:
        return View(
            kind="estimate",
            payload=lambda: estimate_payload(est),
            header=CSV_HEADER,
            rows=lambda: [estimate_row(est)],
            renderables=lambda: estimate_renderables(est, units),
        )
    from mlsal.render.offer import CSV_COLUMNS, offer_columns, offer_payload, offer_renderables

    return View(
        kind="estimate",
        payload=lambda: {**estimate_payload(est), "offer": offer_payload(offer)},
        header=(*CSV_HEADER, *CSV_COLUMNS),
        rows=lambda: [(*estimate_row(est), *offer_columns(offer))],
        renderables=lambda: [
            *estimate_renderables(est, units, offer=offer.amount),
            *offer_renderables(offer, est.locale, units),
        ],
    )
