"""Resolve what a person typed (any case, an alias, a near miss) to a known key: a country
of the bands file as its Market, and a factor within it."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from mlsal.errors import InputError
from mlsal.value import Value, frozen

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile, Country, Factor, FactorGroup

#: Up to this many valid choices are listed beside a suggestion.
MAX_LISTED = 12


def fold(text: str) -> str:
    """Case-, spacing- and punctuation-insensitive form used for matching names
    (``St. Louis``, ``st louis``; ``Portland, OR``, ``portland-or``)."""
    spaced = text.replace("_", " ").replace("-", " ").replace(",", " ").replace(".", " ")
    return " ".join(spaced.split()).casefold()


def resolve(what: str, typed: str, names: Mapping[str, str], *, shown: Iterable[str]) -> str:
    """Return the key that ``typed`` names in ``names`` (folded name -> key).

    Raises InputError naming the bad value and the closest valid ones (from ``shown``).
    """
    key = names.get(fold(typed))
    if key is not None:
        return key
    choices = list(shown)
    close = difflib.get_close_matches(fold(typed), list(names), n=6, cutoff=0.6)
    suggested = list(dict.fromkeys(names[name] for name in close))[:3]
    if len(choices) <= MAX_LISTED:
        valid = "valid: " + ", ".join(choices)
    else:  # 580 US areas: name how to see them rather than print them all
        valid = (
            f"{len(choices)} are valid ({', '.join(choices[:3])}, ...; mlsal data info lists them)"
        )
    if suggested:
        suggestion = "did you mean " + ", ".join(suggested) + "?"
        hint = f"{suggestion} ({valid})" if len(choices) <= MAX_LISTED else suggestion
    else:
        hint = valid
    raise InputError(f"unknown {what} '{typed}'; {hint}")


@frozen
class Market(Value):
    """A country with its factor groups resolved, ready for lookups."""

    code: str
    country: Country
    groups: dict[str, FactorGroup]

    def factor(self, dimension: str, typed: str) -> Factor:
        """The factor a person named in one dimension (case, aliases and near misses handled)."""
        group = self.groups.get(dimension)
        if group is None:
            raise InputError(f"{self.code} has no {dimension} factors in this data file")
        names: dict[str, str] = {}
        for factor in group.factors:
            for name in (factor.key, *factor.aliases):
                names[fold(name)] = factor.key
        key = resolve(dimension, typed, names, shown=[f.key for f in group.factors])
        factor = next(f for f in group.factors if f.key == key)
        if factor.refused is not None:
            raise InputError(f"{dimension} '{key}' is not priced for {self.code}: {factor.refused}")
        return factor


def market(bands: BandsFile, country: str) -> Market:
    """Resolve a country code or name (``IN``, ``india``, ``USA``) to its market."""
    names: dict[str, str] = {}
    for code, entry in bands.countries.items():
        for name in (code, entry.name, *entry.aliases):
            names[fold(name)] = code
    code = resolve("country", country, names, shown=sorted(bands.countries))
    entry = bands.countries[code]
    groups = {dimension: bands.factor_groups[gid] for dimension, gid in entry.factors.items()}
    return Market(code=code, country=entry, groups=groups)


def country_codes(bands: BandsFile, country: str | None) -> tuple[str, ...]:
    """The codes of every country in ``bands`` (None), or of the one a person named."""
    return tuple(bands.countries) if country is None else (market(bands, country).code,)
