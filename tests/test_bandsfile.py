"""The bands file loader against hostile, broken and odd files: one clear error, no traceback."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from bandsdoc import dump, minimal_document
from mlsal.bands.loader import MAX_BYTES, data_path, load_bands, parse_bands
from mlsal.bands.safe_yaml import MAX_DEPTH
from mlsal.errors import DataFileError

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]\n"
    for before, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def _error(tmp_path: Path, content: bytes | str) -> str:
    path = tmp_path / "bands.yaml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(DataFileError) as caught:
        load_bands(path)
    return str(caught.value).removeprefix(f"{path}")


def test_bundled_file_loads_with_its_anchors_and_merge_keys() -> None:
    bands = load_bands()
    cv = next(f for f in bands.factor_groups["skill-in"].factors if f.key == "computer-vision")
    # merged from the &in-specialised anchor, with key, label and aliases overridden
    assert (cv.multiplier, cv.label, cv.aliases) == (1.05, "Computer vision", ("cv", "vision"))


def test_minimal_document_loads(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(dump(minimal_document()), encoding="utf-8")
    assert list(load_bands(path).countries) == ["XA"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "a: !!python/object/apply:os.system ['echo pwned']\n",
            ":1: tag '!!python/object/apply:os.system' asks to build a Python object; "
            "refused (plain data only)",
        ),
        (
            "a: !!python/name:os.system\n",
            ":1: tag '!!python/name:os.system' asks to build a Python object; "
            "refused (plain data only)",
        ),
        (
            "a: !!set {x: null}\n",
            ":1: tag '!!set' is not allowed in a bands file (plain data only)",
        ),
        ("a: !custom 3\n", ":1: tag '!custom' is not allowed in a bands file (plain data only)"),
        (LAUGHS, ":6: aliases expand to more than 100,000 nodes; refused"),
        ("a: &a [*a]\n", ":1: an alias refers to the node that holds it"),
        ("a: &a {<<: *a}\n", ":1: an alias refers to the node that holds it"),
        ("[" * 100_000, f":1: nested more than {MAX_DEPTH} levels deep"),
        (
            "{" + ",".join(f"k{i}: {i}" for i in range(60_000)) + "}\n",
            ":1: more than 100,000 YAML nodes; refused",
        ),
        (
            "a: 1\nb: 2\na: 3\n",
            ":3: duplicate key 'a' (first on line 1) (and 7 more: mlsal data validate)",
        ),
        ("a: 1\n---\nb: 2\n", ":2: not valid YAML (but found another document)"),
        ("a: [1, 2\n", ":2: not valid YAML (expected ',' or ']', but got '<stream end>')"),
        ("a: *nowhere\n", ":1: not valid YAML (found undefined alias 'nowhere')"),
        ("a: 2026-13-45\n", ":1: bad value '2026-13-45' (month must be in 1..12)"),
        (
            "a: !!int twelve\n",
            ":1: bad value 'twelve' (invalid literal for int() with base 10: 'twelve')",
        ),
        ("- just\n- a list\n", ":1: expected a mapping of fields at the top level"),
        ("just text\n", ":1: expected a mapping of fields at the top level"),
        # found by the fuzz test: a null document passed as valid, then crashed the loader
        ("~\n", ":1: expected a mapping of fields at the top level"),
        ("!\n", ":1: expected a mapping of fields at the top level"),
        ("", ": the file is empty"),
        (" \n\t\n", ": the file is empty"),
        ("# only a comment\n", ": the file holds no YAML document"),
        (b"a: 1\x00\n", ": binary data (a NUL byte at offset 4)"),
        (b"a: caf\xe9\n", ": not UTF-8 text (byte 6)"),
        (b"\xff\xfe\x00a", ": binary data (a NUL byte at offset 2)"),
    ],
)
def test_hostile_and_broken_files_are_refused_in_one_line(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    message = _error(tmp_path, content)
    assert message == expected
    assert "\n" not in message


def test_unhashable_key_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    assert _error(tmp_path, "? {a: 1}\n: x\n").startswith(":1: a key must be a plain value")


def test_huge_integer_is_refused(tmp_path: Path) -> None:
    message = _error(tmp_path, "a: " + "9" * 5000 + "\n")
    assert message.startswith(":1: bad value '999")
    assert "Exceeds the limit (4300 digits)" in message
    assert len(message) < 200


def test_file_above_the_size_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    # valid YAML all through: only the size can refuse it
    content = "# padding\n" * (MAX_BYTES // 10) + "a: 1\n"
    assert _error(tmp_path, content) == ": larger than the 1,000,000-byte limit for a bands file"


def test_bytes_above_the_size_cap_are_refused_by_the_parser_too() -> None:
    with pytest.raises(DataFileError, match=r"^x: larger than the 1,000,000-byte limit"):
        parse_bands(b"#" * (MAX_BYTES + 1), "x")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + dump(minimal_document()).encode())
    assert load_bands(path).title == "Test bands"


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p, ": no such file or folder"),
        (lambda p: (p.mkdir(), p)[1], ": is a folder, not a file"),
        (lambda p: (os.mkfifo(p), p)[1], ": not a regular file"),
    ],
)
def test_unreadable_paths(tmp_path: Path, make: object, expected: str) -> None:
    path = tmp_path / "bands.yaml"
    make(path)  # type: ignore[operator]
    with pytest.raises(DataFileError) as caught:
        load_bands(path)
    assert str(caught.value) == f"{path}{expected}"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_device_is_refused_without_reading() -> None:
    with pytest.raises(DataFileError) as caught:
        load_bands(Path("/dev/zero"))
    assert str(caught.value) == "/dev/zero: not a regular file"


def test_a_file_swapped_for_a_fifo_after_a_check_is_refused_without_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is checked through the descriptor it is read from: a FIFO put where a check
    by name had seen a regular file is refused, not waited on for a writer."""
    path = tmp_path / "bands.yaml"
    os.mkfifo(path)
    regular = tmp_path / "regular.yaml"
    regular.write_text(dump(minimal_document()), encoding="utf-8")
    real_stat = Path.stat

    def as_checked_before(self: Path, **options: bool) -> os.stat_result:
        return real_stat(regular if self == path else self, **options)

    monkeypatch.setattr(Path, "stat", as_checked_before)  # the swap, between check and open
    outcome: list[BaseException] = []

    def load() -> None:
        try:
            load_bands(path)
        except DataFileError as error:
            outcome.append(error)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # blocked in open: give it a writer that closes at once
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(10)
        pytest.fail("opening the FIFO blocked")
    assert [str(error) for error in outcome] == [f"{path}: not a regular file"]


def test_a_bands_file_reached_through_a_symlink_loads(tmp_path: Path) -> None:
    """Links are followed for the user's own file (only cache entries refuse them)."""
    real = tmp_path / "real.yaml"
    real.write_text(dump(minimal_document()), encoding="utf-8")
    link = tmp_path / "bands.yaml"
    link.symlink_to(real)
    assert load_bands(link).title == "Test bands"


def test_nul_in_path_is_refused() -> None:
    with pytest.raises(DataFileError, match=r"not a usable file name$"):
        load_bands(Path("bad\x00name.yaml"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text(dump(minimal_document()), encoding="utf-8")
    path.chmod(0)
    with pytest.raises(DataFileError, match=r": permission denied$"):
        load_bands(path)


def test_a_rewritten_file_is_read_again(tmp_path: Path) -> None:
    """The cache is keyed by content: a file edited in place is not served stale."""
    path = tmp_path / "bands.yaml"
    path.write_text(dump(minimal_document()), encoding="utf-8")
    assert load_bands(path).title == "Test bands"
    document = minimal_document()
    document["title"] = "Edited"
    path.write_text(dump(document), encoding="utf-8")
    assert load_bands(path).title == "Edited"
    path.write_text("title: [\n", encoding="utf-8")
    with pytest.raises(DataFileError):
        load_bands(path)


def test_data_path_prefers_the_option_over_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MLSAL_DATA", "/from/env.yaml")
    assert data_path("/from/option.yaml") == Path("/from/option.yaml")
    assert data_path(None) == Path("/from/env.yaml")
    monkeypatch.setenv("MLSAL_DATA", "")
    assert data_path(None) is None


def test_first_problem_counts_the_rest(tmp_path: Path) -> None:
    document = minimal_document()
    document["countries"]["XA"]["bands"][0]["low"] = -1
    document["countries"]["XA"]["bands"][1]["high"] = 0
    assert _error(tmp_path, dump(document)) == (
        ":24: countries.XA.bands.0.low: Input should be greater than 0 (got -1)"
        " (and 1 more: mlsal data validate)"
    )
