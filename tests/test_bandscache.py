"""The validated-bands cache: hits skip the YAML checks, any change or damage means a parse."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mlsal.bands import cache as bandscache
from mlsal.bands import schema as validate
from mlsal.bands.loader import parse_bands, read_bytes
from mlsal.bands.models import BandsFile


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


def test_a_second_process_reads_the_cache_not_the_yaml(
    cache: Path, monkeypatch: pytest.MonkeyPatch, bands: BandsFile
) -> None:
    raw, name = read_bytes(None)
    assert parse_bands(raw, name) == bands
    assert len(list(cache.glob("bands-*.json"))) == 1
    parse_bands.cache_clear()  # as if a new process
    _checks_refused(monkeypatch)
    assert parse_bands(raw, name) == bands


def test_changed_bytes_miss_the_cache(cache: Path) -> None:
    raw, name = read_bytes(None)
    parse_bands(raw, name)
    assert bandscache.cached_bands(raw + b"\n# edited\n") is None
    parse_bands(raw + b"\n# edited\n", name)
    assert len(list(cache.glob("bands-*.json"))) == 2


def test_a_damaged_entry_is_ignored_and_rewritten(cache: Path, bands: BandsFile) -> None:
    raw, name = read_bytes(None)
    parse_bands(raw, name)
    (entry,) = cache.glob("bands-*.json")
    entry.write_text('{"schema_version": 1}', encoding="utf-8")
    assert bandscache.cached_bands(raw) is None
    parse_bands.cache_clear()
    assert parse_bands(raw, name) == bands
    assert bandscache.cached_bands(raw) == bands


def test_an_unusable_cache_folder_only_costs_a_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bands: BandsFile
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(bandscache.CACHE_ENV, str(blocker / "cache"))
    parse_bands.cache_clear()
    raw, name = read_bytes(None)
    assert parse_bands(raw, name) == bands
    assert bandscache.cached_bands(raw) is None
    parse_bands.cache_clear()


@pytest.mark.parametrize("setting", ["", "off"])
def test_the_cache_can_be_turned_off(
    setting: str, monkeypatch: pytest.MonkeyPatch, bands: BandsFile
) -> None:
    monkeypatch.setenv(bandscache.CACHE_ENV, setting)
    assert bandscache.cache_dir() is None
    raw, _ = read_bytes(None)
    bandscache.remember_bands(raw, bands)
    assert bandscache.cached_bands(raw) is None


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(bandscache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert bandscache.cache_dir() == tmp_path / "mlsal"


def _other_text(content: dict[str, Any]) -> None:
    content["source"] = content["source"].replace("Machine", "Mechanic", 1)


def _other_validator(content: dict[str, Any]) -> None:
    content["stamp"] = content["stamp"].replace("pydantic", "pydantic 0", 1)


def _unknown_model(content: dict[str, Any]) -> None:
    content["bands"]["$"] = "Path"


@pytest.mark.parametrize(
    ("change", "used"),
    [
        (None, True),  # rewritten as it was: still used, so the cases below can fail
        (_other_text, False),  # its name only finds it: the text must equal the file's
        (_other_validator, False),  # another mlsal or pydantic checked it
        (_unknown_model, False),  # a class outside the models is not looked up anywhere
    ],
)
def test_an_entry_is_used_only_as_written_for_this_text_and_code(
    cache: Path, bands: BandsFile, change: Callable[[dict[str, Any]], None] | None, used: bool
) -> None:
    raw, name = read_bytes(None)
    parse_bands(raw, name)
    (entry,) = cache.glob("bands-*.json")
    content = json.loads(entry.read_text(encoding="utf-8"))
    assert content["source"].encode() == raw
    assert content["stamp"] == bandscache.stamp()
    if change is not None:
        change(content)
    entry.write_text(json.dumps(content), encoding="utf-8")
    assert bandscache.cached_bands(raw) == (bands if used else None)


def test_old_entries_are_removed_when_a_new_one_is_written(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bandscache, "MAX_ENTRIES", 3)
    raw, name = read_bytes(None)
    written = []
    for edit in range(5):
        text = raw + f"\n# edit {edit}\n".encode()
        parse_bands(text, name)
        (newest,) = set(cache.glob("bands-*.json")) - set(written)
        os.utime(newest, (1_000_000 + edit, 1_000_000 + edit))  # distinct, ordered mtimes
        written.append(newest)
    assert sorted(cache.glob("bands-*.json")) == sorted(written[-3:])
    assert bandscache.cached_bands(raw + b"\n# edit 4\n") is not None
    assert bandscache.cached_bands(raw + b"\n# edit 0\n") is None
