"""Completion of option values (country, city, skill, education, employer) from the data
file, for the shell: pure functions, no Typer.

Completion runs on every Tab press, so it reads the names with a bare YAML parse of the file
in use (``--data``, else ``$MLSAL_DATA``, else the bundled one; read as the loader reads it)
and never imports the validator. :mod:`mlsal.cli.completion` hands these values to Typer;
:func:`bash_value_answer` answers the commonest request, an option's value in bash, without
Typer at all (see its docstring for the figure that buys).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from mlsal.bands.names import fold
from mlsal.errors import DataFileError

#: Per command, the options whose values mlsal completes, with the dimension of each.
#: ``tests/test_completion.py`` checks this against the options the commands declare.
VALUE_COMPLETERS: dict[str, dict[str, str]] = {
    "estimate": {
        "--country": "country", "-c": "country", "--city": "city", "--skill": "skill",
        "--education": "education", "--cert": "education", "--employer": "employer",
        "--role": "role",
    },
    "compare": {
        "--skill": "skill", "--education": "education", "--cert": "education",
        "--employer": "employer", "--role": "role", "--state": "state", "--city": "city",
    },
    "skills": {"--country": "country", "-c": "country"},
    "market": {"--country": "country", "-c": "country"},
    "takehome": {
        "--country": "country", "-c": "country", "--state": "state", "--city": "city",
    },
}  # fmt: skip

#: Per command, its other options that take a value (checked by the same test).
OTHER_VALUE_OPTIONS: dict[str, frozenset[str]] = {
    "estimate": frozenset(
        {"--years", "-y", "--offer", "--format", "-f", "--units", "--data", "--input", "-i"}
    ),
    "compare": frozenset({"--years", "-y", "--fx", "--format", "-f", "--units", "--data"}),
    "skills": frozenset({"--format", "-f", "--data"}),
    "market": frozenset({"--format", "-f", "--data"}),
    "takehome": frozenset(
        {
            "--regime", "--basic", "--pf", "--variable", "--hra", "--nps", "--rent",
            "--80c", "--stock", "--pretax", "--filing", "--local", "--format", "-f", "--units",
            "--tax-data",
        }
    ),
}  # fmt: skip


def _word(name: str) -> str:
    """A name as one shell word: spaces become hyphens, which the lookup treats alike."""
    return "-".join(name.split())


def read_document(data: str | None) -> Mapping[str, Any]:
    """The bands file in use as plain YAML data; an empty mapping if it cannot be read.

    The bundled file is read from its snapshot's JSON (see ``bundled_document``), so that
    PyYAML is imported only for a user's file.
    """
    from mlsal.bands.files import bundled_document
    from mlsal.bands.loader import data_path, read_bytes

    try:
        path = data_path(data)
        raw, _ = read_bytes(path)
    except DataFileError:
        return {}
    if path is None:
        bundled = bundled_document(raw)
        if bundled is not None:
            return bundled

    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = yaml.load(raw, Loader=loader)  # a safe loader
    except (UnicodeDecodeError, yaml.YAMLError):
        return {}
    return document if isinstance(document, dict) else {}


def read_tax_document(tax_data: str | None) -> Mapping[str, Any]:
    """The tax rules file in use as plain YAML data; an empty mapping if it cannot be read."""
    import yaml

    from mlsal.tax.loader import read_tax_bytes, tax_path

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        raw, _ = read_tax_bytes(tax_path(tax_data))
        document = yaml.load(raw, Loader=loader)  # a safe loader
    except (DataFileError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return document if isinstance(document, dict) else {}


#: Where each country's states are in the tax rules file, and the names of the country.
_STATE_TABLES = {"IN": ("india", "professional_tax"), "US": ("us", "states")}
_COUNTRY_NAMES = {"in": "IN", "india": "IN", "us": "US", "usa": "US", "united states": "US"}


def state_candidates(document: Mapping[str, Any], country: object = None) -> list[tuple[str, str]]:
    """(code, name) of the states in the tax rules file, of the country on the line if any."""
    chosen = _COUNTRY_NAMES.get(fold(country)) if isinstance(country, str) else None
    found: list[tuple[str, str]] = []
    for code, (part, table) in _STATE_TABLES.items():
        if chosen not in (None, code):
            continue
        states = _mapping(_mapping(document.get(part)).get(table))
        found += [(str(key), str(_mapping(body).get("name", key))) for key, body in states.items()]
    return found


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
) -> Iterator[tuple[str, str, bool, str]]:
    """(name, help, is_alias, what it names) for every value of ``dimension`` in the file's
    countries: a country's code, or a factor's key, names itself and is not an alias."""
    countries = _mapping(document.get("countries"))
    if dimension == "country":
        for code, entry in countries.items():
            body = _mapping(entry)
            label = str(body.get("name", code))
            yield str(code), label, False, str(code)
            for name in (label, *_strings(body.get("aliases"))):
                yield _word(name).lower(), label, True, str(code)
        return
    groups = _mapping(document.get("factor_groups"))
    for code in _chosen_countries(countries, country):
        group_id = _mapping(_mapping(countries.get(code)).get("factors")).get(dimension)
        for factor in _factors(groups.get(group_id) if isinstance(group_id, str) else None):
            key = str(factor.get("key", ""))
            label = str(factor.get("label", key))
            yield key, label, False, key
            for alias in (*_strings(factor.get("aliases")), *_strings(factor.get("companies"))):
                yield _word(alias), f"{label} ({key})", True, key


def _factors(group: object) -> Iterable[Mapping[str, Any]]:
    factors = _mapping(group).get("factors")
    return [f for f in factors if isinstance(f, dict)] if isinstance(factors, list) else []


def complete_values(
    document: Mapping[str, Any],
    dimension: str,
    incomplete: str,
    country: object = None,
    leave_out: object = None,
) -> list[tuple[str, str]]:
    """Values of ``dimension`` starting with ``incomplete``, any case; aliases once typing starts.

    A bare Tab lists the canonical keys only; after a letter or more, aliases match too, but
    each country or factor is offered once, by its first name that matches (``ind`` offers
    ``india``, not also ``ind``). ``leave_out`` names a choice not to offer under any of its
    names (compare's first country, when its second is completed).
    """
    typed = fold(incomplete)
    named = list(candidates(document, dimension, country))
    # Choices already on the line count as offered, so none of their names is.
    left = fold(leave_out) if isinstance(leave_out, str) else None
    offered = {target for name, _, _, target in named if left is not None and fold(name) == left}
    found: list[tuple[str, str]] = []
    for name, label, is_alias, target in named:
        if not name or target in offered or (is_alias and not typed):
            continue
        if fold(name).startswith(typed):
            offered.add(target)
            found.append((name, label))
    return found


def as_typed(name: str, incomplete: str) -> str:
    """``name`` in a form that starts with ``incomplete`` exactly, as Typer requires.

    Typer keeps only values that start with what was typed, exactly; so a name typed in
    another case is offered as the typed prefix plus the rest (``BENG`` -> ``BENGaluru``),
    which mlsal accepts since it matches names in any case.
    """
    if name.startswith(incomplete):
        return name
    if name.lower().startswith(incomplete):
        return name.lower()
    return incomplete + name[len(incomplete) :]


def completions(
    dimension: str,
    incomplete: str,
    *,
    data: str | None,
    country: object = None,
    leave_out: object = None,
) -> list[tuple[str, str]]:
    """(value, help) pairs to offer for ``dimension``, each starting with ``incomplete``,
    none of them ``leave_out``'s.

    For ``state``, ``data`` names the tax rules file (``--tax-data``), not the bands file.
    """
    if dimension == "state":
        typed = incomplete.casefold()
        states = state_candidates(read_tax_document(data), country)
        return [
            (as_typed(code, incomplete), name)
            for code, name in states
            if code.casefold().startswith(typed)
        ]
    document = read_document(data)
    found = complete_values(document, dimension, incomplete, country, leave_out)
    return [(as_typed(name, incomplete), label) for name, label in found]


def _words(line: str) -> list[str]:
    """The words of a command line as the shell has them so far (a quote may be open)."""
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:
        words.append(lexer.token)
    return words


def bash_value_answer(environ: Mapping[str, str]) -> str | None:
    """What Typer would answer to a bash completion request for an option's value, or None
    when the request is anything else (then Typer answers it).

    Typer parses the whole line, and coerces each option through pydantic, before it asks a
    completer; answering here skips importing Typer and pydantic. Measured in
    docs/performance.md: completion of --city values, "Completion fast path".
    """
    if environ.get("_MLSAL_COMPLETE") != "complete_bash":
        return None
    try:
        words = _words(environ["COMP_WORDS"])
        cword = int(environ["COMP_CWORD"])
    except (KeyError, ValueError):
        return None
    args = words[1:cword]
    incomplete = words[cword] if 0 <= cword < len(words) else ""
    if not args or incomplete.startswith("-"):
        return None
    command = args[0]
    completers = VALUE_COMPLETERS.get(command)
    if completers is None:
        return None
    takes_value = completers.keys() | OTHER_VALUE_OPTIONS[command]
    given: dict[str, str] = {}
    pending: str | None = None
    for word in args[1:]:
        if pending is not None:
            given[pending], pending = word, None
        elif word in takes_value:
            pending = word
        elif word.startswith("-"):
            return None  # a flag, --opt=value, -cIN, --: Typer reads those
    if pending is None or pending not in completers:
        return None
    dimension = completers[pending]
    country = None
    if dimension != "country" and "--country" in completers:
        country = given.get("--country") if "--country" in given else given.get("-c")
    data = given.get("--tax-data" if dimension == "state" else "--data")
    found = completions(dimension, incomplete, data=data, country=country)
    return "\n".join(value for value, _ in found if value.startswith(incomplete))
