"""Validated models as tagged JSON: the form of the bands and tax snapshots and of the cache.

One :class:`Codec` serves one document shape: its root model class and the registry of
model classes the document may hold (``mlsal.bands.codec`` for a bands file,
``mlsal.tax.snapshot`` for the tax rules). An entry is one JSON object: ``stamp`` (what
checked the models), ``source`` (the checked file's whole text) and ``models``. Each model is
an object that names its class (``"$": "SalaryBand"``) and a date is ``{"$date":
"2024-06-01"}``. A model that occurs more than once (the evidence shared by 530 US areas) is
written in full once, numbered (``"$id": 0``), and then as ``{"$ref": 0}``; it is built once
and shared. Decoding checks the stamp and the text first, then builds only what the models
declare, field by field: a ``str`` where the annotation says ``str``, a list where it says
tuple, the named class where it names a model of the registry; each model's
``__post_init__`` re-runs the checks that span fields. Anything else is a ValueError. The
per-field constraints only pydantic reads (``Rule``, ``Check``) are not run again: an entry
is used only for the same text and the same checking code, so they held when it was
written. Nothing is unpickled, and no class is looked up by a name the entry gives.
Neither pydantic nor PyYAML is imported here.

The stamp of the checking code (:func:`code_stamp`) is a CRC-32 of the name and text of
every module that decides what is valid, listed by each codec's user.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import os
import sys
import types
import typing
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

from mlsal.value import Value

#: The key of a JSON object that names the model it holds, and of one that holds a date.
_MODEL = "$"
_DATE = "$date"

#: The number of a model written in full that later objects refer to, and a reference to it.
_ID = "$id"
_REF = "$ref"

#: The builtin types a model may name bare (``bool``), which are not in its module's names.
_BUILTINS: dict[str, type] = {kind.__name__: kind for kind in (str, int, float, bool)}

_NONE = type(None)

#: The keys of an entry, all required.
_KEYS = frozenset({"stamp", "source", "models"})

#: The ``mlsal`` folder: module names in a stamp are relative to it.
_ROOT = os.path.dirname(os.path.abspath(__file__))


def package_modules(package: str) -> list[str]:
    """Every module of a package of mlsal (``"bands"``) and its subpackages: paths relative
    to the ``mlsal`` folder, in a fixed order."""
    found: list[str] = []
    for folder, subfolders, files in os.walk(os.path.join(_ROOT, package)):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        inside = os.path.relpath(folder, _ROOT)
        found += [os.path.join(inside, name) for name in sorted(files) if name.endswith(".py")]
    return found


def code_stamp(modules: tuple[str, ...]) -> str | None:
    """The checking code: a CRC-32 of the name and text of each module (paths relative to
    the ``mlsal`` folder).

    Line endings are counted as ``\\n``, so a checkout with CRLF endings stamps the same.
    None when a module cannot be read (mlsal run from a zip file): then nothing is stored.
    """
    crc = 0
    for name in modules:
        try:
            with open(f"{_ROOT}{os.sep}{name}", "rb") as stream:
                text = stream.read()
        except OSError:
            return None
        if b"\r" in text:
            text = text.replace(b"\r\n", b"\n")
        crc = zlib.crc32(b"%s\0" % name.replace(os.sep, "/").encode(), crc)
        crc = zlib.crc32(b"\0", zlib.crc32(text, crc))
    return f"code {crc:08x}"


Reader = Callable[[Any], Any]

_Root = TypeVar("_Root", bound=Value)


def _fields_of(model: type[Value]) -> tuple[dataclasses.Field[Any], ...]:
    """The fields of a model class (every one is a dataclass, made by mlsal.value.frozen)."""
    return dataclasses.fields(model)  # type: ignore[arg-type]


def _is_default(field: dataclasses.Field[Any], value: object) -> bool:
    """Whether a field holds its default (of the default's own type): such a field is left
    out of an entry, and the model's default fills it when the entry is read. (The 616
    factors without a company list then cost the bands snapshot nothing.)"""
    if field.default is not dataclasses.MISSING:
        default = field.default
    elif field.default_factory is not dataclasses.MISSING:
        default = field.default_factory()
    else:
        return False
    return type(value) is type(default) and value == default


class Codec(Generic[_Root]):
    """Tagged JSON for documents whose root is a ``root`` and whose models are ``models``.

    The readers of the models' fields are made on first use and kept for the process.
    """

    def __init__(self, root: type[_Root], models: Iterable[type[Value]]) -> None:
        self.root = root
        self.models: dict[str, type[Value]] = {cls.__name__: cls for cls in models}
        if self.models.get(root.__name__) is not root:
            raise TypeError(f"the models of a {root.__name__} must include it")
        #: The shared models of the entry being decoded, by number (cleared around each).
        self._shared: list[object] = []
        self._readers: dict[str, Reader] = {}
        self._annotations: dict[tuple[str, str], Reader] = {}
        self._types: dict[int, tuple[object, Reader]] = {}

    # -- writing --------------------------------------------------------------------------

    def encode(self, raw: bytes, document: _Root, *, stamp: str, limit: int) -> bytes | None:
        """The entry for the validated models of a file's bytes (valid UTF-8, as checked),
        or None when it would be longer than ``limit`` bytes (aliases can make a small
        file's models large: the writing stops there)."""
        entry = {"stamp": stamp, "source": raw.decode("utf-8"), "models": document}
        encoder = json.JSONEncoder(
            default=self._encoder(document), ensure_ascii=False, separators=(",", ":")
        )
        parts: list[bytes] = []
        size = 0
        for chunk in encoder.iterencode(entry):
            part = chunk.encode()
            size += len(part)
            if size > limit:
                return None
            parts.append(part)
        return b"".join(parts)

    def _encoder(self, document: _Root) -> Callable[[object], object]:
        """JSON for what ``json`` cannot write itself: models (tagged by name, a repeated one
        numbered at its first occurrence and referred to after) and dates.

        Benchmark figure: with 530 US areas sharing one evidence, sharing cut the bands
        snapshot from 520 kB to 232 kB and ``mlsal estimate --country IN --years 5 --city
        Bengaluru --skill nlp`` from 891 M to 866 M instructions (callgrind).
        """
        twice: set[object] = set()
        _repeated(document, set(), twice)
        numbers: dict[object, int] = {}
        models = self.models

        def encode(value: object) -> object:
            if isinstance(value, dt.date):
                return {_DATE: value.isoformat()}
            model = models.get(type(value).__name__)
            if model is None or type(value) is not model:
                raise TypeError(f"cannot store a {type(value).__name__}")
            fields = {
                f.name: getattr(value, f.name)
                for f in _fields_of(model)
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

    # -- reading --------------------------------------------------------------------------

    def decode(self, raw: bytes, entry: bytes, *, stamp: str) -> _Root:
        """The validated models of ``raw`` from an entry written with ``stamp``.

        Raises ValueError for anything else: not JSON, another stamp or text, a shape the
        models do not declare, a model whose own checks fail.
        """
        try:
            content = json.loads(entry)
        except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
            raise ValueError(f"not an entry ({error})") from None
        if type(content) is not dict or content.keys() != _KEYS:
            raise ValueError("not an entry")
        if content["stamp"] != stamp:
            raise ValueError("an entry checked by other code or libraries")
        source = content["source"]
        if type(source) is not str or source.encode("utf-8", errors="surrogatepass") != raw:
            raise ValueError("an entry of another text")
        self._shared.clear()
        try:
            document: _Root = self._model(self.root.__name__)(content["models"])
        finally:
            self._shared.clear()
        return document

    # Building: one reader per declared type, made from the models' annotations (strings,
    # as ``from __future__ import annotations`` leaves them), parsed and never evaluated.
    # Benchmark figure: 5.5 M instructions for every bands model's fields, where
    # ``typing.get_type_hints`` (which evaluates them, building each ``Rule``) takes 19 M
    # (callgrind; an estimate runs ~948 M).

    def _model(self, name: str) -> Reader:
        """The reader of one model class: a tagged object, its fields read, the class built."""
        found = self._readers.get(name)
        if found is None:
            found = self._readers[name] = self._make_model(name)
        return found

    def _make_model(self, name: str) -> Reader:
        cls = self.models[name]
        shared = self._shared
        fields: tuple[dict[str, Reader], frozenset[str]] | None = None

        def read(value: object) -> object:
            nonlocal fields
            if type(value) is dict and _REF in value:
                return _shared_model(shared, cls, value)
            if type(value) is not dict or value.get(_MODEL) != name:
                raise _expected(f"a {name}", value)
            if fields is None:  # resolved on first use: a model may name models defined later
                fields = self.fields(name)
            readers, required = fields
            number = value.get(_ID)
            if number is not None:  # numbered before its fields, as written (pre-order)
                if type(number) is not int or number != len(shared):
                    raise ValueError(f"{name} is numbered {number!r:.20}, not {len(shared)}")
                shared.append(None)  # a reference to it from inside it finds no model
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
            if number is not None:
                shared[number] = built
            return built

        return read

    def fields(self, name: str) -> tuple[dict[str, Reader], frozenset[str]]:
        """Each field's reader in one model class, and the fields without a default.

        Raises TypeError for an annotation the codec cannot read: a mistake in the models
        that the tests find (each model's fields are read there), not a user's run.
        """
        cls = self.models[name]
        readers: dict[str, Reader] = {}
        required: set[str] = set()
        for field in _fields_of(cls):
            annotation = field.type
            if isinstance(annotation, str):
                readers[field.name] = self._annotation(annotation, cls.__module__)
            else:
                readers[field.name] = self._declared(annotation)
            no_default = field.default is dataclasses.MISSING
            if no_default and field.default_factory is dataclasses.MISSING:
                required.add(field.name)
        return readers, frozenset(required)

    def _annotation(self, text: str, module: str) -> Reader:
        """The reader of an annotation's text; its names are those of ``module``."""
        found = self._annotations.get((text, module))
        if found is None:
            namespace = vars(sys.modules[module])
            optional = text.endswith(" | None")
            name = text[: -len(" | None")] if optional else text
            kind = namespace.get(name, _BUILTINS.get(name))
            if kind is not None:  # most fields: a name, or a name or None; no parse needed
                found = self._declared(kind)
                found = _optional(found) if optional else found
            else:
                found = _Annotation(self, text, namespace).read()
            self._annotations[text, module] = found
        return found

    def _declared(self, kind: object) -> Reader:
        """The reader of a type object (an alias such as ``Key`` or ``Schedule``): a scalar,
        a date, a model of the registry, or the shapes :meth:`_node` knows, evaluated."""
        known = self._types.get(id(kind))
        if known is None or known[0] is not kind:
            known = self._types[id(kind)] = (kind, self._type(kind))
        return known[1]

    def _type(self, kind: object) -> Reader:
        if kind is float:
            return _float
        if kind is str or kind is int or kind is bool:
            return _scalar(typing.cast(type, kind))
        if kind is dt.date:
            return _date
        name = getattr(kind, "__name__", None)
        if isinstance(name, str) and self.models.get(name) is kind:
            return self._model(name)
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if origin is typing.Annotated:  # Str, Key, Pay...: the type they refine
            return self._declared(args[0])
        if origin is typing.Literal:
            return _literal(args)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return _tuple_of(self._declared(args[0]))
        if origin in (dict, Mapping) and len(args) == 2:
            return _dict_of(self._declared(args[0]), self._declared(args[1]))
        if origin in (types.UnionType, typing.Union) and len(args) == 2 and args[1] is _NONE:
            return _optional(self._declared(args[0]))
        raise TypeError(f"the codec cannot read the type {kind!r}")


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
        for field in _fields_of(type(value)):
            _repeated(getattr(value, field.name), seen, twice)
    elif isinstance(value, tuple):
        for item in value:
            _repeated(item, seen, twice)
    elif isinstance(value, dict):
        for item in value.values():
            _repeated(item, seen, twice)


def _shared_model(shared: list[object], cls: type, value: dict[str, object]) -> object:
    """The model a ``{"$ref": n}`` refers to: one numbered before, of the class expected."""
    number = value[_REF]
    if len(value) != 1 or type(number) is not int or not 0 <= number < len(shared):
        raise ValueError(f"a reference to no model ({number!r:.20})")
    found = shared[number]
    if type(found) is not cls:
        raise ValueError(f"a reference to a {type(found).__name__}, not a {cls.__name__}")
    return found


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


#: The characters that are a token of an annotation by themselves.
_PUNCTUATION = frozenset("[](){},|=")

#: A space each side of each of them: what splits an annotation without quotes into tokens.
_SPACED = str.maketrans({char: f" {char} " for char in _PUNCTUATION})


def _tokens(text: str) -> list[str]:
    """An annotation's tokens: names (``dt.date``), numbers and ``...``, quoted strings, and
    the punctuation. Split by ``str`` methods, or scanned by hand where there are quotes.
    Benchmark figure: compiling a regular expression for it took 1.4 M instructions, more
    than reading every annotation of the tax models now does; scanning every annotation by
    hand, 1.2 M more than this (callgrind)."""
    if "'" not in text and '"' not in text:
        return text.translate(_SPACED).split()
    tokens: list[str] = []
    at, end = 0, len(text)
    while at < end:
        char = text[at]
        start = at
        if char == "'" or char == '"':
            at += 1
            while at < end and text[at] != char:
                at += 2 if text[at] == "\\" else 1
            at += 1
        elif char in _PUNCTUATION:
            at += 1
        elif char.isspace():
            at += 1
            continue
        else:
            while at < end and not (
                text[at] in _PUNCTUATION or text[at] in "'\"" or text[at].isspace()
            ):
                at += 1
        tokens.append(text[start:at])
    return tokens


#: The brackets that open and close the metadata an ``Annotated`` carries after its type.
_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")


class _Annotation:
    """The reader of one annotation's text, which is read, never evaluated.

    Knows ``X | None``, ``Annotated[X, ...]`` (the metadata is pydantic's alone: skipped),
    ``Literal[...]`` of strings and integers, ``tuple[X, ...]``, ``dict[K, V]`` and
    ``Mapping[K, V]`` (read as a dict), names (the module's and ``str``, ``int``, ``float``,
    ``bool``) and a module's names (``dt.date``); anything else is a TypeError. Benchmark
    figure: ``ast.parse`` took 2.0 M instructions for the 17 annotations of the tax models
    that are more than a name (callgrind), a third of what reading the tax snapshot cost.
    """

    def __init__(self, codec: Codec[Any], text: str, namespace: dict[str, Any]) -> None:
        self.codec, self.text, self.namespace = codec, text, namespace
        self.tokens = [*_tokens(text), ""]  # "": the end
        self.at = 0

    def read(self) -> Reader:
        reader = self._union()
        self._take("")
        return reader

    def _mistake(self) -> TypeError:
        return TypeError(f"the codec cannot read the annotation {self.text!r}")

    def _next(self) -> str:
        token = self.tokens[self.at]
        self.at += token != ""
        return token

    def _take(self, expected: str) -> None:
        if self._next() != expected:
            raise self._mistake()

    def _union(self) -> Reader:
        reader = self._type()
        if self.tokens[self.at] == "|":  # ``X | None``, the one union the models use
            self.at += 1
            self._take("None")
            return _optional(reader)
        return reader

    def _type(self) -> Reader:
        name = self._next()
        if self.tokens[self.at] != "[":
            return self.codec._declared(self._named(name))
        self.at += 1
        if name == "Annotated":
            reader = self._union()
            self._take(",")
            self._skip_metadata()
            return reader
        if name == "Literal":
            choices = [self._literal(self._next())]
            while self.tokens[self.at] == ",":
                self.at += 1
                choices.append(self._literal(self._next()))
            self._take("]")
            return _literal(tuple(choices))
        if name == "tuple":
            item = self._union()
            for expected in (",", "...", "]"):
                self._take(expected)
            return _tuple_of(item)
        if name in ("dict", "Mapping"):
            key = self._union()
            self._take(",")
            value = self._union()
            self._take("]")
            return _dict_of(key, value)
        raise self._mistake()

    def _named(self, name: str) -> object:
        """What a name or a module's name (``dt.date``) stands for; nothing is called."""
        head, _, attribute = name.partition(".")
        found = self.namespace.get(head, _BUILTINS.get(head))
        if attribute:
            if not isinstance(found, types.ModuleType) or "." in attribute:
                raise self._mistake()
            found = getattr(found, attribute, None)
        if found is None:
            raise self._mistake()
        return found

    def _literal(self, token: str) -> object:
        if len(token) > 1 and token[0] in "'\"" and token[-1] == token[0] and "\\" not in token:
            return token[1:-1]
        if token.lstrip("-").isdigit():
            return int(token)
        raise self._mistake()

    def _skip_metadata(self) -> None:
        """Skip to the ``]`` that closes an ``Annotated``, past its metadata."""
        depth = 0
        while True:
            token = self._next()
            if token == "":
                raise self._mistake()
            if token in _OPENING:
                depth += 1
            elif token in _CLOSING:
                if depth == 0:
                    return
                depth -= 1
