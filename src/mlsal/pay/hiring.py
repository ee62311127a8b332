"""Who hires ML engineers and the career facts readers ask about: the article's claims.

Pure functions: data in, data out.
"""

from __future__ import annotations

from mlsal.bands.models import BandsFile
from mlsal.bands.names import country_codes
from mlsal.errors import DataFileError
from mlsal.value import Value, frozen


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
class ClaimCheck(Value):
    """A career fact checked against measured records in one country."""

    fact: str
    country: str
    country_name: str
    #: Data scientists' pay as a fraction of ML engineers' at equal level (measured, unrounded).
    ratio: float
    #: How much more ML engineers earn, in percent (1 / ratio - 1).
    gap_pct: float
    n: int
    source: str
    method: str
    finding: str


#: The article's FAQ claim that the role factors can check.
ROLE_GAP_FACT = "ml-vs-data-science-pay"


def role_gap_checks(bands: BandsFile, codes: tuple[str, ...]) -> tuple[ClaimCheck, ...]:
    """The measured ML engineer vs data scientist gap in each country whose role factors
    price data scientists from records."""
    checks: list[ClaimCheck] = []
    for code in codes:
        group_id = bands.countries[code].factors.get("role")
        group = bands.factor_groups.get(group_id) if group_id else None
        factor = (
            next((f for f in group.factors if f.key == "data-scientist"), None) if group else None
        )
        if factor is None or factor.refused is not None or factor.evidence.kind != "data":
            continue
        evidence = factor.evidence
        ratio = evidence.observed if evidence.observed is not None else factor.multiplier
        gap = (1 / ratio - 1) * 100
        if gap <= 0:
            finding = "not supported: data scientists earn as much or more"
        elif gap <= 15:
            finding = "supported: ML engineers earn slightly more"
        else:
            finding = "ML engineers earn more, by more than 'slightly'"
        checks.append(
            ClaimCheck(
                fact=ROLE_GAP_FACT,
                country=code,
                country_name=bands.countries[code].name,
                ratio=ratio,
                gap_pct=round(gap, 1),
                n=evidence.n or 0,
                source=evidence.source or "",
                method=" ".join(evidence.method.split()),
                finding=finding,
            )
        )
    return tuple(checks)


@frozen
class HiringReport(Value):
    """Who hires ML engineers and the career facts: every item is the source's claim."""

    source: str
    source_title: str
    countries: tuple[str, ...]
    industries: tuple[IndustryView, ...]
    recruiters: tuple[RecruitersView, ...]
    facts: tuple[FactView, ...]
    checks: tuple[ClaimCheck, ...] = ()


def hiring_report(bands: BandsFile, *, country: str | None = None) -> HiringReport:
    """Industries hiring, the recruiters named per country and the career facts."""
    codes = country_codes(bands, country)
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
        checks=role_gap_checks(bands, codes),
    )
