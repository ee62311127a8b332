"""The base of every frozen dataclass in mlsal: the data file's models and every result.

``__init__``, freezing, equality, hashing and repr are written once here rather than
generated per class.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar, TypeVar, cast, dataclass_transform

_MISSING = dataclasses.MISSING


class Value:
    """Base of mlsal's frozen dataclasses: building, freezing, equality, hashing and repr.

    Subclasses are made dataclasses by :func:`frozen`. The dataclass machinery compiles fresh
    code for every method it adds to every class (``__init__``, and ``__setattr__`` and
    ``__delattr__`` to freeze it), and that was most of the time importing the models took.
    These generic methods build, freeze, compare, hash and show an instance as the generated
    ones would. Benchmark figure: importing the bands models executed 47.7 M instructions
    with generated methods, 10.8 M with these; ``mlsal estimate`` went from 883 M to 830 M,
    ``mlsal compare IN US`` from 894 M to 823 M (callgrind).
    """

    __slots__ = ()

    #: Each field's name, default and default factory, in order; set by :func:`frozen`.
    _init_fields: ClassVar[tuple[tuple[str, object, object], ...]] = ()

    def __init__(self, **values: object) -> None:
        set_field = object.__setattr__
        for name, default, factory in self._init_fields:
            if name in values:
                set_field(self, name, values.pop(name))
            elif default is not _MISSING:
                set_field(self, name, default)
            elif factory is not _MISSING:
                set_field(self, name, factory())  # type: ignore[operator]
            else:
                raise TypeError(
                    f"{self.__class__.__name__}() missing required keyword argument {name!r}"
                )
        if values:
            raise TypeError(
                f"{self.__class__.__name__}() got an unexpected keyword argument"
                f" {next(iter(values))!r}"
            )
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

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
    """Make ``cls`` (a subclass of Value) a frozen, slotted, keyword-only dataclass; Value
    supplies the methods, so the dataclass machinery only records the fields and slots."""
    made: type[Value] = dataclasses.dataclass(
        init=False, frozen=False, slots=True, kw_only=True, eq=False, repr=False
    )(cls)
    made._init_fields = tuple(
        (f.name, f.default, f.default_factory)
        for f in dataclasses.fields(made)  # type: ignore[arg-type]
    )
    return cast(_T, made)
