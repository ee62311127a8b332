"""mlsal.value: the frozen dataclass base builds, freezes, compares and shows instances as
the dataclass machinery's generated methods would."""

from __future__ import annotations

import dataclasses

import pytest

from mlsal.value import Value, frozen


@frozen
class Point(Value):
    x: int
    y: int = 0
    tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)


@frozen
class Positive(Value):
    amount: int

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError(f"amount must be positive, got {self.amount}")


def test_fields_defaults_and_factories() -> None:
    point = Point(x=1)
    assert (point.x, point.y, point.tags) == (1, 0, ())
    assert Point(x=1, y=2, tags=("a",)).tags == ("a",)


def test_a_missing_field_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"Point\(\) missing required keyword argument 'x'"):
        Point()  # type: ignore[call-arg]


def test_an_unknown_field_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"Point\(\) got an unexpected keyword argument 'z'"):
        Point(x=1, z=3)  # type: ignore[call-arg]


def test_fields_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Point(1)  # type: ignore[misc]


def test_instances_are_frozen() -> None:
    point = Point(x=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]
    with pytest.raises(AttributeError):  # slotted: no other attribute either
        object.__setattr__(point, "z", 1)


def test_post_init_checks_however_it_is_built() -> None:
    with pytest.raises(ValueError, match="amount must be positive, got 0"):
        Positive(amount=0)
    with pytest.raises(ValueError, match="got -1"):
        dataclasses.replace(Positive(amount=1), amount=-1)


def test_equality_hash_repr_and_replace() -> None:
    assert Point(x=1) == Point(x=1, y=0)
    assert Point(x=1) != Point(x=2)
    assert hash(Point(x=1)) == hash(Point(x=1, y=0))
    assert repr(Point(x=1, tags=("a",))) == "Point(x=1, y=0, tags=('a',))"
    assert dataclasses.replace(Point(x=1), y=5) == Point(x=1, y=5)
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y", "tags"]
