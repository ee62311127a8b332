"""The bundled tax rules, validated when mlsal is built, so no run parses or checks them.

``mlsal/data/tax.snapshot.json`` is a :mod:`mlsal.codec` entry for the bundled ``tax.yaml``
(the bands snapshot's form), written by ``scripts/build_snapshot.py``;
``tests/test_tax_rules.py`` fails when it is stale. Its stamp covers every module that
decides what a tax rules file holds: the tax models and loader, and what they build on (the
bands models, schema and YAML loader, which check the file, ``mlsal.value`` and
``mlsal.codec``). It is used only for bytes equal to the text it holds and that code;
anything else is parsed and validated.

Measured (this machine, ``python -c`` loading the bundled rules): validation with PyYAML and
pydantic took about 400 ms, most of it importing and building pydantic's validators; the
snapshot loads in a few milliseconds.
"""

from __future__ import annotations

import functools
from importlib import resources

from mlsal.codec import Codec, code_stamp
from mlsal.tax.models import MODELS, TaxFile

#: The snapshot, beside the bundled file in the package's ``data`` folder.
SNAPSHOT = "tax.snapshot.json"

#: Tagged JSON for a tax rules file's models.
CODEC = Codec(TaxFile, MODELS.values())


def tax_validating_modules() -> tuple[str, ...]:
    """The modules that decide what a tax rules file holds, relative to the ``mlsal``
    folder: the tax models and loader and every module of mlsal they import, directly or
    not (``tests/test_tax_rules.py`` derives that list from their imports and compares)."""
    return (
        "tax/models.py", "tax/loader.py", "tax/snapshot.py", "bands/models.py",
        "bands/names.py", "bands/schema.py", "bands/safe_yaml.py", "bands/files.py",
        "codec.py", "value.py", "errors.py", "io.py",
    )  # fmt: skip


@functools.cache
def tax_code_stamp() -> str | None:
    """The stamp of that code, once per process; None when a module cannot be read."""
    return code_stamp(tax_validating_modules())


def encode_rules(raw: bytes, rules: TaxFile) -> bytes:
    """The snapshot of validated ``rules`` read from ``raw``."""
    code = tax_code_stamp()
    if code is None:
        raise OSError("the modules that check tax rules cannot be read: no snapshot")
    content = CODEC.encode(raw, rules, stamp=code, limit=len(raw) * 100)
    if content is None:
        raise ValueError("the tax rules' models are over 100 times their text: no snapshot")
    return content + b"\n"


def snapshot_rules(raw: bytes) -> TaxFile | None:
    """The bundled file's models when ``raw`` is its bytes and the snapshot is current."""
    code = tax_code_stamp()
    if code is None:
        return None
    try:
        entry = (resources.files("mlsal") / "data" / SNAPSHOT).read_bytes()
        return CODEC.decode(raw, entry, stamp=code)
    except (OSError, ValueError):
        return None
