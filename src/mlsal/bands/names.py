"""Resolve what a person typed (any case, an alias, a near miss) to a known key: a country
of the bands file as its Market, and a factor within it."""

from __future__ import annotations

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


def resolve(
    what: str,
    typed: str,
    names: Mapping[str, str],
    *,
    shown: Iterable[str],
    covered: str | None = None,
    valid: str | None = None,
    written: Mapping[str, str] | None = None,
) -> str:
    """Return the key that ``typed`` names in ``names`` (folded name -> key).

    Raises InputError naming the bad value, the closest valid ones and the valid ones (from
    ``shown``; ``valid`` says them in its own words instead), and what covers a value not
    listed (``covered``). ``written`` gives a folded name's own spelling, suggested in place
    of its key (a company's name).
    """
    key = names.get(fold(typed))
    if key is not None:
        return key
    import difflib  # only a value not known needs it

    choices = list(shown)
    close = difflib.get_close_matches(fold(typed), list(names), n=6, cutoff=0.6)
    spelled = written or {}
    suggested = list(dict.fromkeys(spelled.get(name, names[name]) for name in close))[:3]
    if valid is None and len(choices) <= MAX_LISTED:
        valid = "valid: " + ", ".join(choices)
    elif valid is None:  # 580 US areas: name how to see them rather than print them all
        valid = (
            f"{len(choices)} are valid ({', '.join(choices[:3])}, ...; mlsal data info lists them)"
        )
    if not suggested:
        hint = valid if covered is None else f"{covered}; {valid}"
    else:
        said = [valid] if len(choices) <= MAX_LISTED else []
        said += [covered] if covered is not None else []
        hint = "did you mean " + ", ".join(suggested) + "?"
        if said:
            hint += f" ({'; '.join(said)})"
    raise InputError(f"unknown {what} '{typed}'; {hint}")


@frozen
class Market(Value):
    """A country with its factor groups resolved, ready for lookups."""

    code: str
    country: Country
    groups: dict[str, FactorGroup]

    def factor(self, dimension: str, typed: str) -> Factor:
        """The factor a person named in one dimension (case, aliases and near misses handled)."""
        return self.choice(dimension, typed)[0]

    def choice(self, dimension: str, typed: str) -> tuple[Factor, str | None]:
        """The factor a person named in one dimension, and the company named, as the group's
        list writes it (``flipkart`` -> ``Flipkart``), when a company was named."""
        group = self.groups.get(dimension)
        if group is None:
            raise InputError(f"{self.code} has no {dimension} factors in this data file")
        names: dict[str, str] = {}
        companies: dict[str, str] = {}
        for factor in group.factors:
            for name in (factor.key, *factor.aliases):
                names[fold(name)] = factor.key
            for company in factor.companies:
                names[fold(company)] = factor.key
                companies[fold(company)] = company
        key = names.get(fold(typed))
        if key is None:  # resolve raises, saying what covers it
            keys = [f.key for f in group.factors]
            key = resolve(
                dimension,
                typed,
                names,
                shown=keys,
                covered=_covered(group, typed),
                valid=_types(group) if companies else None,
                written=companies,
            )
        factor = next(f for f in group.factors if f.key == key)
        if factor.refused is not None:
            raise InputError(f"{dimension} '{key}' is not priced for {self.code}: {factor.refused}")
        return factor, companies.get(fold(typed))


def _covered(group: FactorGroup, typed: str) -> str | None:
    """What covers a value the group does not list: its ``unlisted`` choice, or for a place
    that names a state (``Smalltown, TX``), that state's non-metropolitan areas."""
    words = fold(typed).split()
    state = words[-1] if len(words) > 1 and len(words[-1]) == 2 else None
    if state is not None and any(f.key == f"nonmetro-{state}" for f in group.factors):
        return f"nonmetro-{state} covers a place in {state.upper()} outside the listed metro areas"
    if group.unlisted is not None:
        return f"{group.unlisted} covers any {group.dimension} not listed"
    return None


def _types(group: FactorGroup) -> str:
    """The choices of a group that lists companies, for a company not in the list."""
    kinds = ", ".join(f"{f.key} ({f.label.split(' (')[0]})" for f in group.factors)
    return f"not in the company list: name its type instead, one of {kinds}"


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
