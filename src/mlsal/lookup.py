"""Resolve what a person typed (any case, an alias, a near miss) to a known key."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from mlsal.errors import InputError


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
    close = difflib.get_close_matches(fold(typed), [fold(c) for c in choices], n=3, cutoff=0.5)
    by_fold = {fold(c): c for c in choices}
    if close:
        hint = "did you mean " + ", ".join(by_fold[c] for c in close) + "?"
    else:
        hint = "valid: " + ", ".join(choices)
    raise InputError(f"unknown {what} '{typed}'; {hint}")
