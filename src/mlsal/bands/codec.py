"""The bands file's codec (:class:`mlsal.codec.Codec` over its models) and the stamps of
what checks a bands file: the form of the validated cache's entries and of the snapshot."""

from __future__ import annotations

import functools

from mlsal.bands.models import MODELS, BandsFile
from mlsal.codec import Codec, code_stamp, package_modules
from mlsal.library_versions import library_version

#: Tagged JSON for a bands file's models.
CODEC = Codec(BandsFile, MODELS.values())


def validating_modules() -> tuple[str, ...]:
    """Every module of ``mlsal.bands``, then ``mlsal.value`` (the models' base class) and
    ``mlsal.codec``: paths relative to the ``mlsal`` folder, in a fixed order."""
    return (*package_modules("bands"), "value.py", "codec.py")


@functools.cache
def bands_code_stamp() -> str | None:
    """The stamp of the code that checks and reads a bands file, once per process; None:
    nothing is stored."""
    return code_stamp(validating_modules())


@functools.cache
def stamp() -> str | None:
    """What checks a bands file in this run: the code, pydantic's version and Babel's (the
    schema asks Babel whether each locale and currency is known). None: nothing is cached."""
    code = bands_code_stamp()
    if code is None:
        return None
    pydantic = library_version("pydantic", "version.py")
    babel = library_version("babel", "__init__.py")
    return f"{code}, pydantic {pydantic}, babel {babel}"
