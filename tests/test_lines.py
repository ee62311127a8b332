"""Lines of CSV input: files without line breaks are refused at the bound, not read into
memory whole; a record is one line (a broken quote is an error naming its line); blank lines
are skipped; every message names the exact physical line, however deep in the file."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlsal.cli import app
from mlsal.errors import InputError
from mlsal.io import CsvRecords, open_csv
from mlsal.pay import batch
from mlsal.records import readers


def test_lines_up_to_the_bound_pass_through() -> None:
    stream = io.StringIO("a,b\n" + "x" * 9 + "\nlast")
    records = CsvRecords(stream, name="t", line_limit=10)
    assert list(records) == [["a", "b"], ["x" * 9], ["last"]]


def test_a_line_over_the_bound_names_the_line() -> None:
    stream = io.StringIO("a,b\n" + "x" * 11)
    lines = iter(CsvRecords(stream, name="in.csv", line_limit=10))
    assert next(lines) == ["a", "b"]
    with pytest.raises(InputError) as caught:
        next(lines)
    assert str(caught.value) == (
        "in.csv: line 2 is longer than 10 characters; is this a CSV file with line breaks?"
    )


@pytest.fixture
def endless(tmp_path: Path) -> Path:
    """A 2 MiB file of NUL bytes: one 'line' twice the bound."""
    path = tmp_path / "zero.csv"
    path.write_bytes(b"\0" * (2 << 20))
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["batch", "{path}"],
        ["calibrate", "{path}", "--output", "{out}"],
        ["backtest", "bundled", "{path}"],
    ],
)
def test_commands_refuse_a_file_without_line_breaks(
    runner: CliRunner, endless: Path, tmp_path: Path, argv: list[str]
) -> None:
    args = [a.format(path=endless, out=tmp_path / "out.yaml") for a in argv]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"mlsal: error: {endless}: line 1 is longer than 1,048,576 characters; "
        "is this a CSV file with line breaks?\n"
    )
    assert not (tmp_path / "out.yaml").exists()


# --- CSV records, one per line ------------------------------------------------------------

#: The CSV reader as the batch and the records readers use it (one code, in mlsal.io).
READERS: list[Callable[..., Iterable[list[str]]]] = [batch.read_records, readers.CsvRecords]
IDS = ["batch", "records"]

OPEN = "a quoted field is not closed (stray '\"'?)"


def test_batch_and_records_read_csv_with_the_one_reader_in_io() -> None:
    from mlsal import io as mlsal_io

    assert readers.CsvRecords is mlsal_io.CsvRecords
    assert isinstance(batch.read_records(io.StringIO("a\n"), name="x"), mlsal_io.CsvRecords)


def _records(read: Callable[..., Iterable[list[str]]], stream: IO[str]) -> list[list[str]]:
    return list(read(stream, name="in.csv"))


def _error(read: Callable[..., Iterable[list[str]]], text: str) -> str:
    with pytest.raises(InputError) as caught:
        _records(read, io.StringIO(text, newline=""))
    return str(caught.value)


@pytest.mark.parametrize("read", READERS, ids=IDS)
def test_blank_and_whitespace_lines_are_skipped(read: Callable[..., Iterable[list[str]]]) -> None:
    text = '\n  \na,b\r\n\n1,2\r\t \n,\n " "\n\n3,4'
    records = _records(read, io.StringIO(text, newline=""))
    assert records == [["a", "b"], ["1", "2"], ["", ""], [' " "'], ["3", "4"]]


def test_each_record_knows_its_physical_line() -> None:
    text = "\n\na,b\r\n\n1,2\r3,4\n  \n5,6"
    lines = readers.CsvRecords(io.StringIO(text, newline=""), name="x")
    assert [(lines.line, record) for record in lines] == [
        (3, ["a", "b"]),
        (5, ["1", "2"]),
        (6, ["3", "4"]),
        (8, ["5", "6"]),
    ]


@pytest.mark.parametrize("read", READERS, ids=IDS)
@pytest.mark.parametrize("lines", [3, 511, 512, 513, 1100])
def test_every_record_before_an_error_is_handed_on_first(
    read: Callable[..., Iterable[list[str]]], lines: int
) -> None:
    text = "".join(f"{n},x\n" for n in range(1, lines)) + '0,"x\n1,2\n'
    got = []
    with pytest.raises(InputError) as caught:
        for record in read(io.StringIO(text, newline=""), name="in.csv"):
            got.append(record)
    assert str(caught.value) == f"in.csv: line {lines}: {OPEN}"
    assert got == [[str(n), "x"] for n in range(1, lines)]


@pytest.mark.parametrize("read", READERS, ids=IDS)
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('a,b\n1,"x\n2,3\n4,5\n', f"line 2: {OPEN}"),
        ('a,b\n1,"x\ny",2\n3,4\n', f"line 2: {OPEN}"),  # closed on the next line
        ('a,b\n1,"x', f"line 2: {OPEN}"),
        ('a,b\n1,"x\n', f"line 2: {OPEN}"),
        ('"a,b\n1,2\n', f"line 1: {OPEN}"),
        ('\n\na,b\n\n1,2\n \n3,"4\n5,6\n', f"line 7: {OPEN}"),
        ('a,b\r\n1,2\r\n3,"4\r\n5,6\r\n', f"line 3: {OPEN}"),
        ('a,b\r1,2\r3,"4\r5,6\r', f"line 3: {OPEN}"),
        ('a,b\n1,"x"y\n', "line 2: text after a closing quote (stray '\"'?)"),
        ("a,b\n1," + "x" * 200_000 + "\n", "line 2: a field is longer than 131,072 characters"),
    ],
)
def test_broken_records_name_the_line_they_start_on(
    read: Callable[..., Iterable[list[str]]], text: str, message: str
) -> None:
    assert _error(read, text) == f"in.csv: {message}"


@pytest.mark.parametrize("read", READERS, ids=IDS)
def test_a_stray_quote_deep_in_a_large_file_names_its_line(
    read: Callable[..., Iterable[list[str]]],
) -> None:
    """Past csv's field limit: the record runs on for 200,000 lines before csv gives up."""
    lines = ["a,b"] + [f"{n},x" for n in range(2, 400_001)]
    lines[200_000] = '200001,"x'
    assert _error(read, "\n".join(lines) + "\n") == f"in.csv: line 200001: {OPEN}"


@pytest.mark.parametrize("read", READERS, ids=IDS)
def test_a_line_too_long_inside_a_broken_record_blames_the_quote(
    read: Callable[..., Iterable[list[str]]],
) -> None:
    text = 'a,b\n1,2\n3,"4\n' + "x" * (2 << 20) + "\n"
    assert _error(read, text) == f"in.csv: line 3: {OPEN}"


def _bytes_file(tmp_path: Path, lines: list[bytes], *, end: bytes = b"\n") -> Path:
    path = tmp_path / "in.csv"
    path.write_bytes(end.join(lines) + end)
    return path


def _file_error(read: Callable[..., Iterable[list[str]]], path: Path) -> str:
    with open_csv(path, kind="CSV file") as stream, pytest.raises(InputError) as caught:
        list(read(stream, name="in.csv"))
    return str(caught.value)


@pytest.mark.parametrize("read", READERS, ids=IDS)
@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("bad", [1, 2, 150, 3000, 49_999])
def test_bytes_that_are_not_utf8_are_named_by_their_line(
    read: Callable[..., Iterable[list[str]]], tmp_path: Path, end: bytes, bad: int
) -> None:
    """Text is decoded 8 KiB ahead of the line being read; the line named is the bad one's."""
    lines = [b"a,b"] + [b"%d,x" % n for n in range(2, 50_001)]
    lines[bad - 1] = b"\xff" + lines[bad - 1]
    path = _bytes_file(tmp_path, lines, end=end)
    expected = f"in.csv: line {bad}: not UTF-8 text (invalid start byte)"
    assert _file_error(read, path) == expected


@pytest.mark.parametrize("read", READERS, ids=IDS)
def test_a_cut_character_at_the_end_is_named_by_its_line(
    read: Callable[..., Iterable[list[str]]], tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\n\n1,\xc3")
    assert _file_error(read, path) == "in.csv: line 3: not UTF-8 text (unexpected end of data)"


@pytest.mark.parametrize("read", READERS, ids=IDS)
def test_bad_bytes_after_a_broken_quote_blame_the_quote(
    read: Callable[..., Iterable[list[str]]], tmp_path: Path
) -> None:
    lines = [b"a,b", b"1,2", b'3,"4'] + [b"%d,x" % n for n in range(4, 20_000)]
    lines[10_000] = b"\xff"
    assert _file_error(read, _bytes_file(tmp_path, lines)) == f"in.csv: line 3: {OPEN}"


lines_of_cells = st.lists(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=5),
        min_size=2,
        max_size=4,
    ),
    min_size=1,
    max_size=30,
)


@given(
    rows=lines_of_cells,
    blanks=st.lists(st.sampled_from(["", " ", "\t", "  \t "]), max_size=30),
    endings=st.sampled_from(["\n", "\r\n"]),
    spots=st.lists(st.integers(0, 60), max_size=30),
    stray=st.one_of(st.none(), st.integers(0, 60)),
)
@example(rows=[["a", "b"]], blanks=[], endings="\n", spots=[], stray=0)
def test_records_come_back_as_written_or_a_stray_quote_names_its_line(
    rows: list[list[str]],
    blanks: list[str],
    endings: str,
    spots: list[int],
    stray: int | None,
) -> None:
    """Rows written by csv (any text but line breaks), with blank lines between them, read back
    as written; a quote put at the start of one line makes its line the one named."""
    written = []
    for row in rows:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(
            [cell.replace("\n", " ").replace("\r", " ") for cell in row]
        )
        written.append(buffer.getvalue())
    kept = [line for line in written if line.strip()]
    lines = list(written)
    for blank, spot in zip(blanks, spots, strict=False):
        lines.insert(spot % (len(lines) + 1), blank)
    text = endings.join(lines) + endings
    records = readers.CsvRecords(io.StringIO(text, newline=""), name="in.csv")
    if stray is None or not lines:
        got = [(records.line, record) for record in records]
        assert [lines[n - 1] for n, _ in got] == kept
        for (_, record), line in zip(got, kept, strict=True):
            assert record == next(csv.reader([line]))
        return
    at = stray % len(lines)
    lines[at] = '"' + lines[at]
    broken = endings.join(lines) + endings
    with pytest.raises(InputError) as caught:
        list(readers.CsvRecords(io.StringIO(broken, newline=""), name="in.csv"))
    assert str(caught.value).startswith(f"in.csv: line {at + 1}: ")
