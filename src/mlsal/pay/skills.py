"""Specializations by pay impact, with their evidence, and the article's essential skills.

Pure functions: data in, data out.
"""

from __future__ import annotations

from mlsal.bands.models import BandsFile
from mlsal.bands.names import country_codes, market
from mlsal.errors import DataFileError
from mlsal.value import Value, frozen


@frozen
class Specialization(Value):
    """One specialization in one country: its multiplier and the evidence for it."""

    country: str
    key: str
    label: str
    multiplier: float
    evidence: str
    source: str | None
    n: int | None
    observed: float | None
    method: str


@frozen
class EssentialSkillView(Value):
    """A skill the article calls essential, what it is for and the tools it names."""

    key: str
    label: str
    purpose: str
    tools: tuple[str, ...]
    source: str


@frozen
class SkillsReport(Value):
    """Specializations sorted by pay impact per country, then the essential skills."""

    countries: tuple[str, ...]
    specializations: tuple[Specialization, ...]
    essential: tuple[EssentialSkillView, ...]


def skills_report(bands: BandsFile, *, country: str | None = None) -> SkillsReport:
    """Each country's specializations, highest multiplier first, and the essential skills."""
    codes = country_codes(bands, country)
    rows: list[Specialization] = []
    for code in codes:
        group = market(bands, code).groups.get("skill")
        if group is None:
            continue
        ranked = sorted(group.factors, key=lambda factor: -factor.multiplier)
        rows += [
            Specialization(
                country=code,
                key=factor.key,
                label=factor.label,
                multiplier=factor.multiplier,
                evidence=factor.evidence.kind,
                source=factor.evidence.source,
                n=factor.evidence.n,
                observed=factor.evidence.observed,
                method=" ".join(factor.evidence.method.split()),
            )
            for factor in ranked
        ]
    essential = tuple(
        EssentialSkillView(
            key=skill.key,
            label=skill.label,
            purpose=" ".join(skill.purpose.split()),
            tools=skill.tools,
            source=skill.source,
        )
        for skill in bands.essential_skills
    )
    if not rows and not essential:
        raise DataFileError("the data file has no skill factors and no essential_skills")
    return SkillsReport(countries=codes, specializations=tuple(rows), essential=essential)
