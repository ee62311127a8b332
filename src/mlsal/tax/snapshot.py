"""The bundled tax rules, validated when mlsal is built, so no run parses or checks them.

``mlsal/data/tax.snapshot.json`` holds the validated models of the bundled ``tax.yaml`` as
plain JSON, with the SHA-256 of that file and of the validating module
(:mod:`mlsal.tax.models`); ``scripts/build_snapshot.py`` writes it, and
``tests/test_tax_rules.py`` fails when it is stale. It is used only for bytes equal to the
bundled file's and the same models; anything else is parsed and validated.

Measured (this machine, ``python -c`` loading the bundled rules): validation with PyYAML and
pydantic took about 400 ms, most of it importing and building pydantic's validators; the
snapshot loads in a few milliseconds. The models are rebuilt field by field from their
annotations, and each model's ``__post_init__`` runs its cross-field checks again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import types
import typing
from collections.abc import Mapping
from importlib import resources
from typing import Any

from mlsal.value import Value

#: The snapshot, beside the bundled file in the package's ``data`` folder.
SNAPSHOT = "tax.snapshot.json"


def digest(raw: bytes) -> str:
    """The SHA-256 of bytes, as hex."""
    return hashlib.sha256(raw).hexdigest()


@functools.cache
def code_digest() -> str | None:
    """The SHA-256 of the validating module's source; None when it cannot be read."""
    try:
        return digest((resources.files("mlsal") / "tax" / "models.py").read_bytes())
    except OSError:
        return None


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def encode_rules(raw: bytes, rules: object) -> bytes:
    """The snapshot of validated ``rules`` read from ``raw``."""
    if code_digest() is None:
        raise OSError("mlsal/tax/models.py cannot be read: no snapshot")
    document = {"yaml": digest(raw), "code": code_digest(), "rules": _plain(rules)}
    return json.dumps(document, indent=1, ensure_ascii=False).encode() + b"\n"


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=True)


def _build(kind: Any, value: object) -> object:
    """``value`` (plain JSON) as the annotation ``kind`` declares it."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Annotated:
        return _build(args[0], value)
    if origin is typing.Union or origin is types.UnionType:
        if value is None and type(None) in args:
            return None
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _build(inner, value)
    if origin is typing.Literal:
        if value not in args:
            raise ValueError(f"{value!r} is not one of {args}")
        return value
    if origin is tuple and isinstance(value, list):
        return tuple(_build(args[0], item) for item in value)
    if origin is Mapping and isinstance(value, dict):
        return {_build(args[0], k): _build(args[1], item) for k, item in value.items()}
    if isinstance(kind, type) and issubclass(kind, Value) and isinstance(value, dict):
        hints = _hints(kind)  # type: ignore[arg-type]  # a class is hashable
        return kind(**{name: _build(hints[name], item) for name, item in value.items()})
    if kind is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind in (int, str, bool) and type(value) is kind:
        return value
    raise ValueError(f"{value!r} is not a {kind}")


def snapshot_rules(raw: bytes) -> Any:
    """The bundled file's models when ``raw`` is its bytes and the snapshot is current."""
    from mlsal.tax.models import TaxFile

    try:
        document = json.loads((resources.files("mlsal") / "data" / SNAPSHOT).read_bytes())
    except (OSError, ValueError):
        return None
    code = code_digest()
    if code is None or document.get("yaml") != digest(raw) or document.get("code") != code:
        return None
    try:
        return _build(TaxFile, document["rules"])
    except (ValueError, TypeError, KeyError):
        return None
