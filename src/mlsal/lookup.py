"""Resolve what a person typed (any case, an alias, a near miss) to a known key."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from mlsal.errors import InputError

#: Up to this many valid choices are listed beside a suggestion.
MAX_LISTED = 12


def fold(text: str) -> str:
    """Case- and spacing-insensitive form used for matching names."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


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
    valid = "valid: " + ", ".join(choices)
    if suggested:
        suggestion = "did you mean " + ", ".join(suggested) + "?"
        hint = f"{suggestion} ({valid})" if len(choices) <= MAX_LISTED else suggestion
    else:
        hint = valid
    raise InputError(f"unknown {what} '{typed}'; {hint}")
