"""Validated bands as tagged JSON: the form of the validated cache's entries and of the snapshot.

An entry is one JSON object: ``stamp`` (what checked the bands), ``source`` (the bands file's
whole text) and ``bands``. Each model is an object that names its class (``"$":
"SalaryBand"``) and a date is ``{"$date": "2024-06-01"}``. A model that occurs more than once
(the evidence shared by 530 US areas) is written in full once, numbered (``"$id": 0``), and
then as ``{"$ref": 0}``; it is built once and shared. Decoding checks the stamp and the
text first, then builds only what the models declare, field by field: a ``str`` where the
annotation says ``str``, a list where it says tuple, the named class where it names a model;
each model's ``__post_init__`` re-runs the checks that span fields. Anything else is a
ValueError. The per-field constraints only pydantic reads (``Rule``, ``Check``) are not run
again: an entry is used only for the same text and the same checking code, so they held when
it was written. Nothing is unpickled, and no class is looked up by a name the entry gives.
Neither pydantic nor PyYAML is imported here.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import functools
import json
import math
import os
import sys
import typing
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mlsal.bands.models import MODELS, BandsFile
from mlsal.library_versions import library_version
from mlsal.value import Value

#: The key of a JSON object that names the model it holds, and of one that holds a date.
_MODEL = "$"
_DATE = "$date"

#: The number of a model written in full that later objects refer to, and a reference to it.
_ID = "$id"
_REF = "$ref"

#: The shared models of the entry being decoded, by number (cleared around each decode).
_shared: list[object] = []

#: The keys of an entry, all required.
_KEYS = frozenset({"stamp", "source", "bands"})

#: The folder of this package: every module in it (and below) decides what is valid.
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def validating_modules() -> list[str]:
    """Every module of ``mlsal.bands``, then ``mlsal.value`` (the models' base class): paths
    relative to the ``mlsal`` folder, in a fixed order."""
    found: list[str] = []
    for folder, subfolders, files in os.walk(_PACKAGE):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        inside = os.path.relpath(folder, os.path.dirname(_PACKAGE))
        found += [os.path.join(inside, name) for name in sorted(files) if name.endswith(".py")]
    return [*found, "value.py"]


@functools.cache
def code_stamp() -> str | None:
    """The checking code: a CRC-32 of the name and text of every validating module.

    Line endings are counted as ``\\n``, so a checkout with CRLF endings stamps the same.
    None when a module cannot be read (mlsal run from a zip file): then nothing is cached.
    """
    root = os.path.dirname(_PACKAGE)
    crc = 0
    for name in validating_modules():
        try:
            with open(os.path.join(root, name), "rb") as stream:
                text = stream.read().replace(b"\r\n", b"\n")
        except OSError:
            return None
        crc = zlib.crc32(b"%s\0%s\0" % (Path(name).as_posix().encode(), text), crc)
    return f"code {crc:08x}"


@functools.cache
def stamp() -> str | None:
    """What checks a bands file in this run: the code, pydantic's version and Babel's (the
    schema asks Babel whether each locale and currency is known). None: nothing is cached."""
    code = code_stamp()
    if code is None:
        return None
    pydantic = library_version("pydantic", "version.py")
    babel = library_version("babel", "__init__.py")
    return f"{code}, pydantic {pydantic}, babel {babel}"


def _repeated(value: object, seen: set[object], twice: set[object]) -> None:
    """Collect into ``twice`` the hashable models that occur more than once in ``value``."""
    if isinstance(value, Value):
        try:
            if value in seen:
                twice.add(value)
                return
            seen.add(value)
        except TypeError:  # a model with a dict field: never shared
            pass
        for field in _dataclass_fields(type(value)):
            _repeated(getattr(value, field.name), seen, twice)
    elif isinstance(value, tuple):
        for item in value:
            _repeated(item, seen, twice)
    elif isinstance(value, dict):
        for item in value.values():
            _repeated(item, seen, twice)


def _encoder(bands: BandsFile) -> Callable[[object], object]:
    """JSON for what ``json`` cannot write itself: models (tagged by name, a repeated one
    numbered at its first occurrence and referred to after) and dates.

    Benchmark figure: with 530 US areas sharing one evidence, sharing cut the snapshot from
    520 kB to 232 kB and ``mlsal estimate --country IN --years 5 --city Bengaluru --skill
    nlp`` from 891 M to 866 M instructions (callgrind).
    """
    twice: set[object] = set()
    _repeated(bands, set(), twice)
    numbers: dict[object, int] = {}

    def encode(value: object) -> object:
        if isinstance(value, dt.date):
            return {_DATE: value.isoformat()}
        model = MODELS.get(type(value).__name__)
        if model is None or type(value) is not model:
            raise TypeError(f"cannot store a {type(value).__name__}")
        fields = {
            f.name: getattr(value, f.name)
            for f in _dataclass_fields(model)
            if not _is_default(f, getattr(value, f.name))
        }
        try:
            repeated = value in twice
        except TypeError:  # a model with a dict field: never shared
            repeated = False
        if not repeated:
            return {_MODEL: model.__name__, **fields}
        if value in numbers:
            return {_REF: numbers[value]}
        numbers[value] = len(numbers)
        return {_MODEL: model.__name__, _ID: numbers[value], **fields}

    return encode


def _dataclass_fields(model: type[Value]) -> tuple[dataclasses.Field[Any], ...]:
    """The fields of a model class (every one is a dataclass, made by mlsal.value.frozen)."""
    return dataclasses.fields(model)  # type: ignore[arg-type]


def encode_bands(raw: bytes, bands: BandsFile, *, stamp: str, limit: int) -> bytes | None:
    """The entry for the validated bands of a file's bytes (valid UTF-8, as checked), or None
    when it would be longer than ``limit`` bytes (aliases can make a small file's models
    large: the writing stops there)."""
    entry = {"stamp": stamp, "source": raw.decode("utf-8"), "bands": bands}
    encoder = json.JSONEncoder(default=_encoder(bands), ensure_ascii=False, separators=(",", ":"))
    parts: list[bytes] = []
    size = 0
    for chunk in encoder.iterencode(entry):
        part = chunk.encode()
        size += len(part)
        if size > limit:
            return None
        parts.append(part)
    return b"".join(parts)


def decode_bands(raw: bytes, entry: bytes, *, stamp: str) -> BandsFile:
    """The validated bands of ``raw`` from an entry written with ``stamp``.

    Raises ValueError for anything else: not JSON, another stamp or text, a shape the models
    do not declare, a model whose own checks fail.
    """
    try:
        content = json.loads(entry)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise ValueError(f"not a bands entry ({error})") from None
    if type(content) is not dict or content.keys() != _KEYS:
        raise ValueError("not a bands entry")
    if content["stamp"] != stamp:
        raise ValueError("an entry checked by other code or libraries")
    source = content["source"]
    if type(source) is not str or source.encode("utf-8", errors="surrogatepass") != raw:
        raise ValueError("an entry of another text")
    _shared.clear()
    try:
        bands: BandsFile = _model(BandsFile.__name__)(content["bands"])
    finally:
        _shared.clear()
    return bands


# Building: one reader per declared type, made from the models' annotations (strings, as
# ``from __future__ import annotations`` leaves them), parsed and never evaluated. Benchmark
# figure: 5.5 M instructions for every model's fields, where ``typing.get_type_hints`` (which
# evaluates them, building each ``Rule``) takes 19 M (callgrind; an estimate runs ~948 M).

Reader = Callable[[Any], Any]


def _expected(what: str, value: object) -> ValueError:
    return ValueError(f"expected {what}, found {type(value).__name__}")


def _scalar(kind: type) -> Reader:
    def read(value: object) -> object:
        if type(value) is kind:  # exactly: a bool is an int to Python, not to the models
            return value
        raise _expected(kind.__name__, value)

    return read


def _float(value: object) -> float:
    """A finite float: pydantic stores a float field's int as a float, and refuses NaN and
    infinity (so does JSON, but Python's reads them, and 1e400 as infinity)."""
    if type(value) is float and math.isfinite(value):
        return value
    raise _expected("a finite float", value)


def _date(value: object) -> dt.date:
    if type(value) is dict and len(value) == 1 and type(value.get(_DATE)) is str:
        return dt.date.fromisoformat(value[_DATE])
    raise _expected("a date", value)


def _is_default(field: dataclasses.Field[Any], value: object) -> bool:
    """Whether a field holds its default (of the default's own type): such a field is left
    out of an entry, and the model's default fills it when the entry is read. (The 616
    factors without a company list then cost the snapshot nothing.)"""
    if field.default is not dataclasses.MISSING:
        default = field.default
    elif field.default_factory is not dataclasses.MISSING:
        default = field.default_factory()
    else:
        return False
    return type(value) is type(default) and value == default


def _literal(choices: tuple[object, ...]) -> Reader:
    def read(value: object) -> object:
        if any(type(value) is type(choice) and value == choice for choice in choices):
            return value
        raise ValueError(f"expected one of {choices!r}, found {value!r:.40}")

    return read


def _optional(reader: Reader) -> Reader:
    return lambda value: None if value is None else reader(value)


def _tuple_of(item: Reader) -> Reader:
    def read(value: object) -> tuple[object, ...]:
        if type(value) is not list:
            raise _expected("a list", value)
        return tuple(map(item, value))

    return read


def _dict_of(key: Reader, item: Reader) -> Reader:
    def read(value: object) -> dict[object, object]:
        if type(value) is not dict:
            raise _expected("an object", value)
        return {key(k): item(v) for k, v in value.items()}

    return read


@functools.cache
def _model(name: str) -> Reader:
    """The reader of one model class: a tagged object, its fields read, the class built."""
    cls = MODELS[name]
    fields: tuple[dict[str, Reader], frozenset[str]] | None = None

    def read(value: object) -> object:
        nonlocal fields
        if type(value) is dict and _REF in value:
            return _shared_model(cls, value)
        if type(value) is not dict or value.get(_MODEL) != name:
            raise _expected(f"a {name}", value)
        if fields is None:  # resolved on first use: a model may name models defined later
            fields = _fields(name)
        readers, required = fields
        values: dict[str, object] = {}
        for key, item in value.items():
            if key != _MODEL and key != _ID:
                reader = readers.get(key)
                if reader is None:
                    raise ValueError(f"{name} has no field {key!r:.40}")
                values[key] = reader(item)
        if not required <= values.keys():
            raise ValueError(f"{name} lacks {', '.join(sorted(required - values.keys()))}")
        try:
            built = cls(**values)
        except (TypeError, ValueError) as error:  # __post_init__ refuses it
            raise ValueError(f"{name} does not build ({error})") from None
        if _ID in value:
            if value[_ID] != len(_shared):
                raise ValueError(f"{name} is numbered {value[_ID]!r:.20}, not {len(_shared)}")
            _shared.append(built)
        return built

    return read


def _shared_model(cls: type, value: dict[str, object]) -> object:
    """The model a ``{"$ref": n}`` refers to: one numbered before, of the class expected."""
    number = value[_REF]
    if len(value) != 1 or type(number) is not int or not 0 <= number < len(_shared):
        raise ValueError(f"a reference to no model ({number!r:.20})")
    found = _shared[number]
    if type(found) is not cls:
        raise ValueError(f"a reference to a {type(found).__name__}, not a {cls.__name__}")
    return found


@functools.cache
def _fields(name: str) -> tuple[dict[str, Reader], frozenset[str]]:
    """Each field's reader in one model class, and the fields without a default."""
    cls = MODELS[name]
    readers: dict[str, Reader] = {}
    required: set[str] = set()
    for field in _dataclass_fields(cls):
        annotation = field.type
        if isinstance(annotation, str):
            readers[field.name] = _annotation(annotation, cls.__module__)
        else:
            readers[field.name] = _declared(annotation)
        no_default = field.default is dataclasses.MISSING
        if no_default and field.default_factory is dataclasses.MISSING:
            required.add(field.name)
    return readers, frozenset(required)


@functools.cache
def _annotation(text: str, module: str) -> Reader:
    """The reader of an annotation's text; its names are those of ``module``."""
    return _node(ast.parse(text, mode="eval").body, vars(sys.modules[module]))


def _node(node: ast.expr, namespace: dict[str, Any]) -> Reader:
    """The reader of an annotation's syntax tree, which is read, never evaluated.

    Knows ``X | None``, ``Annotated[X, ...]`` (the metadata is pydantic's alone),
    ``Literal[...]``, ``tuple[X, ...]``, ``dict[K, V]`` and names; anything else is a
    TypeError, a mistake in the models that ``tests/test_snapshot.py`` finds.
    """
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        if _is_none(node.right):  # ``X | None``, the one union the models use
            return _optional(_node(node.left, namespace))
    elif isinstance(node, ast.Name) and node.id in namespace:
        return _declared(namespace[node.id])
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        head = node.value.id
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if head == "Annotated":
            return _node(args[0], namespace)
        if head == "Literal":
            return _literal(tuple(ast.literal_eval(arg) for arg in args))
        if head == "tuple" and len(args) == 2 and _is_ellipsis(args[1]):
            return _tuple_of(_node(args[0], namespace))
        if head == "dict" and len(args) == 2:
            return _dict_of(_node(args[0], namespace), _node(args[1], namespace))
    raise TypeError(f"the codec cannot read the annotation {ast.unparse(node)!r}")


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_ellipsis(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _declared(kind: object) -> Reader:
    """The reader of a type object: a scalar, a date, a model, or an ``Annotated`` alias."""
    if kind is float:
        return _float
    if kind in (str, int, bool):
        return _scalar(typing.cast(type, kind))
    if kind is dt.date:
        return _date
    name = getattr(kind, "__name__", None)
    if isinstance(name, str) and MODELS.get(name) is kind:
        return _model(name)
    if typing.get_origin(kind) is typing.Annotated:  # Str, Key, Pay...: the type they refine
        return _declared(typing.get_args(kind)[0])
    raise TypeError(f"the codec cannot read the type {kind!r}")
