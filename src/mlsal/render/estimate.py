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


def _years(value: float) -> str:
    return f"{value:g}"


def estimate_renderables(est: Estimate, units: Units = Units.local) -> list[RenderableType]:
    """The estimate, its breakdown, the career path and the notes, as Rich renderables."""
    from rich.table import Table
    from rich.text import Text

    from mlsal.render.money import format_money  # Babel: only when money is drawn

    def money(amount: int) -> str:
        return format_money(amount, est.currency, est.locale, units)

    role = next((f.label for f in est.factors if f.dimension == "role"), None)
    heading = Text.assemble(
        (f"{role or 'Machine Learning Engineer'} pay", "bold"),
        f" · {est.country_name} · {_years(est.years)} years · {est.level_label} ({est.band_years})",
    )
    headline = Text.assemble(
        ("Estimate  ", "bold"),
        (f"{money(est.low)} – {money(est.mid)} – {money(est.high)}", "bold green"),
        "  (low – mid – high, per year)",
    )
    evidence_lines = [
        Text.assemble(("Confidence  ", "bold"), f"{est.confidence}: {est.confidence_reason}")
    ]
    if est.data_date is not None:
        evidence_lines.append(
            Text.assemble(
                ("Data age  ", "bold"),
                f"newest source dated {est.data_date.isoformat()}, "
                f"{est.data_age_months} months old",
            )
        )
    if est.band_percentiles is not None:
        p = est.band_percentiles
        dated = f", {est.records_from} to {est.records_to}" if est.records_to else ""
        evidence_lines.insert(
            0,
            Text.assemble(
                ("Records  ", "bold"),
                f"p10 {money(p.p10)} · p25 {money(p.p25)} · p50 {money(p.p50)} · "
                f"p75 {money(p.p75)} · p90 {money(p.p90)}  ({est.level_label} band, "
                f"n={est.band_n}{dated}; before factors)",
            ),
        )

    breakdown = Table(title="Why", title_justify="left", show_edge=False)
    breakdown.add_column("Step")
    breakdown.add_column("×", justify="right")
    breakdown.add_column("Low", justify="right")
    breakdown.add_column("Mid", justify="right")
    breakdown.add_column("High", justify="right")
    breakdown.add_column("Evidence")
    breakdown.add_row(
        f"{est.level_label} band at {_years(est.years)} y",
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

    path = Table(title="Career path (same profile)", title_justify="left", show_edge=False)
    path.add_column("Years", justify="right")
    path.add_column("Level")
    path.add_column("Low", justify="right")
    path.add_column("Mid", justify="right")
    path.add_column("High", justify="right")
    path.add_column("")
    for point in est.career_path:
        marks = []
        if point.current:
            marks.append("← you")
        if point.reference:
            marks.append("band reference")
        path.add_row(
            _years(point.years),
            point.level_label,
            money(point.low),
            money(point.mid),
            money(point.high),
            ", ".join(marks),
            style="bold" if point.current else None,
        )

    notes = [f"Pay: {est.pay_basis}. Band: {est.band_meaning}"]
    if est.tail_high is not None:
        notes.append(f"Elite tail: packages reach {money(est.tail_high)} and more (article).")
    notes.extend(est.notes)
    notes.append("Sources: " + ", ".join(est.sources) + " (mlsal data info; docs/methodology.md).")
    return [
        heading,
        headline,
        *evidence_lines,
        "",
        breakdown,
        "",
        path,
        "",
        *(Text(n, style="dim") for n in notes),
    ]


def estimate_payload(est: Estimate) -> dict[str, Any]:
    """The estimate as a JSON-ready mapping (amounts as numbers in the currency's unit)."""
    payload: dict[str, Any] = plain(est)
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
            *estimate_renderables(est, units),
            *offer_renderables(offer, est.locale, units),
        ],
    )
