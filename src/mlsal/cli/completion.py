"""Shell completion of option values (country, city, skill, employer, education) from the data file.

Completion runs on every Tab press, so it reads the names with a bare YAML parse of the file
in use (``--data``, else ``$MLSAL_DATA``, else the bundled one) and never imports the validator.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from typer import Context

from mlsal.lookup import fold

#: Same variable as ``mlsal.bandsfile.DATA_ENV``, repeated so completion stays light.
DATA_ENV = "MLSAL_DATA"

#: Files above this size are not read for completion (the loader refuses them too).
MAX_BYTES = 1_000_000


def _word(name: str) -> str:
    """A name as one shell word: spaces become hyphens, which the lookup treats alike."""
    return "-".join(name.split())


def _read_document(data: str | None) -> Mapping[str, Any]:
    """The bands file in use as plain YAML data; an empty mapping if it cannot be read."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    chosen = data or os.environ.get(DATA_ENV) or None
    try:
        if chosen is None:
            from importlib import resources

            raw = (resources.files("mlsal") / "data" / "bands.yaml").read_bytes()
        else:
            path = Path(chosen).expanduser()
            if path.stat().st_size > MAX_BYTES:
                return {}
            raw = path.read_bytes()
        document = yaml.load(raw, Loader=loader)  # a safe loader
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
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


#: Long options whose values complete from the data file, in every command that has them.
VALUE_OPTIONS: Mapping[str, str] = {
    "--country": "country",
    "--city": "city",
    "--skill": "skill",
    "--education": "education",
    "--employer": "employer",
}


def _last_value(args: list[str], names: tuple[str, ...]) -> str | None:
    """The value the last of ``names`` was given on the line (``--x v`` or ``--x=v``)."""
    value = None
    for index, arg in enumerate(args):
        for name in names:
            if arg == name and index + 1 < len(args):
                value = args[index + 1]
            elif arg.startswith(f"{name}="):
                value = arg[len(name) + 1 :]
    return value


def _keep_values_as_typed() -> None:
    """Skip Typer's coercion of option values, for a process that only answers a Tab press.

    Typer builds a pydantic validator for each option it parses; completion reads a few values
    (``--data``, ``--country``) as typed and never runs the command, so the validators only
    cost time. If Typer's internals move, completion still works, just slower.
    """
    try:
        from typer.core import _TyperParameter
    except ImportError:  # pragma: no cover - a Typer release without this class
        return

    def as_typed(self: object, ctx: object, value: object) -> object:
        return value

    _TyperParameter.process_value = as_typed  # type: ignore[method-assign]


def answer_quickly(prog_name: str = "mlsal") -> bool:
    """Make a Tab press cheap; True when it has been answered here, False to run the app.

    Values of ``VALUE_OPTIONS`` are answered directly from the data file, in Typer's own shell
    formats. Anything else (commands, options, choices) is left to Typer, with value coercion
    switched off for this process: Typer's validators would double the time of a Tab press.
    """
    complete_var = f"_{prog_name.replace('-', '_').upper()}_COMPLETE"
    action, _, shell = os.environ.get(complete_var, "").partition("_")
    if action != "complete":
        return False
    _keep_values_as_typed()
    if shell not in {"bash", "zsh", "fish"}:
        return False
    from typer._click.shell_completion import CompletionItem
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    shell_class: Any = {"bash": BashComplete, "zsh": ZshComplete, "fish": FishComplete}[shell]
    comp: Any = shell_class(None, {}, prog_name, complete_var)
    try:
        args, incomplete = comp.get_completion_args()
    except (KeyError, ValueError):
        return False
    if not args or args[-1] not in VALUE_OPTIONS or incomplete.startswith("-"):
        return False
    dimension = VALUE_OPTIONS[args[-1]]
    document = _read_document(_last_value(args, ("--data",)))
    country = _last_value(args, ("--country", "-c")) if dimension != "country" else None
    items = [
        CompletionItem(_as_typed(name, incomplete), help=label)
        for name, label in complete_values(document, dimension, incomplete, country)
    ]
    comp.get_completions = lambda args, incomplete: items
    sys.stdout.write(comp.complete() + "\n")
    return True
