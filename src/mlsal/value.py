"""The base of every frozen dataclass in mlsal: the data file's models and every result.

Equality, hashing and repr are written once here rather than generated per class.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar, cast, dataclass_transform


class Value:
    """Base of mlsal's frozen dataclasses: equality, hashing and repr written once, here.

    Subclasses are made dataclasses by :func:`frozen`. The dataclass machinery compiles fresh
    code for every method it adds to every class, and that was most of the time importing
    the models took. These generic methods compare, hash and show the fields as the
    generated ones would.
    """

    __slots__ = ()

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self))  # type: ignore[arg-type]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Value) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((self.__class__, self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
        )
        return f"{self.__class__.__name__}({shown})"


_T = TypeVar("_T", bound=type)


@dataclass_transform(
    frozen_default=True, kw_only_default=True, field_specifiers=(dataclasses.field,)
)
def frozen(cls: _T) -> _T:
    """Make ``cls`` (a subclass of Value) a frozen, slotted, keyword-only dataclass."""
    made = dataclasses.dataclass(frozen=True, slots=True, kw_only=True, eq=False, repr=False)
    return cast(_T, made(cls))
