"""The validated-bands cache of a user's file: hits skip the YAML checks; any change, damage
or odd file where an entry should be means a parse, never a traceback and never a hang.

Written against the cache's public functions only, so each test can be run on an older
cache module too. The bundled file never reaches the cache (its snapshot answers first, see
``tests/test_snapshot.py``), so these tests use a user's copy of it.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mlsal.bands import cache as bandscache
from mlsal.bands import schema as validate
from mlsal.bands.loader import parse_bands, read_bytes
from mlsal.bands.models import BandsFile

#: A user's own bands file: the bundled one with a line added, so no snapshot answers for it.
USER_TEXT = read_bytes(None)[0] + b"\n# a user's copy\n"
NAME = "my-bands.yaml"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own; parse_bands' in-process memo emptied."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(bandscache.CACHE_ENV, str(folder))
    parse_bands.cache_clear()
    yield folder
    parse_bands.cache_clear()


def _checks_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(raw: bytes, name: str) -> validate.Report:
        raise AssertionError("the YAML was parsed again")

    monkeypatch.setattr(validate, "check_bytes", refuse)


def _written(cache: Path) -> Path:
    """The one entry in the cache, after the user's file was loaded once."""
    parse_bands(USER_TEXT, NAME)
    (entry,) = cache.glob("bands-*.json")
    return entry


def test_a_second_process_reads_the_cache_not_the_yaml(
    cache: Path, monkeypatch: pytest.MonkeyPatch, bands: BandsFile
) -> None:
    assert parse_bands(USER_TEXT, NAME) == bands
    assert len(list(cache.glob("bands-*.json"))) == 1
    parse_bands.cache_clear()  # as if a new process
    _checks_refused(monkeypatch)
    assert parse_bands(USER_TEXT, NAME) == bands


def test_changed_bytes_miss_the_cache(cache: Path) -> None:
    parse_bands(USER_TEXT, NAME)
    assert bandscache.cached_bands(USER_TEXT + b"# edited\n") is None
    parse_bands(USER_TEXT + b"# edited\n", NAME)
    assert len(list(cache.glob("bands-*.json"))) == 2


def test_a_damaged_entry_is_ignored_and_rewritten(cache: Path, bands: BandsFile) -> None:
    entry = _written(cache)
    entry.write_text('{"schema_version": 1}', encoding="utf-8")
    assert bandscache.cached_bands(USER_TEXT) is None
    parse_bands.cache_clear()
    assert parse_bands(USER_TEXT, NAME) == bands
    assert bandscache.cached_bands(USER_TEXT) == bands


def test_an_unusable_cache_folder_only_costs_a_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bands: BandsFile
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(bandscache.CACHE_ENV, str(blocker / "cache"))
    parse_bands.cache_clear()
    assert parse_bands(USER_TEXT, NAME) == bands
    assert bandscache.cached_bands(USER_TEXT) is None
    parse_bands.cache_clear()


@pytest.mark.parametrize("setting", ["", "off"])
def test_the_cache_can_be_turned_off(
    setting: str, monkeypatch: pytest.MonkeyPatch, bands: BandsFile
) -> None:
    monkeypatch.setenv(bandscache.CACHE_ENV, setting)
    assert bandscache.cache_dir() is None
    bandscache.remember_bands(USER_TEXT, bands)
    assert bandscache.cached_bands(USER_TEXT) is None


# -- where the cache lives ----------------------------------------------------------------


@pytest.fixture
def no_chosen_folder(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(bandscache.CACHE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    return monkeypatch


def test_the_default_folder_follows_xdg(
    no_chosen_folder: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    no_chosen_folder.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert bandscache.cache_dir() == tmp_path / "mlsal"


@pytest.mark.parametrize("xdg", ["relative/cache", "", "."])
def test_a_relative_xdg_cache_home_is_ignored(
    xdg: str, no_chosen_folder: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The XDG specification: a relative path is invalid and is ignored."""
    no_chosen_folder.setenv("XDG_CACHE_HOME", xdg)
    no_chosen_folder.setenv("HOME", str(tmp_path))
    assert bandscache.cache_dir() == tmp_path / ".cache" / "mlsal"


@pytest.mark.parametrize("home", ["", "relative/home"])
def test_an_empty_or_relative_home_means_no_cache(
    home: str, no_chosen_folder: pytest.MonkeyPatch, bands: BandsFile
) -> None:
    """Not a cache in whatever folder mlsal happens to run from (or in /.cache)."""
    no_chosen_folder.setenv("HOME", home)
    assert bandscache.cache_dir() is None
    bandscache.remember_bands(USER_TEXT, bands)  # writes nothing, anywhere
    assert bandscache.cached_bands(USER_TEXT) is None


def test_without_home_the_user_database_names_the_home_folder(
    no_chosen_folder: pytest.MonkeyPatch,
) -> None:
    no_chosen_folder.delenv("HOME", raising=False)
    home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    assert bandscache.cache_dir() == home / ".cache" / "mlsal"


# -- what an entry must hold ------------------------------------------------------------


def _other_text(content: dict[str, Any]) -> None:
    content["source"] = content["source"].replace("Machine", "Mechanic", 1)


def _other_pydantic(content: dict[str, Any]) -> None:
    content["stamp"] = content["stamp"].replace("pydantic ", "pydantic 0", 1)


def _other_babel(content: dict[str, Any]) -> None:
    content["stamp"] = content["stamp"].replace("babel ", "babel 0", 1)


def _unknown_model(content: dict[str, Any]) -> None:
    content["models"]["$"] = "Path"


@pytest.mark.parametrize(
    ("change", "used"),
    [
        (None, True),  # rewritten as it was: still used, so the cases below can fail
        (_other_text, False),  # its name only finds it: the text must equal the file's
        (_other_pydantic, False),  # another pydantic checked it
        (_other_babel, False),  # another Babel checked its locales and currencies
        (_unknown_model, False),  # a class outside the models is not looked up anywhere
    ],
)
def test_an_entry_is_used_only_as_written_for_this_text_and_code(
    cache: Path, bands: BandsFile, change: Callable[[dict[str, Any]], None] | None, used: bool
) -> None:
    entry = _written(cache)
    content = json.loads(entry.read_text(encoding="utf-8"))
    assert content["source"].encode() == USER_TEXT
    assert content["stamp"] == bandscache.stamp()
    if change is not None:
        change(content)
    entry.write_text(json.dumps(content), encoding="utf-8")
    assert bandscache.cached_bands(USER_TEXT) == (bands if used else None)


def _band(content: dict[str, Any]) -> dict[str, Any]:
    band: dict[str, Any] = content["models"]["countries"]["IN"]["bands"][0]
    return band


def _set(where: Callable[[dict[str, Any]], dict[str, Any]], key: str, value: object) -> Any:
    def change(content: dict[str, Any]) -> None:
        where(content)[key] = value

    return change


def _top(content: dict[str, Any]) -> dict[str, Any]:
    return content


def _bands(content: dict[str, Any]) -> dict[str, Any]:
    bands: dict[str, Any] = content["models"]
    return bands


def _country(content: dict[str, Any]) -> dict[str, Any]:
    country: dict[str, Any] = content["models"]["countries"]["IN"]
    return country


def _evidence(content: dict[str, Any]) -> dict[str, Any]:
    evidence: dict[str, Any] = content["models"]["factor_groups"]["city-in"]["factors"][0][
        "evidence"
    ]
    return evidence


def _swap_low_high(content: dict[str, Any]) -> None:
    band = _band(content)
    band["low"], band["high"] = band["high"] + 1, band["low"]


def _drop_low(content: dict[str, Any]) -> None:
    del _band(content)["low"]


#: Entries that must be misses: (what is wrong, the JSON value changed in place).
BROKEN_CONTENT: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("text is a number", _set(_top, "source", 5)),
    ("text is null", _set(_top, "source", None)),
    ("text with a lone surrogate", lambda c: _set(_top, "source", c["source"] + "\ud800")(c)),
    ("stamp is a list", _set(_top, "stamp", ["code"])),
    ("models is null", _set(_top, "models", None)),
    ("models is a list", _set(_top, "models", [])),
    ("the models under the former key", lambda c: c.update(bands=c.pop("models"))),
    ("an extra key", _set(_top, "extra", 1)),
    ("a string for an int", _set(_band, "low", "750000")),
    ("a bool for an int", _set(_band, "low", True)),
    ("a float for an int", _set(_band, "low", 750000.5)),
    ("a huge int for a float", _set(_band, "years_from", 10**400)),
    ("an int for a string", _set(_band, "label", 7)),
    ("a string for a tuple", _set(_country, "aliases", "india")),
    ("a list for a mapping", _set(_country, "factors", ["city", "city-in"])),
    ("a string for a date", _set(_bands, "updated", "2026-11-29")),
    ("an impossible date", _set(_bands, "updated", {"$date": "2026-13-45"})),
    ("a number for a date", _set(_bands, "updated", {"$date": 20261129})),
    ("a list of bands as a mapping", _set(_country, "bands", {"a": 1})),
    ("a band tagged as a country", _set(_band, "$", "Country")),
    ("a band without its tag", lambda c: _band(c).pop("$")),
    ("an unknown field", _set(_band, "colour", "red")),
    ("a missing field", _drop_low),
    ("a literal out of its choices", _set(_evidence, "kind", "rumour")),
    ("an int for a string literal", _set(_evidence, "kind", 1)),
    ("schema version true", _set(_bands, "schema_version", True)),
    ("a check across fields fails", _swap_low_high),  # SalaryBand.__post_init__ raises
    ("a source that is not cited", _set(_band, "source", "nowhere")),
]


@pytest.mark.parametrize(
    "change", [change for _, change in BROKEN_CONTENT], ids=[name for name, _ in BROKEN_CONTENT]
)
def test_an_entry_that_does_not_build_is_a_miss(
    cache: Path, bands: BandsFile, change: Callable[[dict[str, Any]], None]
) -> None:
    entry = _written(cache)
    content = json.loads(entry.read_text(encoding="utf-8"))
    change(content)
    entry.write_text(json.dumps(content), encoding="utf-8")
    assert bandscache.cached_bands(USER_TEXT) is None
    parse_bands.cache_clear()
    assert parse_bands(USER_TEXT, NAME) == bands  # parsed again, and the entry rewritten
    assert bandscache.cached_bands(USER_TEXT) == bands


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _raw(where: Callable[[dict[str, Any]], dict[str, Any]], key: str, text: bytes) -> Any:
    """A damage that puts ``text``, as it is, where ``key`` of ``where`` was in the JSON."""

    def damage(good: bytes) -> bytes:
        content = json.loads(good)
        where(content)[key] = "@placeholder@"
        return json.dumps(content).encode().replace(b'"@placeholder@"', text, 1)

    return damage


#: Entries that are not JSON of the right kind at all: (what is wrong, the bytes from a good one).
BROKEN_BYTES: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("empty", lambda good: b""),
    ("truncated", lambda good: good[: len(good) // 2]),
    ("binary", lambda good: b"\x00\x01\x02garbage"),
    ("invalid UTF-8", lambda good: good.replace(b"Machine", b"Mach\xffine", 1)),
    ("a JSON list", lambda good: b"[]"),
    ("a JSON string", lambda good: b'"bands"'),
    ("deeply nested", lambda good: _nested(100_000)),
    ("deeply nested models", _raw(_top, "models", _nested(100_000))),
    ("deeply nested in a band", _raw(_band, "note", _nested(100_000))),
    ("a huge int", _raw(_band, "low", b"9" * 5000)),
    ("NaN for a float", _raw(_band, "years_from", b"NaN")),
    ("infinity for a float", _raw(_band, "years_from", b"-Infinity")),
    ("1e400 for a float", _raw(_band, "years_from", b"1e400")),
]


@pytest.mark.parametrize(
    "damage", [damage for _, damage in BROKEN_BYTES], ids=[name for name, _ in BROKEN_BYTES]
)
def test_an_entry_that_does_not_decode_is_a_miss(
    cache: Path, bands: BandsFile, damage: Callable[[bytes], bytes]
) -> None:
    entry = _written(cache)
    good = entry.read_bytes()
    broken = damage(good)
    assert broken != good
    entry.write_bytes(broken)
    assert bandscache.cached_bands(USER_TEXT) is None


# -- what an entry file may be ------------------------------------------------------------


def _promptly(call: Callable[[], object], seconds: float = 10) -> object:
    """``call()``'s result, failing the test (not hanging it) if it does not return in time."""
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "blocked"
    return result[0]


def test_a_fifo_where_the_entry_should_be_is_a_miss_without_blocking(cache: Path) -> None:
    entry = _written(cache)
    entry.unlink()
    os.mkfifo(entry)
    try:
        assert _promptly(lambda: bandscache.cached_bands(USER_TEXT)) is None
    finally:  # release a reader that did block, so the thread can end
        with contextlib.suppress(OSError):  # ENXIO: no reader, nothing blocked
            os.close(os.open(entry, os.O_WRONLY | os.O_NONBLOCK))


def test_a_folder_where_the_entry_should_be_is_a_miss(cache: Path) -> None:
    entry = _written(cache)
    entry.unlink()
    entry.mkdir()
    assert bandscache.cached_bands(USER_TEXT) is None


def test_an_entry_reached_through_a_symlink_is_not_read(cache: Path, tmp_path: Path) -> None:
    """An entry mlsal wrote is a regular file; a link could lead anywhere (a device)."""
    entry = _written(cache)
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert bandscache.cached_bands(USER_TEXT) is None


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_symlink_to_an_endless_device_is_a_miss_without_reading(cache: Path) -> None:
    entry = _written(cache)
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert _promptly(lambda: bandscache.cached_bands(USER_TEXT)) is None


def test_a_huge_entry_is_a_miss_after_reading_no_more_than_the_cap(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = _written(cache)
    with entry.open("r+b") as stream:
        stream.truncate(4 * bandscache.MAX_ENTRY_BYTES)  # sparse: no disk space used
    read: list[int] = []
    real_read = os.read

    def counting(fd: int, size: int) -> bytes:
        chunk = real_read(fd, size)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "read", counting)
    assert bandscache.cached_bands(USER_TEXT) is None
    assert 0 < sum(read) <= bandscache.MAX_ENTRY_BYTES + 1


# -- what writing removes -----------------------------------------------------------------


def test_old_entries_are_removed_when_a_new_one_is_written(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bandscache, "MAX_ENTRIES", 3)
    written = []
    for edit in range(5):
        text = USER_TEXT + f"# edit {edit}\n".encode()
        parse_bands(text, NAME)
        (newest,) = set(cache.glob("bands-*.json")) - set(written)
        os.utime(newest, (1_000_000 + edit, 1_000_000 + edit))  # distinct, ordered mtimes
        written.append(newest)
    assert sorted(cache.glob("bands-*.json")) == sorted(written[-3:])
    assert bandscache.cached_bands(USER_TEXT + b"# edit 4\n") is not None
    assert bandscache.cached_bands(USER_TEXT + b"# edit 0\n") is None


def test_pruning_removes_only_entries_mlsal_wrote(
    cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A cache folder shared with other files loses none of them, however old."""
    monkeypatch.setattr(bandscache, "MAX_ENTRIES", 1)
    cache.mkdir()
    target = tmp_path / "kept.json"
    target.write_text("{}", encoding="utf-8")
    theirs = {
        "bands-final.json": "file",
        "bands-0123456789ABCDEF.json": "file",  # upper case: not a name mlsal writes
        "bands-0123456789abcdef.json.bak": "file",
        "bands-0123456789abcdef0.json": "file",
        "bands-fedcba9876543210.json": "folder",  # the right name, but not a regular file
        "bands-aaaaaaaaaaaaaaaa.json": "symlink",
    }
    for name, kind in theirs.items():
        path = cache / name
        if kind == "file":
            path.write_text("{}", encoding="utf-8")
        elif kind == "folder":
            path.mkdir()
        else:
            path.symlink_to(target)
        os.utime(path, (1, 1), follow_symlinks=False)  # older than anything mlsal writes
    parse_bands(USER_TEXT, NAME)
    (first,) = set(cache.glob("bands-*.json")) - {cache / name for name in theirs}
    os.utime(first, (1_000, 1_000))
    parse_bands(USER_TEXT + b"# edited\n", NAME)
    (second,) = set(cache.glob("bands-*.json")) - {cache / name for name in theirs} - {first}
    assert not first.exists()  # the pruning did run
    assert second.exists()
    assert sorted(p.name for p in cache.iterdir()) == sorted([*theirs, second.name])
    assert target.exists()
