"""Atomic writes: the old file survives an interrupted write; nothing is overwritten unforced."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlsal.errors import InputError
from mlsal.io import atomic_writer


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("interruption", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_an_interrupted_write_leaves_the_old_file_intact(
    tmp_path: Path, interruption: BaseException
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old content\n", encoding="utf-8")
    with pytest.raises(type(interruption)), atomic_writer(target, force=True) as stream:
        stream.write("half of the new")
        raise interruption
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert _leftovers(tmp_path) == []


def test_an_interrupted_first_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), atomic_writer(target) as stream:
        stream.write("partial")
        raise RuntimeError("stopped")
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_a_completed_write_replaces_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    refused = pytest.raises(InputError, match=r"exists; pass --force to overwrite it$")
    with refused, atomic_writer(target) as stream:
        stream.write("new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    with atomic_writer(target, force=True) as stream:
        stream.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert _leftovers(tmp_path) == []


def test_a_directory_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    folder = pytest.raises(InputError, match=r"is a directory$")
    with folder, atomic_writer(tmp_path, force=True) as stream:
        stream.write("x")
    missing = pytest.raises(InputError, match=r"no such folder for the output file$")
    with missing, atomic_writer(tmp_path / "absent" / "out.csv") as stream:
        stream.write("x")
