"""Rendering of the skills report: specializations by pay impact, then the essential skills."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlsal.render import View, evidence_text, plain

if TYPE_CHECKING:
    from rich.console import RenderableType

    from mlsal.pay.skills import SkillsReport, Specialization

#: Columns of the CSV form: one row per specialization per country.
CSV_HEADER: tuple[str, ...] = (
    "country", "key", "label", "multiplier", "evidence", "source", "n", "observed", "method",
)  # fmt: skip


#: Records an observed ratio needs before it is used as a multiplier (scripts/derive_factors.py).
MIN_N = 15


def skill_evidence(row: Specialization) -> str:
    """A specialization's evidence in plain words: why an observed ratio is unused, or no data."""
    text = evidence_text(row.evidence, row.source, row.n, observed=row.observed)
    if row.evidence == "assumption" and row.observed is not None and row.n is not None:
        where = f", {row.source}" if row.source else ""
        return (
            f"assumption{where}: observed {row.observed:.2f} from only {row.n} records, "
            f"too few to use ({MIN_N} needed)"
            if row.n < MIN_N
            else f"{text}: not used"
        )
    if row.evidence == "assumption" and row.n is None:
        return f"the {row.source or 'data file'}'s claim, no data" if row.source else text
    return text


def shared_claims(report: SkillsReport) -> list[str]:
    """A line per country where several specializations share one unmeasured claim."""
    lines: list[str] = []
    groups: dict[tuple[str, float, str | None], list[str]] = {}
    for row in report.specializations:
        if row.evidence == "assumption" and row.n is None:
            groups.setdefault((row.country, row.multiplier, row.source), []).append(row.label)
    for (country, multiplier, source), labels in groups.items():
        if len(labels) > 1:
            lines.append(
                f"{country}: {len(labels)} specializations share {multiplier:.2f}, one claim "
                f"of the {source or 'data file'} with no data behind it: not a ranking."
            )
    return lines


def skills_renderables(report: SkillsReport) -> list[RenderableType]:
    """Two tables: specializations (highest multiplier first) and the essential skills."""
    from rich.table import Table
    from rich.text import Text

    items: list[RenderableType] = []
    if report.specializations:
        table = Table(title="Specializations by pay impact", title_justify="left", show_edge=False)
        table.add_column("Country", overflow="fold")
        table.add_column("Specialization", overflow="fold")
        table.add_column("×", justify="right")
        table.add_column("Evidence", overflow="fold")
        for index, row in enumerate(report.specializations):
            if index and row.country != report.specializations[index - 1].country:
                table.add_section()
            table.add_row(row.country, row.label, f"{row.multiplier:.2f}", skill_evidence(row))
        items += [table, ""]
        items += [Text(line, style="dim") for line in shared_claims(report)]
    if report.essential:
        skills = Table(
            title="Essential skills (the article's claims)", title_justify="left", show_edge=False
        )
        skills.add_column("Skill", overflow="fold")
        skills.add_column("What the article says it is for", overflow="fold")
        skills.add_column("Tools it names", overflow="fold")
        for skill in report.essential:
            skills.add_row(skill.label, skill.purpose, ", ".join(skill.tools) or "-")
        items += [skills, ""]
    items.append(
        Text(
            "× multiplies the estimate's pay (1.00 = neutral); evidence 'data' is measured "
            "from pay records, 'assumption' is reasoned; the reasoning of each is in "
            "--format json or csv (method) and mlsal docs methodology.",
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
