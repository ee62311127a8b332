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
class HiringReport(Value):
    """Who hires ML engineers and the career facts: every item is the source's claim."""

    source: str
    source_title: str
    countries: tuple[str, ...]
    industries: tuple[IndustryView, ...]
    recruiters: tuple[RecruitersView, ...]
    facts: tuple[FactView, ...]


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
    )
