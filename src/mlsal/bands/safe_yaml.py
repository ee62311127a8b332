"""Safe YAML for bands files: text checks, a hardened loader, and line numbers for errors.

A bands file is untrusted input: it is parsed with a safe YAML loader that refuses object
tags, duplicate keys and alias blow-ups. Only validation needs this module (and PyYAML):
a command whose data file is already in the validated cache never imports it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from mlsal.bands.files import MAX_BYTES

#: Deepest nesting of collections, aliases followed (the bundled file needs 7).
MAX_DEPTH = 32

#: Most YAML nodes the document may hold once every alias is expanded (bundled: ~3,000).
MAX_NODES = 100_000

_CORE = "tag:yaml.org,2002:"

#: Tags a bands file may use: plain data only, never objects, sets or binary blobs.
ALLOWED_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


@dataclass(frozen=True)
class Flaw:
    """One problem found while reading YAML: the 1-based line where known, and what is wrong."""

    line: int | None
    message: str


def _line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters, so one bad value cannot flood a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


#: libyaml's safe loader when PyYAML has it (10-60x faster on large files), else pure Python.
#: Its error messages are terser, so a file it refuses is parsed again in Python to explain why.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


if TYPE_CHECKING:
    _LoaderBase = yaml.SafeLoader
else:
    _LoaderBase = object  # a mixin: the real loader class comes later in the bases


class _BandsLoading(_LoaderBase):
    """Safe loading that records duplicate and unhashable keys and builds sequences as tuples."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.flaws: list[Flaw] = []

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Build one value; a value its tag cannot hold (``2026-13-45``) becomes a YAML error."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"bad value {shorten(repr(node.value))} ({shorten(str(error), 80)})",
                node.start_mark,
            ) from None


class BandsLoader(_BandsLoading, yaml.SafeLoader):
    """The bands loader on PyYAML's pure-Python parser: the clearest error messages."""


class FastBandsLoader(_BandsLoading, _FAST_LOADER):  # type: ignore[valid-type,misc]
    """The bands loader on libyaml's parser, when PyYAML was built with it."""


def _construct_mapping(loader: BandsLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    explicit: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue  # merged keys (<<: *anchor) may be overridden by explicit ones
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            continue  # reported below
        line = key_node.start_mark.line + 1
        if key in explicit:
            loader.flaws.append(
                Flaw(line, f"duplicate key '{key}' (first on line {explicit[key]})")
            )
        else:
            explicit[key] = line
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            loader.flaws.append(Flaw(_line(key_node.start_mark), "a key must be a plain value"))
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


def _construct_sequence(loader: BandsLoader, node: yaml.SequenceNode) -> tuple[Any, ...]:
    return tuple(loader.construct_sequence(node, deep=True))


for _loader in (BandsLoader, FastBandsLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _syntax_flaw(error: yaml.YAMLError) -> Flaw:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    if isinstance(error, yaml.constructor.ConstructorError):
        return Flaw(_line(mark), str(problem))
    return Flaw(_line(mark), f"not valid YAML ({problem})")


def _scan(text: str, loader: type[yaml.SafeLoader], flaws: list[Flaw]) -> None:
    depth = nodes = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                line = _line(event.start_mark)
                flaws.append(Flaw(line, f"more than {MAX_NODES:,} YAML nodes; refused"))
                return
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                flaws.append(
                    Flaw(_line(event.start_mark), f"nested more than {MAX_DEPTH} levels deep")
                )
                return
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        tag = getattr(event, "tag", None)
        if isinstance(event, yaml.NodeEvent) and tag is not None:
            flaw = _tag_flaw(tag, _line(event.start_mark))
            if flaw is not None:
                flaws.append(flaw)


def scan_events(text: str) -> list[Flaw]:
    """Refuse object tags and deep nesting from the event stream, before any node is built.

    The parser is iterative, so this is safe on any input; the composer that runs next
    recurses once per nesting level and must only see shallow documents.
    """
    flaws: list[Flaw] = []
    try:
        _scan(text, _FAST_LOADER, flaws)
        return flaws
    except yaml.YAMLError:
        flaws = []
    try:
        _scan(text, yaml.SafeLoader, flaws)
    except yaml.YAMLError as error:
        flaws.append(_syntax_flaw(error))
    return flaws


def _tag_flaw(tag: str, line: int | None) -> Flaw | None:
    if tag in ALLOWED_TAGS or tag == "!":
        return None
    shown = _show_tag(tag)
    if tag.startswith(_CORE + "python/"):
        return Flaw(line, f"tag '{shown}' asks to build a Python object; refused (plain data only)")
    return Flaw(line, f"tag '{shown}' is not allowed in a bands file (plain data only)")


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield key_node
            yield value_node


def expansion_flaw(root: yaml.Node) -> Flaw | None:
    """Measure the node tree as if every alias were copied out; refuse cycles and blow-ups.

    Iterative and memoised per node, so a "billion laughs" file costs only its real size.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        ident = id(node)
        if children_done:
            kids = list(_children(node))
            size[ident] = 1 + sum(size[id(kid)] for kid in kids)
            depth[ident] = 1 + max((depth[id(kid)] for kid in kids), default=0)
            on_path.discard(ident)
            line = _line(node.start_mark)
            if size[ident] > MAX_NODES:
                return Flaw(line, f"aliases expand to more than {MAX_NODES:,} nodes; refused")
            if depth[ident] > MAX_DEPTH:
                return Flaw(line, f"aliases nest more than {MAX_DEPTH} levels deep; refused")
            continue
        if ident in size:
            continue
        if ident in on_path:
            return Flaw(_line(node.start_mark), "an alias refers to the node that holds it")
        on_path.add(ident)
        stack.append((node, True))
        stack.extend((kid, False) for kid in _children(node) if id(kid) not in size)
    return None


@dataclass(frozen=True)
class Document:
    """A parsed YAML document: the plain data, the node tree (for line numbers), any flaws."""

    data: Any
    root: yaml.Node | None
    flaws: tuple[Flaw, ...]


def decode(raw: bytes) -> tuple[str | None, Flaw | None]:
    """The text of a bands file, or why it is not text: too big, empty, binary, not UTF-8."""
    if len(raw) > MAX_BYTES:
        return None, Flaw(None, f"larger than the {MAX_BYTES:,}-byte limit for a bands file")
    if not raw.strip():
        return None, Flaw(None, "the file is empty")
    if b"\x00" in raw:
        return None, Flaw(None, f"binary data (a NUL byte at offset {raw.index(0)})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, Flaw(None, f"not UTF-8 text (byte {error.start})")
    return text.removeprefix("\ufeff"), None


def _load(text: str, loader_class: type[BandsLoader] | type[FastBandsLoader]) -> Document:
    """Compose, measure and construct; raises YAMLError only for malformed YAML."""
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return Document(None, None, (Flaw(None, "the file holds no YAML document"),))
        too_big = expansion_flaw(root)
        if too_big is not None:
            return Document(None, root, (too_big,))
        data = loader.construct_document(root)
    except yaml.constructor.ConstructorError as error:
        return Document(None, None, (*loader.flaws, _syntax_flaw(error)))
    finally:
        loader.dispose()
    return Document(data, root, tuple(loader.flaws))


def parse_yaml(text: str) -> Document:
    """Parse YAML text safely into plain data; a fatal flaw leaves ``data`` as None."""
    flaws = scan_events(text)
    if flaws:
        return Document(None, None, tuple(flaws))
    try:
        return _load(text, FastBandsLoader)
    except yaml.YAMLError:
        pass
    try:
        return _load(text, BandsLoader)
    except yaml.YAMLError as error:
        return Document(None, None, (_syntax_flaw(error),))
