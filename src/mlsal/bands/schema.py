"""Check a bands file and collect every problem in it, each with its file, line and field path.

Line numbers for model errors come from the composed YAML node tree: a pydantic error
location (``countries.IN.bands.0.low``) is walked down the nodes to the value's mark.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import TypeAdapter, ValidationError

from mlsal.bands.files import read_bytes
from mlsal.bands.models import BandsFile
from mlsal.bands.safe_yaml import Flaw, decode, parse_yaml, shorten
from mlsal.errors import DataFileError

M = TypeVar("M")


#: Pydantic's validator for each model class, built on first use (tens of ms each).
_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def validated(model: type[M], data: object) -> M:
    """``data`` (plain mappings and tuples, as parsed) checked against a model and built.

    Raises pydantic's ValidationError, which :func:`model_problems` turns into Problems.
    """
    adapter = _ADAPTERS.get(model)
    if adapter is None:
        adapter = _ADAPTERS[model] = TypeAdapter(model)
    result: M = adapter.validate_python(data)
    return result


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bands file; printed as ``file:line: field.path: message``."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass(frozen=True)
class Report:
    """The outcome of checking one file: its models when valid, else every problem found."""

    file: str
    bands: BandsFile | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """True when the file loads: no problems at all."""
        return not self.problems


def node_at(root: yaml.Node, loc: Sequence[int | str]) -> yaml.Node:
    """The deepest node along a field path; stops where the path leaves the file."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            matches = [
                value
                for key, value in node.value
                if isinstance(key, yaml.ScalarNode) and key.value == str(part)
            ]
            if not matches:
                break
            node = matches[-1]  # the last of equal keys wins, as in the loaded mapping
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
        else:
            break
    return node


#: Pydantic's words for a key the model has no field for, on a dataclass and on a model.
_UNKNOWN_KEY = frozenset({"unexpected_keyword_argument", "extra_forbidden"})


def _message(detail: Any) -> str:
    if detail["type"] in _UNKNOWN_KEY:
        return "Extra inputs are not permitted"
    message = str(detail["msg"]).removeprefix("Value error, ")
    if detail["type"] == "too_short":
        least, found = detail["ctx"]["min_length"], detail["ctx"]["actual_length"]
        return f"needs at least {least} entr{'y' if least == 1 else 'ies'}, has {found}"
    value = detail.get("input")
    shown = detail["type"] not in {"missing", "value_error", "extra_forbidden"}
    if shown and isinstance(value, str | int | float | bool | dt.date) and value is not None:
        message += f" (got {shorten(repr(value))})"
    return message


def _has_inner(loc: tuple[int | str, ...], details: Sequence[Any]) -> bool:
    return any(len(d["loc"]) > len(loc) and d["loc"][: len(loc)] == loc for d in details)


def model_problems(error: ValidationError, root: yaml.Node | None, file: str) -> list[Problem]:
    """Every pydantic error as a Problem, with the line of the value it is about."""
    problems: list[Problem] = []
    details = error.errors()
    for detail in details:
        if detail["type"] == "too_short" and _has_inner(detail["loc"], details):
            continue  # a list whose items all failed is not also "too short"
        base = [part for part in detail["loc"] if part != "[key]"]
        for text in _message(detail).splitlines():
            loc, message = _split_path(base, text)
            node = node_at(root, loc) if root is not None else None
            line = node.start_mark.line + 1 if node is not None else None
            problems.append(Problem(file, line, ".".join(map(str, loc)), message))
    return problems


_PATH_FIRST = re.compile(r"^(?P<path>[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)*): (?P<message>.+)$")


def _split_path(base: list[int | str], text: str) -> tuple[list[int | str], str]:
    """A model validator's ``countries.IN.factors.city: message`` names its own field path."""
    match = _PATH_FIRST.match(text)
    if match is None:
        return base, text
    parts = [int(p) if p.isdigit() else p for p in match["path"].split(".")]
    return [*base, *parts], match["message"]


def _known_to_babel(bands: BandsFile, root: yaml.Node | None, file: str) -> list[Problem]:
    """Locales and currencies the money formatter cannot write would fail at render time."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_currency_name

    problems: list[Problem] = []
    for code, country in bands.countries.items():
        loc: list[int | str] = ["countries", code, "locale"]
        try:
            locale = Locale.parse(country.locale)
        except (UnknownLocaleError, ValueError, TypeError):
            line = node_at(root, loc).start_mark.line + 1 if root is not None else None
            problems.append(
                Problem(file, line, ".".join(map(str, loc)), f"unknown locale '{country.locale}'")
            )
            continue
        if get_currency_name(country.currency, locale=locale) == country.currency:
            loc[-1] = "currency"
            line = node_at(root, loc).start_mark.line + 1 if root is not None else None
            problems.append(
                Problem(
                    file, line, ".".join(map(str, loc)), f"unknown currency '{country.currency}'"
                )
            )
    return problems


def _flaws(file: str, flaws: Sequence[Flaw]) -> tuple[Problem, ...]:
    return tuple(Problem(file, flaw.line, "", flaw.message) for flaw in flaws)


def check_bytes(raw: bytes, name: str) -> Report:
    """Check the bytes of a bands file; ``name`` labels the problems."""
    text, fatal = decode(raw)
    if text is None:
        return Report(name, None, _flaws(name, [fatal] if fatal else []))
    document = parse_yaml(text)
    problems = list(_flaws(name, document.flaws))
    if document.data is None and problems:  # could not be parsed at all
        return Report(name, None, tuple(problems))
    if not isinstance(document.data, dict):
        problems.append(Problem(name, 1, "", "expected a mapping of fields at the top level"))
        return Report(name, None, tuple(problems))
    try:
        bands = validated(BandsFile, document.data)
    except ValidationError as error:
        problems.extend(model_problems(error, document.root, name))
        return Report(name, None, tuple(problems))
    problems.extend(_known_to_babel(bands, document.root, name))
    return Report(name, None if problems else bands, tuple(problems))


def check_file(path: Path | None) -> Report:
    """Check a bands file on disk (None: the bundled one); unreadable files are one problem."""
    try:
        raw, name = read_bytes(path)
    except DataFileError as error:
        message = str(error).removeprefix(f"{path}: ")
        return Report(str(path), None, (Problem(str(path), None, "", message),))
    return check_bytes(raw, name)
