"""Read a bands file (the bundled one or the user's) into validated models, once per process."""

from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mlsal.errors import DataFileError
from mlsal.models import BandsFile

#: The environment variable naming a bands file to use instead of the bundled one.
DATA_ENV = "MLSAL_DATA"

#: Bands files larger than this are refused before parsing.
MAX_BYTES = 1_000_000

BUNDLED_NAME = "bundled data/bands.yaml"


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML loader that refuses duplicate mapping keys instead of keeping the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # merged keys (<<: *anchor) may be overridden by explicit ones
        key = loader.construct_object(key_node)
        if key in seen:
            raise DataFileError(f"line {key_node.start_mark.line + 1}: duplicate key '{key}'")
        seen.add(key)
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        mapping[key] = loader.construct_object(value_node)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def _read_bytes(path: Path | None) -> tuple[bytes, str]:
    if path is None:
        bundled = resources.files("mlsal") / "data" / "bands.yaml"
        return bundled.read_bytes(), BUNDLED_NAME
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataFileError(
                f"{path}: {size} bytes is above the {MAX_BYTES}-byte limit for a bands file"
            )
        return path.read_bytes(), str(path)
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataFileError(f"{path}: is a directory, not a bands file") from None
    except PermissionError:
        raise DataFileError(f"{path}: permission denied") from None


def _first_error(error: ValidationError) -> str:
    detail = error.errors()[0]
    where = ".".join(str(part) for part in detail["loc"])
    message = str(detail["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def parse_bands(raw: bytes, name: str) -> BandsFile:
    """Parse and validate the bytes of a bands file; ``name`` labels errors."""
    if not raw.strip():
        raise DataFileError(f"{name}: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(f"{name}: not UTF-8 text (byte {error.start})") from None
    try:
        document = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
    except DataFileError as error:
        raise DataFileError(f"{name}: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DataFileError(f"{name}: {where}not valid YAML ({problem})") from None
    if not isinstance(document, dict):
        raise DataFileError(f"{name}: expected a mapping at the top level")
    try:
        return BandsFile.model_validate(document)
    except ValidationError as error:
        raise DataFileError(f"{name}: {_first_error(error)}") from None


@functools.cache
def _load_cached(path: Path | None) -> BandsFile:
    raw, name = _read_bytes(path)
    return parse_bands(raw, name)


def data_path(explicit: str | None) -> Path | None:
    """The bands file in use: ``--data``, else ``$MLSAL_DATA``, else None (bundled)."""
    chosen = explicit or os.environ.get(DATA_ENV) or None
    return Path(chosen).expanduser() if chosen else None


def load_bands(path: Path | None = None) -> BandsFile:
    """Load and validate a bands file (None: the bundled one); cached per process."""
    return _load_cached(path.resolve() if path is not None else None)
