"""Rendering of the skills report: specializations by pay impact, then the essential skills."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsal.render import View, evidence_text, plain

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlsal.pay.skills import SkillsReport

#: Columns of the CSV form: one row per specialization per country.
CSV_HEADER: tuple[str, ...] = (
    "country", "key", "label", "multiplier", "evidence", "source", "n", "observed", "method",
)  # fmt: skip


def skills_renderables(report: SkillsReport) -> list[RenderableType]:
    """Two tables: specializations (highest multiplier first) and the essential skills."""
    from rich.table import Table
    from rich.text import Text

    items: list[RenderableType] = []
    if report.specializations:
        table = Table(title="Specializations by pay impact", title_justify="left", show_edge=False)
        table.add_column("Country")
        table.add_column("Specialization")
        table.add_column("×", justify="right")
        table.add_column("Evidence")
        for index, row in enumerate(report.specializations):
            if index and row.country != report.specializations[index - 1].country:
                table.add_section()
            table.add_row(
                row.country,
                row.label,
                f"{row.multiplier:.2f}",
                evidence_text(row.evidence, row.source, row.n, observed=row.observed),
            )
        items += [table, ""]
    if report.essential:
        skills = Table(
            title="Essential skills (the article's claims)", title_justify="left", show_edge=False
        )
        skills.add_column("Skill")
        skills.add_column("What the article says it is for")
        skills.add_column("Tools it names")
        for skill in report.essential:
            skills.add_row(skill.label, skill.purpose, ", ".join(skill.tools) or "-")
        items += [skills, ""]
    items.append(
        Text(
            "× multiplies the estimate's pay (1.00 = neutral); evidence 'data' is measured "
            "from pay records, 'assumption' is reasoned; the reasoning of each is in "
            "--format json or csv (method) and docs/methodology.md.",
            style="dim",
        )
    )
    return items


def skills_payload(report: SkillsReport) -> dict[str, Any]:
    """The skills report as a JSON-ready mapping."""
    payload: dict[str, Any] = plain(report)
    return payload


def skills_rows(report: SkillsReport) -> list[Sequence[object]]:
    """The specializations as CSV rows under ``CSV_HEADER``."""
    return [
        (
            row.country,
            row.key,
            row.label,
            f"{row.multiplier:.2f}",
            row.evidence,
            row.source or "",
            "" if row.n is None else row.n,
            "" if row.observed is None else row.observed,
            row.method,
        )
        for row in report.specializations
    ]


def skills_view(report: SkillsReport) -> View:
    """The skills result in every format."""
    return View(
        kind="skills",
        payload=lambda: skills_payload(report),
        header=CSV_HEADER,
        rows=lambda: skills_rows(report),
        renderables=lambda: skills_renderables(report),
    )
