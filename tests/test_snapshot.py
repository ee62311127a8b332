"""The bundled file's snapshot and the codec behind it and the cache.

The snapshot is current (the bundled text, this validating code, a fresh validation's
models), ships in the wheel and the sdist, answers only for the bundled file's bytes, and is
what a first run after install loads: no YAML parse, no schema checks, no cache entry.
The stamp covers every module that decides validity and the versions of the libraries the
checks call.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlsal import codec as mlsal_codec
from mlsal.bands import codec, snapshot
from mlsal.bands import schema as validate
from mlsal.bands.loader import parse_bands, read_bytes
from mlsal.bands.models import MODELS, BandsFile
from mlsal.library_versions import library_version

ROOT = Path(__file__).resolve().parents[1]
BANDS = ROOT / "data" / "bands.yaml"
SNAPSHOT = ROOT / "src" / "mlsal" / "data" / snapshot.SNAPSHOT
REBUILD = "the snapshot is stale: run python scripts/build_snapshot.py"


@pytest.fixture(scope="module")
def fresh() -> BandsFile:
    """The bundled file, parsed and validated now (PyYAML, pydantic, Babel)."""
    report = validate.check_bytes(BANDS.read_bytes(), "data/bands.yaml")
    assert report.bands is not None, report.problems
    return report.bands


# -- current ------------------------------------------------------------------------------


def test_the_snapshot_holds_the_bundled_text_and_this_code() -> None:
    content = json.loads(SNAPSHOT.read_bytes())
    assert content["source"].encode() == BANDS.read_bytes(), f"{REBUILD} (bands.yaml changed)"
    assert content["stamp"] == codec.bands_code_stamp(), (
        f"{REBUILD} (mlsal.bands, mlsal.value or mlsal.codec changed)"
    )


def test_the_snapshot_holds_what_a_fresh_validation_gives(fresh: BandsFile) -> None:
    stored = codec.CODEC.decode(
        BANDS.read_bytes(), SNAPSHOT.read_bytes(), stamp=codec.bands_code_stamp()
    )
    assert stored == fresh, REBUILD


def test_the_snapshot_is_byte_for_byte_what_the_script_writes() -> None:
    built = snapshot.build_snapshot(BANDS.read_bytes(), "data/bands.yaml")
    assert SNAPSHOT.read_bytes() == built, REBUILD


@pytest.mark.parametrize("name", sorted(MODELS))
def test_the_codec_reads_every_annotation_of_every_model(name: str) -> None:
    """A model field of a shape the codec does not know would fail here, not in a user's run."""
    readers, required = codec.CODEC.fields(name)
    fields = MODELS[name].__dataclass_fields__
    assert set(readers) == set(fields)
    assert required <= set(fields)


def _paths(value: object, here: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path to every value inside a JSON document (keys and list indexes)."""
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        yield (*here, key)
        yield from _paths(item, (*here, key))


GOOD = json.loads(SNAPSHOT.read_bytes())
PATHS = sorted(_paths(GOOD["models"]), key=str)
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(path=st.sampled_from(PATHS), value=ANY_JSON)
def test_any_value_anywhere_in_an_entry_gives_a_miss_or_a_bands_file(
    path: tuple[str | int, ...], value: object
) -> None:
    """Never a traceback: decoding returns models or raises ValueError, whatever is changed."""
    *parents, last = path
    holder: Any = GOOD["models"]
    for key in parents:
        holder = holder[key]
    before = holder[last]
    holder[last] = value
    try:
        entry = json.dumps(GOOD).encode()
    finally:
        holder[last] = before
    raw = BANDS.read_bytes()
    try:
        bands = codec.CODEC.decode(raw, entry, stamp=GOOD["stamp"])
    except ValueError:
        return
    assert isinstance(bands, BandsFile)


def test_a_repeated_model_is_written_once_and_shared(fresh: BandsFile) -> None:
    """The evidence the US areas share is one object in the entry and one when read."""
    entry = SNAPSHOT.read_bytes()
    assert entry.count(b'{"$ref":') > 500
    bands = codec.CODEC.decode(BANDS.read_bytes(), entry, stamp=GOOD["stamp"])
    assert bands == fresh
    evidences = {id(f.evidence) for g in bands.factor_groups.values() for f in g.factors}
    factors = sum(len(g.factors) for g in bands.factor_groups.values())
    assert len(evidences) < factors / 4


def _first(document: Any, key: str) -> dict[str, Any]:
    """The first JSON object holding ``key``, depth first."""
    if isinstance(document, dict):
        if key in document:
            return document
        items: Any = document.values()
    elif isinstance(document, list):
        items = document
    else:
        raise KeyError(key)
    for item in items:
        with contextlib.suppress(KeyError):
            return _first(item, key)
    raise KeyError(key)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda ref, numbered: ref.update({"$ref": 10**6}), "a reference to no model"),
        (lambda ref, numbered: ref.update({"$ref": -1}), "a reference to no model"),
        (lambda ref, numbered: ref.update({"$ref": "0"}), "a reference to no model"),
        (lambda ref, numbered: ref.update({"extra": 1}), "a reference to no model"),
        (lambda ref, numbered: numbered.update({"$id": 7}), "is numbered 7, not 0"),
    ],
)
def test_a_broken_reference_is_a_miss(change: Any, reason: str) -> None:
    entry = json.loads(SNAPSHOT.read_bytes())
    change(_first(entry["models"], "$ref"), _first(entry["models"], "$id"))
    with pytest.raises(ValueError, match=reason):
        codec.CODEC.decode(BANDS.read_bytes(), json.dumps(entry).encode(), stamp=GOOD["stamp"])


# -- used only for the bundled bytes ------------------------------------------------------


@pytest.fixture
def memo_cleared() -> Iterator[None]:
    parse_bands.cache_clear()
    yield
    parse_bands.cache_clear()


def test_the_bundled_file_loads_from_the_snapshot_alone(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh: BandsFile, memo_cleared: None
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MLSAL_CACHE_DIR", str(cache))

    def refuse(raw: bytes, name: str) -> validate.Report:
        raise AssertionError("the bundled file was parsed and validated")

    monkeypatch.setattr(validate, "check_bytes", refuse)
    raw, name = read_bytes(None)
    assert parse_bands(raw, name) == fresh
    assert not cache.exists()  # no cache entry either


def test_other_bytes_are_not_answered_by_the_snapshot() -> None:
    raw, _ = read_bytes(None)
    assert snapshot.snapshot_bands(raw) is not None  # so the cases below can fail
    assert snapshot.snapshot_bands(raw + b"\n# edited\n") is None
    assert snapshot.snapshot_bands(raw.replace(b"Machine", b"Mechanic", 1)) is None
    assert snapshot.snapshot_bands(b"") is None


def _package_data(tmp_path: Path, *, bands: bytes, entry: bytes | None) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / snapshot.BUNDLED).write_bytes(bands)
    if entry is not None:
        (folder / snapshot.SNAPSHOT).write_bytes(entry)
    return folder


@pytest.mark.parametrize(
    ("case", "used"),
    [
        ("as shipped", True),  # a copy of the package's data: used, so the cases below can fail
        ("bands.yaml edited", False),  # a source checkout edited without the script run
        ("other code", False),  # a validating module edited without the script run
        ("damaged", False),
        ("missing", False),
    ],
)
def test_a_stale_or_broken_snapshot_is_not_used(
    case: str, used: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh: BandsFile
) -> None:
    raw = BANDS.read_bytes()
    entry: bytes | None = SNAPSHOT.read_bytes()
    if case == "bands.yaml edited":
        raw = raw.replace(b"Machine Learning Engineer pay", b"Machine learning engineer pay", 1)
    elif case == "other code":
        monkeypatch.setattr(snapshot, "bands_code_stamp", lambda: "code 00000000")
    elif case == "damaged":
        entry = SNAPSHOT.read_bytes()[:-100]
    elif case == "missing":
        entry = None
    folder = _package_data(tmp_path, bands=raw, entry=entry)
    monkeypatch.setattr(snapshot, "data_folder", lambda: folder)
    found = snapshot.snapshot_bands(raw)
    assert (found is not None) == used
    if used:
        assert found == fresh


def test_a_stale_snapshot_means_a_parse_and_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memo_cleared: None
) -> None:
    """bands.yaml edited in a source checkout: loaded as any other file, and cached."""
    raw = BANDS.read_bytes().replace(b"Machine Learning Engineer pay", b"ML engineer pay", 1)
    folder = _package_data(tmp_path, bands=raw, entry=SNAPSHOT.read_bytes())
    monkeypatch.setattr(snapshot, "data_folder", lambda: folder)
    monkeypatch.setenv("MLSAL_CACHE_DIR", str(tmp_path / "cache"))
    assert parse_bands(raw, "bundled").title.startswith("ML engineer pay")
    assert len(list((tmp_path / "cache").glob("bands-*.json"))) == 1


# -- the stamp ----------------------------------------------------------------------------


@pytest.fixture
def package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of mlsal.bands, mlsal.value and mlsal.codec that the stamp reads instead of
    the real ones."""
    real = Path(mlsal_codec.__file__).parent
    copy = tmp_path / "mlsal" / "bands"
    shutil.copytree(real / "bands", copy, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("value.py", "codec.py"):
        shutil.copy(real / name, copy.parent / name)
    monkeypatch.setattr(mlsal_codec, "_ROOT", str(copy.parent))
    codec.bands_code_stamp.cache_clear()
    yield copy
    codec.bands_code_stamp.cache_clear()


def _restamped() -> str | None:
    """The stamp of the code as it now is (the stamp is memoized for the process)."""
    codec.bands_code_stamp.cache_clear()
    return codec.bands_code_stamp()


def test_the_stamp_of_the_copy_is_the_stamp_of_the_package(package_copy: Path) -> None:
    copied = codec.bands_code_stamp()
    codec.bands_code_stamp.cache_clear()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mlsal_codec, "_ROOT", str(Path(mlsal_codec.__file__).parent))
        assert codec.bands_code_stamp() == copied


def test_every_module_of_the_package_value_and_the_codec_is_in_the_stamp(
    package_copy: Path,
) -> None:
    """Derived from the folder, not a list of names that goes stale when a module is renamed."""
    before = codec.bands_code_stamp()
    modules = [
        *sorted(package_copy.rglob("*.py")),
        package_copy.parent / "value.py",
        package_copy.parent / "codec.py",
    ]
    assert {m.name for m in modules} >= {"models.py", "schema.py", "safe_yaml.py", "value.py"}
    for module in modules:
        text = module.read_bytes()
        module.write_bytes(text + b"\n# edited\n")
        assert _restamped() != before, module.name
        module.write_bytes(text)
        assert _restamped() == before


def test_a_new_renamed_or_nested_module_changes_the_stamp(package_copy: Path) -> None:
    before = codec.bands_code_stamp()
    (package_copy / "checks.py").write_text("LIMIT = 3\n", encoding="utf-8")
    added = _restamped()
    assert added != before
    (package_copy / "checks.py").rename(package_copy / "rules.py")
    assert _restamped() not in (before, added)
    (package_copy / "rules.py").unlink()
    assert _restamped() == before
    (package_copy / "extra").mkdir()
    (package_copy / "extra" / "more.py").write_text("LIMIT = 3\n", encoding="utf-8")
    assert _restamped() != before


def test_line_endings_do_not_change_the_stamp(package_copy: Path) -> None:
    """A Windows checkout (CRLF) stamps as the repository does, so its snapshot is current."""
    before = codec.bands_code_stamp()
    models = package_copy / "models.py"
    models.write_bytes(models.read_bytes().replace(b"\n", b"\r\n"))
    assert _restamped() == before


def test_an_unreadable_module_turns_the_stamp_off(package_copy: Path) -> None:
    (package_copy.parent / "value.py").unlink()
    assert _restamped() is None


def test_the_stamp_names_the_versions_of_pydantic_and_babel() -> None:
    """Read from their sources without importing them; equal to what their metadata says."""
    expected = (
        f"{codec.bands_code_stamp()}, pydantic {version('pydantic')}, babel {version('babel')}"
    )
    assert codec.stamp() == expected


def test_a_library_without_a_version_line_is_named_by_a_crc_and_a_missing_one_so() -> None:
    assert library_version("mlsal", "errors.py").startswith("crc ")
    assert library_version("no_such_package_for_mlsal", "version.py") == "not found"


# -- runs and builds ----------------------------------------------------------------------

_RUN = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write("\\n" + json.dumps(sorted(sys.modules))))
sys.argv = ["mlsal", *json.loads(sys.argv[1])]
from mlsal.entry import main
main()
"""

#: What loading a file with no snapshot or cache entry needs, and a hit does not.
VALIDATING = ("yaml", "mlsal.bands.schema", "mlsal.bands.safe_yaml")


def _run(argv: list[str], env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(argv)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr
    modules: list[str] = json.loads(done.stderr.splitlines()[-1])
    return modules


ESTIMATE = ["estimate", "--country", "IN", "--years", "5", "--format", "json"]


def test_a_first_run_after_install_validates_nothing(tmp_path: Path) -> None:
    """An empty cache: the bundled file still comes from the snapshot, and nothing is cached."""
    cache = tmp_path / "cache"
    modules = _run(ESTIMATE, {"MLSAL_CACHE_DIR": str(cache), "MLSAL_DATA": ""})
    assert "mlsal.bands.snapshot" in modules
    assert [name for name in VALIDATING if name in modules] == []
    assert "mlsal.bands.cache" not in modules
    assert not cache.exists()


def test_a_users_file_is_validated_once_then_read_from_the_cache(tmp_path: Path) -> None:
    data = tmp_path / "mine.yaml"
    data.write_bytes(BANDS.read_bytes() + b"\n# my copy\n")
    env = {"MLSAL_CACHE_DIR": str(tmp_path / "cache"), "MLSAL_DATA": str(data)}
    first, second = _run(ESTIMATE, env), _run(ESTIMATE, env)
    assert [name for name in VALIDATING if name in first] == list(VALIDATING)
    assert [name for name in VALIDATING if name in second] == []


def test_the_wheel_and_the_sdist_carry_the_snapshot(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "--directory", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("mlsal-*.whl")
    (sdist,) = tmp_path.glob("mlsal-*.tar.gz")
    assert zipfile.ZipFile(wheel).read(f"mlsal/data/{snapshot.SNAPSHOT}") == SNAPSHOT.read_bytes()
    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        for name in (f"src/mlsal/data/{snapshot.SNAPSHOT}", "scripts/build_snapshot.py"):
            member = archive.extractfile(f"{top}/{name}")
            assert member is not None
            assert member.read() == (ROOT / name).read_bytes()


def test_the_builder_says_every_product_is_current() -> None:
    """The one build script checks the bands and tax snapshots and the money facts."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_snapshot.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "src/mlsal/data/bands.snapshot.json is current",
        "src/mlsal/data/tax.snapshot.json is current",
        "src/mlsal/data/money.json is current",
    ]
