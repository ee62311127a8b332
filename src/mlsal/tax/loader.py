"""Read the tax rules file (the bundled one, ``--tax-data`` or ``$MLSAL_TAX_DATA``) into
validated models, once per process and content.

Parsed with the bands file's safe YAML loader and checked with its schema machinery (every
problem with its file, line and field path); loading stops at the first problem.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from mlsal.errors import DataFileError
from mlsal.io import read_data_file

if TYPE_CHECKING:
    from mlsal.bands.schema import Problem
    from mlsal.tax.models import TaxFile

#: The environment variable naming a tax rules file to use instead of the bundled one.
TAX_DATA_ENV = "MLSAL_TAX_DATA"

#: The name that labels the bundled file's problems.
BUNDLED_TAX_NAME = "bundled data/tax.yaml"

#: Tax rules files larger than this are refused before parsing (the bundled one is ~20 kB).
MAX_TAX_BYTES = 1_000_000


def tax_path(explicit: str | None) -> Path | None:
    """The tax rules file in use: ``--tax-data``, else ``$MLSAL_TAX_DATA``, else None."""
    chosen = explicit or os.environ.get(TAX_DATA_ENV) or None
    return Path(chosen).expanduser() if chosen else None


def read_tax_bytes(path: Path | None) -> tuple[bytes, str]:
    """The bytes of a tax rules file (None: the bundled one) and the name for its errors."""
    if path is None:
        return (resources.files("mlsal") / "data" / "tax.yaml").read_bytes(), BUNDLED_TAX_NAME
    raw = read_data_file(path, limit=MAX_TAX_BYTES, what="a tax rules file")
    return raw, str(path)


@dataclass(frozen=True)
class TaxReport:
    """The outcome of checking a tax rules file: its models when valid, else every problem."""

    file: str
    rules: TaxFile | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """True when the file loads."""
        return not self.problems


def check_tax_bytes(raw: bytes, name: str) -> TaxReport:
    """Check the bytes of a tax rules file; ``name`` labels the problems."""
    from pydantic import ValidationError

    from mlsal.bands.safe_yaml import decode, parse_yaml
    from mlsal.bands.schema import Problem, model_problems, validated
    from mlsal.tax.models import TaxFile

    text, fatal = decode(raw)
    if text is None:
        flaws = [fatal] if fatal else []
        return TaxReport(name, None, tuple(Problem(name, f.line, "", f.message) for f in flaws))
    document = parse_yaml(text)
    problems = [Problem(name, f.line, "", f.message) for f in document.flaws]
    if document.data is None and problems:
        return TaxReport(name, None, tuple(problems))
    if not isinstance(document.data, dict):
        problems.append(Problem(name, 1, "", "expected a mapping of fields at the top level"))
        return TaxReport(name, None, tuple(problems))
    try:
        rules = validated(TaxFile, document.data)
    except ValidationError as error:
        problems.extend(model_problems(error, document.root, name))
        return TaxReport(name, None, tuple(problems))
    return TaxReport(name, None if problems else rules, tuple(problems))


def check_tax_file(path: Path | None) -> TaxReport:
    """Check a tax rules file on disk (None: the bundled one); unreadable is one problem."""
    from mlsal.bands.schema import Problem

    try:
        raw, name = read_tax_bytes(path)
    except DataFileError as error:
        message = str(error).removeprefix(f"{path}: ")
        return TaxReport(str(path), None, (Problem(str(path), None, "", message),))
    return check_tax_bytes(raw, name)


@functools.lru_cache(maxsize=4)
def parse_tax(raw: bytes, name: str) -> TaxFile:
    """Parse and validate a tax rules file's bytes; DataFileError with the first problem.

    The bundled file comes from its snapshot (:mod:`mlsal.tax.snapshot`), validated when
    mlsal was built; any other file is parsed and validated here.
    """
    from mlsal.tax.snapshot import snapshot_rules

    known: TaxFile | None = snapshot_rules(raw)
    if known is not None:
        return known
    report = check_tax_bytes(raw, name)
    if report.rules is not None:
        return report.rules
    first, *rest = report.problems
    more = f" (and {len(rest)} more: mlsal data validate --tax)" if rest else ""
    raise DataFileError(f"{first}{more}")


def load_tax(path: Path | None = None) -> TaxFile:
    """Load and validate a tax rules file (None: the bundled one)."""
    raw, name = read_tax_bytes(path)
    return parse_tax(raw, name)
