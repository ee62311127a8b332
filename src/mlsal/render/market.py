"""Rendering of the hiring report: industries, recruiters per country and career facts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsal.render import View, plain

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlsal.pay.hiring import HiringReport

#: Columns of the CSV form: one row per item, tagged with its section.
CSV_HEADER: tuple[str, ...] = ("section", "country", "item", "detail", "source")


def market_renderables(report: HiringReport) -> list[RenderableType]:
    """Industries hiring, the recruiters named per country and the career facts."""
    from rich.table import Table
    from rich.text import Text

    claim = f"the article's claims ({report.source})"
    industries = Table(
        title=f"Industries hiring ML engineers: {claim}", title_justify="left", show_edge=False
    )
    industries.add_column("Industry")
    industries.add_column("Work named")
    industries.add_column("Countries")
    for item in report.industries:
        industries.add_row(item.label, ", ".join(item.examples), ", ".join(item.countries))
    recruiters = Table(title=f"Top recruiters: {claim}", title_justify="left", show_edge=False)
    recruiters.add_column("Country")
    recruiters.add_column("Named")
    recruiters.add_column("The article says")
    for entry in report.recruiters:
        recruiters.add_row(entry.country_name, ", ".join(entry.names), entry.claim)
    facts = Table(title=f"Career facts: {claim}", title_justify="left", show_edge=False)
    facts.add_column("Question")
    facts.add_column("The article's answer")
    for fact in report.facts:
        facts.add_row(fact.question, fact.answer)
    note = Text(
        f"Source: {report.source_title}. These are the article's statements, not measured "
        "here; it cites no data for them, except where checked below.",
        style="dim",
    )
    items: list[RenderableType] = [industries, "", recruiters, "", facts, "", note]
    if report.checks:
        checks = Table(
            title="Checked against records: do ML engineers earn more than data scientists?",
            title_justify="left",
            show_edge=False,
        )
        for column in ("Country", "Data scientist ÷ ML engineer", "ML engineers earn", "n"):
            checks.add_column(column, justify="left" if column == "Country" else "right")
        checks.add_column("Finding", overflow="fold")
        for check in report.checks:
            checks.add_row(
                check.country_name,
                f"{check.ratio:.3f}",
                f"{check.gap_pct:+.1f}%",
                f"{check.n:,}",
                f"{check.finding} ({check.source})",
            )
        items += ["", checks]
    return items


def market_payload(report: HiringReport) -> dict[str, Any]:
    """The hiring report as a JSON-ready mapping."""
    payload: dict[str, Any] = plain(report)
    return payload


def market_rows(report: HiringReport) -> list[Sequence[object]]:
    """Every item as a CSV row under ``CSV_HEADER``."""
    rows: list[Sequence[object]] = []
    for item in report.industries:
        rows.append(
            (
                "industry",
                " ".join(item.countries),
                item.label,
                ", ".join(item.examples),
                report.source,
            )
        )
    for entry in report.recruiters:
        for name in entry.names:
            rows.append(("recruiter", entry.country, name, entry.claim, report.source))
    for fact in report.facts:
        rows.append(("fact", "", fact.question, fact.answer, report.source))
    for check in report.checks:
        detail = (
            f"data scientist / ML engineer {check.ratio:.3f} (n={check.n}): ML engineers earn "
            f"{check.gap_pct:+.1f}%; {check.finding}"
        )
        rows.append(("check", check.country, check.fact, detail, check.source))
    return rows


def market_view(report: HiringReport) -> View:
    """The market result in every format."""
    return View(
        kind="market",
        payload=lambda: market_payload(report),
        header=CSV_HEADER,
        rows=lambda: market_rows(report),
        renderables=lambda: market_renderables(report),
    )
