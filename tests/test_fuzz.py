"""Fuzz the CLI: generated argument lists and generated bands files, through CliRunner.

Whatever the input, mlsal must not crash: no traceback, no unexpected exception, only the exit
codes listed in docs/exit-codes.md, and nothing on stdout when it fails.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from bandsdoc import dump, minimal_document
from mlsal.cli import app

DOCUMENTED = frozenset(
    int(code)
    for code in re.findall(
        r"^\| (\d+) \|",
        (Path(__file__).resolve().parents[1] / "docs" / "exit-codes.md").read_text("utf-8"),
        flags=re.MULTILINE,
    )
)

#: Root options left out: installing completion edits the user's shell files.
UNSAFE = frozenset({"--install-completion", "--show-completion"})


def _commands() -> dict[tuple[str, ...], list[str]]:
    """Every command path with the option names it takes (introspected, so new ones join)."""
    found: dict[tuple[str, ...], list[str]] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        options = [o for p in command.params for o in p.opts if o.startswith("-")]
        found[path] = [o for o in options if o not in UNSAFE] + ["--help"]
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = _commands()

#: Values a person might type, right or nearly right.
PLAUSIBLE = [
    "IN", "US", "in", "us", "India", "USA", "bharat", "UK", "bangalore", "Bengaluru", "BLR",
    "nlp", "NLP", "big-tech", "FAANG", "phd", "ms", "product", "0", "5", "2.5", "60", "61",
    "-1", "-0", "1e3", "nan", "NaN", "inf", "-inf", "1e309", "1e300", "1e-300", "9" * 400,
    "0x10", "", " ",
    "json", "csv", "table", "JSON", "compact", "full", "local", "-", "--", "IN,US", "₹12 L",
    "12,50,000", "$185k", "185000", "2020-01-01", "2031-02-30", "yes",
]  # fmt: skip

FILES = ["good.yaml", "hostile.yaml", "binary.yaml", "empty.yaml", "records.csv", "absent.yaml"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files the generated arguments may name: a good bands file, broken ones, a CSV."""
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "good.yaml").write_text(dump(minimal_document()), encoding="utf-8")
    (folder / "hostile.yaml").write_text("a: !!python/object/apply:os.system [ls]\n", "utf-8")
    (folder / "binary.yaml").write_bytes(bytes(range(256)))
    (folder / "empty.yaml").write_bytes(b"")
    (folder / "records.csv").write_text("country,years\nIN,5\nUS,x\n", encoding="utf-8")
    (folder / "a-folder").mkdir()
    return folder


def _value(workdir: Path) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(PLAUSIBLE),
        st.text(max_size=12),
        st.integers(-(10**30), 10**30).map(str),
        st.floats().map(repr),
        st.sampled_from([*FILES, "a-folder"]).map(lambda name: str(workdir / name)),
    )


#: Working invocations to start from, so that mutations reach past argument parsing.
BASES: list[list[str]] = [
    ["estimate", "-c", "IN", "-y", "5"],
    ["estimate", "-c", "US", "-y", "2", "--city", "seattle", "-f", "json"],
    ["compare", "IN", "US"],
    ["compare", "IN", "US", "-y", "5", "--fx", "84"],
    ["market"],
    ["skills", "-c", "IN"],
    ["data", "info"],
    ["data", "validate"],
    ["calibrate", "{records.csv}", "-o", "out.yaml"],
    ["backtest", "{good.yaml}", "{records.csv}"],
]


@st.composite
def argv_lists(draw: st.DrawFn, workdir: Path) -> list[str]:
    """Either a command and random tokens, or a working invocation with options changed.

    Tokens are the command's own options, plausible values, unicode, huge numbers, paths.
    """
    value = _value(workdir)
    if draw(st.booleans()):
        path = draw(st.sampled_from(sorted(COMMANDS)))
        token = st.one_of(st.sampled_from(COMMANDS[path] or ["--help"]), value)
        return [*path, *draw(st.lists(token, max_size=8))]
    base = [
        str(workdir / t[1:-1]) if t.startswith("{") else t for t in draw(st.sampled_from(BASES))
    ]
    path = tuple(base[:2]) if tuple(base[:2]) in COMMANDS else tuple(base[:1])
    argv = list(base)
    if len(argv) > len(path) and draw(st.booleans()):  # change one token
        argv[draw(st.integers(len(path), len(argv) - 1))] = draw(value)
    for option, new in draw(
        st.lists(st.tuples(st.sampled_from(COMMANDS[path]), value), max_size=3)
    ):
        argv += [option, new]
    return argv


@pytest.fixture
def isolated(tmp_path: Path) -> Iterator[Path]:
    """Run in a scratch folder: generated --output names land there."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        patch.delenv("MLSAL_DATA", raising=False)
        yield tmp_path


def _check(result: Result, argv: list[str]) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{argv!r} raised {result.exception!r}"
    )
    assert result.exit_code in DOCUMENTED, (argv, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr, argv
    assert "Traceback" not in result.stdout, argv
    if result.exit_code != 0:
        assert result.stdout == "", (argv, result.exit_code, result.stdout[:200])
        assert result.stderr.strip(), argv  # a failure always says why
    if not result.stderr.startswith("Usage:"):  # no command given: the help, on stderr
        # messages are whole lines of their own, whatever control characters the input held
        assert all(line.startswith("mlsal: ") for line in result.stderr.splitlines()), (
            argv,
            result.stderr,
        )


def test_exit_codes_are_documented() -> None:
    assert {0, 1, 2, 3} <= DOCUMENTED


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_generated_argument_lists(data: st.DataObject, workdir: Path, isolated: Path) -> None:
    argv = data.draw(argv_lists(workdir))
    result = CliRunner().invoke(app, argv)
    _check(result, argv)


# --- generated bands files --------------------------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.sampled_from([0, -1, 10**13, 10**40]),
    st.floats(),
    st.text(max_size=10),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _paths(child, (*prefix, index))


BUNDLED_TEXT = (resources.files("mlsal") / "data" / "bands.yaml").read_text("utf-8")


@st.composite
def mutated_documents(draw: st.DrawFn) -> str:
    """A valid document (small, or the bundled one) with a few fields changed, as YAML."""
    document = minimal_document() if draw(st.booleans()) else yaml.safe_load(BUNDLED_TEXT)
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(values)
    try:
        return dump(document)
    except yaml.YAMLError:
        assume(False)
        raise


YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab:- \n[]{},&*!<>|'\"#%@`?.0123456789")), max_size=60
)

bands_texts = st.one_of(
    mutated_documents().map(str.encode),
    YAMLISH.map(str.encode),
    st.binary(max_size=64),
    st.sampled_from(["!!python/object:os.system", "&a [*a, *a]", "a: *b", "{a: 1, a: 2}"]).map(
        str.encode
    ),
)

DATA_COMMANDS = [
    ["estimate", "-c", "XA", "-y", "3", "--city", "hub", "-f", "json"],
    ["estimate", "-c", "IN", "-y", "7", "--city", "blr", "--employer", "product", "--offer", "20L"],
    ["compare", "IN", "US", "-y", "5"],
    ["estimate", "-c", "IN", "-y", "3"],
    ["data", "validate"],
    ["data", "info", "-f", "json"],
    ["data", "info"],
    ["compare", "XA", "XA"],
    ["market"],
    ["skills"],
]


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=bands_texts, command=st.sampled_from(DATA_COMMANDS), via_env=st.booleans())
def test_generated_bands_files(
    content: bytes, command: list[str], via_env: bool, isolated: Path
) -> None:
    path = isolated / "bands.yaml"
    path.write_bytes(content)
    if via_env:
        result = CliRunner().invoke(app, command, env={"MLSAL_DATA": str(path)})
    else:
        result = CliRunner().invoke(app, [*command, "--data", str(path)])
    _check(result, command)
    if command[:2] == ["data", "validate"] and result.exit_code == 3:
        lines = result.stderr.splitlines()
        assert all(line.startswith(f"mlsal: error: {path}") for line in lines), lines
