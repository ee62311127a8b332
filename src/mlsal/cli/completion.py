"""Shell completion of option values (country, city, skill, employer, education) from the data file.

Completion runs on every Tab press, so it reads the names with a bare YAML parse of the file
in use (``--data``, else ``$MLSAL_DATA``, else the bundled one; read as the loader reads it)
and never imports the validator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from typer import Context

from mlsal.bands.names import fold
from mlsal.errors import DataFileError


def _word(name: str) -> str:
    """A name as one shell word: spaces become hyphens, which the lookup treats alike."""
    return "-".join(name.split())


def _read_document(data: str | None) -> Mapping[str, Any]:
    """The bands file in use as plain YAML data; an empty mapping if it cannot be read."""
    import yaml

    from mlsal.bands.loader import data_path, read_bytes

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw, _ = read_bytes(data_path(data))
        document = yaml.load(raw, Loader=loader)  # a safe loader
    except (DataFileError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return document if isinstance(document, dict) else {}


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _chosen_countries(countries: Mapping[str, Any], typed: object) -> list[str]:
    """Codes of the countries already given on the line; all of them if none resolves."""
    wanted = [typed] if isinstance(typed, str) else typed if isinstance(typed, list | tuple) else []
    names: dict[str, str] = {}
    for code, entry in countries.items():
        body = _mapping(entry)
        for name in (code, str(body.get("name", "")), *_strings(body.get("aliases"))):
            names[fold(name)] = code
    chosen = [names[fold(str(w))] for w in wanted if fold(str(w)) in names]
    return chosen or list(countries)


def candidates(
    document: Mapping[str, Any], dimension: str, country: object = None
) -> Iterator[tuple[str, str, bool]]:
    """(name, help, is_alias) for every value of ``dimension`` in the file's countries."""
    countries = _mapping(document.get("countries"))
    if dimension == "country":
        for code, entry in countries.items():
            body = _mapping(entry)
            label = str(body.get("name", code))
            yield str(code), label, False
            for name in (label, *_strings(body.get("aliases"))):
                yield _word(name).lower(), label, True
        return
    groups = _mapping(document.get("factor_groups"))
    for code in _chosen_countries(countries, country):
        group_id = _mapping(_mapping(countries.get(code)).get("factors")).get(dimension)
        for factor in _factors(groups.get(group_id) if isinstance(group_id, str) else None):
            key = str(factor.get("key", ""))
            label = str(factor.get("label", key))
            yield key, label, False
            for alias in _strings(factor.get("aliases")):
                yield _word(alias), f"{label} ({key})", True


def _factors(group: object) -> Iterable[Mapping[str, Any]]:
    factors = _mapping(group).get("factors")
    return [f for f in factors if isinstance(f, dict)] if isinstance(factors, list) else []


def complete_values(
    document: Mapping[str, Any], dimension: str, incomplete: str, country: object = None
) -> list[tuple[str, str]]:
    """Values of ``dimension`` starting with ``incomplete``, any case; aliases once typing starts.

    A bare Tab lists the canonical keys only; after a letter or more, aliases match too.
    """
    typed = fold(incomplete)
    seen: set[str] = set()
    found: list[tuple[str, str]] = []
    for name, label, is_alias in candidates(document, dimension, country):
        if not name or name in seen or (is_alias and not typed):
            continue
        if fold(name).startswith(typed):
            seen.add(name)
            found.append((name, label))
    return found


def _as_typed(name: str, incomplete: str) -> str:
    """``name`` in a form that starts with ``incomplete`` exactly, as Typer requires."""
    if name.startswith(incomplete):
        return name
    if name.lower().startswith(incomplete):
        return name.lower()
    return incomplete + name[len(incomplete) :]


def _completer(dimension: str) -> Callable[[Context, str], list[tuple[str, str]]]:
    """A Typer ``autocompletion`` callback for one dimension.

    Typer keeps only values that start with what was typed, exactly; so a name typed in
    another case is offered as the typed prefix plus the rest (``BENG`` -> ``BENGaluru``),
    which mlsal accepts since it matches names in any case.
    """

    def complete(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
        params = ctx.params
        document = _read_document(params.get("data"))
        country = params.get("country") if dimension != "country" else None
        found = complete_values(document, dimension, incomplete, country)
        return [(_as_typed(name, incomplete), label) for name, label in found]

    complete.__name__ = f"complete_{dimension}"
    return complete


complete_country = _completer("country")
complete_city = _completer("city")
complete_skill = _completer("skill")
complete_education = _completer("education")
complete_employer = _completer("employer")
