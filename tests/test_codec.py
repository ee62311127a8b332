"""The codec on models of its own: the annotation shapes it reads (plain and as aliases),
models shared inside shared models, and the registry as the limit of what it builds.

The bands and tax snapshots and the cache are tested in ``tests/test_snapshot.py``,
``tests/test_tax_rules.py`` and ``tests/test_bandscache.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Annotated, Literal

import pytest

from mlsal import codec
from mlsal.codec import Codec
from mlsal.value import Value, frozen

Label = Annotated[str, "metadata only pydantic would read: [ ( {"]
Side = Literal["buy", "sell"]
Sides = Mapping[Side, int]
Labels = tuple[Label, ...]
MaybeLabel = Label | None


@frozen
class Leaf(Value):
    name: str
    weight: float


@frozen
class Branch(Value):
    leaf: Leaf
    tags: tuple[Leaf, ...] = ()


@frozen
class Tree(Value):
    """Every shape a model may declare, written out and through aliases."""

    planted: Annotated[dt.date, "when"]
    seen: dt.date | None = None
    kind: Literal["oak", 3]
    sides: Mapping[Literal["buy", "sell"], int]
    sides_alias: Sides
    labels: Labels
    maybe: MaybeLabel = None
    named: dict[str, Annotated[int, {"le": 5}]]
    alive: bool
    branches: tuple[Branch, ...]


@frozen
class Stranger(Value):
    name: str


@frozen
class Forest(Value):
    stranger: Stranger


CODEC = Codec(Tree, [Tree, Branch, Leaf])
STAMP = "code 00000000"
RAW = b"a tree\n"


def _tree() -> Tree:
    leaf = Leaf(name="l", weight=1.5)
    branch = Branch(leaf=leaf, tags=(leaf, leaf))
    return Tree(
        planted=dt.date(2026, 1, 2),
        kind=3,
        sides={"buy": 1, "sell": 2},
        sides_alias={"sell": 3},
        labels=("a", "b"),
        maybe="m",
        named={"x": 1},
        alive=True,
        branches=(branch, branch, Branch(leaf=leaf)),
    )


def _entry(tree: Tree) -> bytes:
    entry = CODEC.encode(RAW, tree, stamp=STAMP, limit=10**6)
    assert entry is not None
    return entry


def test_every_shape_round_trips() -> None:
    tree = _tree()
    assert CODEC.decode(RAW, _entry(tree), stamp=STAMP) == tree


def test_a_shared_model_inside_a_shared_model_is_written_once_and_shared() -> None:
    """The branch is numbered before the leaf inside it, as the writer meets them."""
    entry = _entry(_tree())
    models = json.loads(entry)["models"]
    first, second, third = models["branches"]
    assert (first["$id"], first["leaf"]["$id"]) == (0, 1)
    assert second == {"$ref": 0}
    assert third["leaf"] == {"$ref": 1}
    tree = CODEC.decode(RAW, entry, stamp=STAMP)
    assert tree.branches[0] is tree.branches[1]
    assert tree.branches[2].leaf is tree.branches[0].leaf


def test_a_model_that_refers_to_itself_is_refused() -> None:
    content = json.loads(_entry(_tree()))
    content["models"]["branches"][0]["leaf"] = {"$ref": 0}  # the branch being read
    with pytest.raises(ValueError, match="a reference to a NoneType, not a Leaf"):
        CODEC.decode(RAW, json.dumps(content).encode(), stamp=STAMP)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("sides", {"hold": 1}, "expected one of \\('buy', 'sell'\\)"),
        ("sides_alias", {"buy": "1"}, "expected int"),
        ("kind", "3", "expected one of"),
        ("planted", "2026-01-02", "expected a date"),
        ("seen", {"$date": "2026-02-30"}, "day is out of range"),
        ("labels", ["a", 1], "expected str"),
        ("maybe", 7, "expected str"),
        ("alive", 1, "expected bool"),
        ("named", [], "expected an object"),
    ],
)
def test_a_value_of_another_shape_is_refused(field: str, value: object, reason: str) -> None:
    content = json.loads(_entry(_tree()))
    content["models"][field] = value
    with pytest.raises(ValueError, match=reason):
        CODEC.decode(RAW, json.dumps(content).encode(), stamp=STAMP)


def test_a_model_outside_the_registry_is_neither_written_nor_read() -> None:
    forest = Codec(Forest, [Forest])
    with pytest.raises(TypeError, match="cannot store a Stranger"):
        forest.encode(RAW, Forest(stranger=Stranger(name="s")), stamp=STAMP, limit=10**6)
    with pytest.raises(TypeError, match=r"cannot read the type <class '.*Stranger'>"):
        forest.fields("Forest")


def test_the_root_must_be_in_the_registry() -> None:
    with pytest.raises(TypeError, match="the models of a Tree must include it"):
        Codec(Tree, [Leaf])


@pytest.mark.parametrize(
    "text",
    [
        "list[int]",
        "int | str",
        "tuple[int]",
        "Annotated[int]",
        "Literal[Leaf]",
        "Literal['a\\'b']",
        "dt.nothing",
        "dt.date.year",
        "json.JSONDecoder",
        "Annotated[int, (]",
        "int]",
        "Unknown",
        "",
    ],
)
def test_an_annotation_the_codec_does_not_know_is_a_type_error(text: str) -> None:
    """A mistake in the models, found by the tests that read every model's fields."""
    with pytest.raises(TypeError, match="the codec cannot read the"):
        codec._Annotation(CODEC, text, globals()).read()
