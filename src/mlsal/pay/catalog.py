"""Skills and market facts from the bands file: specializations by pay impact, the article's
essential skills, who hires and the career facts readers ask about.

Pure functions: data in, data out.
"""

from __future__ import annotations

from mlsal.bands.models import BandsFile
from mlsal.bands.names import market
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


@frozen
class IndustryView(Value):
    """An industry hiring ML engineers, with the work named for it."""

    label: str
    examples: tuple[str, ...]
    countries: tuple[str, ...]


@frozen
class RecruitersView(Value):
    """The employers named as hiring in one country, and the claim about them."""

    country: str
    country_name: str
    names: tuple[str, ...]
    claim: str


@frozen
class FactView(Value):
    """A question readers ask and the source's answer."""

    key: str
    question: str
    answer: str


@frozen
class HiringReport(Value):
    """Who hires ML engineers and the career facts: every item is the source's claim."""

    source: str
    source_title: str
    countries: tuple[str, ...]
    industries: tuple[IndustryView, ...]
    recruiters: tuple[RecruitersView, ...]
    facts: tuple[FactView, ...]


def _countries(bands: BandsFile, country: str | None) -> tuple[str, ...]:
    return tuple(bands.countries) if country is None else (market(bands, country).code,)


def skills_report(bands: BandsFile, *, country: str | None = None) -> SkillsReport:
    """Each country's specializations, highest multiplier first, and the essential skills."""
    codes = _countries(bands, country)
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


def hiring_report(bands: BandsFile, *, country: str | None = None) -> HiringReport:
    """Industries hiring, the recruiters named per country and the career facts."""
    codes = _countries(bands, country)
    facts = bands.market
    if facts is None:
        raise DataFileError("the data file has no market section")
    industries = tuple(
        IndustryView(
            label=item.label,
            examples=item.examples,
            countries=tuple(c for c in item.countries if c in codes),
        )
        for item in facts.industries
        if any(c in codes for c in item.countries)
    )
    recruiters = tuple(
        RecruitersView(
            country=code,
            country_name=bands.countries[code].name,
            names=facts.recruiters[code].names,
            claim=facts.recruiters[code].claim,
        )
        for code in codes
        if code in facts.recruiters
    )
    return HiringReport(
        source=facts.source,
        source_title=bands.sources[facts.source].title,
        countries=codes,
        industries=industries,
        recruiters=recruiters,
        facts=tuple(
            FactView(key=f.key, question=f.question, answer=" ".join(f.answer.split()))
            for f in facts.facts
        ),
    )
