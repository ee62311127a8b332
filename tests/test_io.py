"""The I/O module: atomic writes with the modes users expect, symlinks, FIFOs and devices,
stdout as ``-``, write failures as one error line, signals that clean up, escaped messages."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlsal import io
from mlsal.cli import app
from mlsal.errors import InputError, WriteError


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("interruption", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_an_interrupted_write_leaves_the_old_file_intact(
    tmp_path: Path, interruption: BaseException
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old content\n", encoding="utf-8")
    with pytest.raises(type(interruption)), io.file_writer(target, force=True) as stream:
        stream.write("half of the new")
        raise interruption
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert _leftovers(tmp_path) == []


def test_an_interrupted_first_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), io.file_writer(target) as stream:
        stream.write("partial")
        raise RuntimeError("stopped")
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_a_completed_write_replaces_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    refused = pytest.raises(InputError, match=r"exists; pass --force to replace it$")
    with refused, io.file_writer(target) as stream:
        stream.write("new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    with io.file_writer(target, force=True) as stream:
        stream.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert _leftovers(tmp_path) == []


def test_a_folder_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    folder = pytest.raises(InputError, match=r"is a folder; name a file to write$")
    with folder, io.file_writer(tmp_path, force=True) as stream:
        stream.write("x")
    missing = pytest.raises(InputError, match=r"no such folder for the output file")
    with missing, io.file_writer(tmp_path / "absent" / "out.csv") as stream:
        stream.write("x")


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_gets_0666_less_the_umask(tmp_path: Path, umask: int) -> None:
    """Files used to be created 0600 whatever the umask (the temporary file's mode)."""
    old = os.umask(umask)
    try:
        with io.file_writer(tmp_path / "out.csv") as stream:
            stream.write("x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o666 & ~umask


def test_force_keeps_the_old_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    with io.file_writer(target, force=True) as stream:
        stream.write("new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text(encoding="utf-8") == "new\n"


def test_a_symlink_is_written_through_not_replaced(tmp_path: Path) -> None:
    """``--output link --force`` used to replace the link with a regular file."""
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with io.file_writer(link, force=True) as stream:
        stream.write("new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"
    assert _leftovers(tmp_path) == []


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "target.csv")
    with io.file_writer(link) as stream:
        stream.write("new\n")
    assert link.is_symlink()
    assert (tmp_path / "target.csv").read_text(encoding="utf-8") == "new\n"


def test_a_fifo_is_written_directly_not_replaced(tmp_path: Path) -> None:
    """``--output fifo --force`` used to replace the FIFO with a regular file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    with io.file_writer(fifo, force=True) as stream:
        stream.write("through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_device_is_written_directly_and_needs_no_force() -> None:
    with io.file_writer(Path("/dev/null")) as stream:
        stream.write("discarded\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_full_device_is_one_write_error() -> None:
    full = pytest.raises(WriteError, match=r"^/dev/full: no space left on the device$")
    with full, io.file_writer(Path("/dev/full")) as stream:
        stream.write("x" * 100_000)


def test_a_name_too_long_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"file name too long$"):
        io.check_output(str(tmp_path / ("n" * 300)), force=False)


def test_an_unwritable_folder_is_one_write_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    tmp_path.chmod(0o500)
    try:
        denied = pytest.raises(WriteError, match=r"permission denied$")
        with denied, io.file_writer(tmp_path / "out.csv") as stream:
            stream.write("x")
    finally:
        tmp_path.chmod(0o700)


def test_dash_is_stdout(tmp_path: Path, runner: CliRunner) -> None:
    profiles = tmp_path / "p.csv"
    profiles.write_text("country,years\nUS,2\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(profiles), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("1,US,USD,2,entry,100000,140000,180000")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("row 3: bad\nmlsal: error: forged", "row 3: bad\\nmlsal: error: forged"),
        ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
        ("tab\there\r", "tab\\there\\r"),
        ("bidi \u202eevil", "bidi \\u202eevil"),
        ("plain ₹ text", "plain ₹ text"),
    ],
)
def test_messages_are_one_line_with_controls_escaped(
    text: str, shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    io.error(text)
    io.warning(text)
    io.note(text)
    assert capsys.readouterr().err.splitlines() == [
        f"mlsal: error: {shown}",
        f"mlsal: warning: {shown}",
        f"mlsal: {shown}",
    ]


def _script(*args: str, **popen: object) -> subprocess.Popen[str]:
    code = "import sys; from mlsal.entry import main; sys.argv[0] = 'mlsal'; main()"
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", code, *args], text=True, **popen
    )


def test_a_full_stdout_is_one_error_line_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        done = _script("compare", "IN", "US", stdout=full, stderr=subprocess.PIPE)
        _, err = done.communicate(timeout=60)
    assert done.returncode == 1
    assert err == "mlsal: error: stdout: no space left on the device\n"


def test_a_closed_stdout_is_one_error_line() -> None:
    code = (
        "import os, sys; os.close(1); sys.stdout = None; sys.argv[0] = 'mlsal'; "
        "from mlsal.entry import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "skills"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.startswith("mlsal: error: stdout is closed")
    assert len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_removes_the_temporary_file(tmp_path: Path, ending: signal.Signals) -> None:
    """A batch killed while writing leaves neither a half file nor its temporary copy."""
    fifo = tmp_path / "profiles.csv"
    os.mkfifo(fifo)
    out = tmp_path / "out.csv"
    running = _script("batch", str(fifo), "-o", str(out), stderr=subprocess.PIPE)
    with open(fifo, "w", encoding="utf-8") as feed:
        feed.write("country,years\n" + "US,2\n" * 5000)
        feed.flush()
        deadline = time.monotonic() + 120
        while not _leftovers(tmp_path) and running.poll() is None:
            assert time.monotonic() < deadline, "the batch never started writing"
            time.sleep(0.05)
        running.send_signal(ending)
        _, err = running.communicate(timeout=60)
    assert (running.returncode, err) == (
        128 + ending,
        f"mlsal: error: interrupted ({ending.name})\n",
    )
    assert not out.exists()
    assert _leftovers(tmp_path) == []


def test_a_rejected_row_cannot_forge_lines_or_colour_the_terminal(
    tmp_path: Path, runner: CliRunner
) -> None:
    """Rejected-row reasons used to echo raw newlines and ESC sequences to stderr."""
    profiles = tmp_path / "p.csv"
    profiles.write_text(
        'country,years,city\nIN,5,"Pune\nmlsal: error: forged"\nIN,5,\x1b[2Jwiped\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["batch", str(profiles)])
    assert result.exit_code in (2, 4)
    for line in result.stderr.splitlines():
        assert line.startswith("mlsal: error: ")
        assert "\x1b" not in line
    assert "mlsal: error: forged" not in result.stderr.replace("\\nmlsal: error: forged", "")


@pytest.mark.parametrize(
    "argv",
    [
        ["estimate", "-c", "IN", "-y", "5", "--city", "\x1b[31mred\nline"],
        ["estimate", "-c", "I\rN\n", "-y", "5"],
        ["estimate", "-c", "IN", "-y", "5\x1b"],
        ["compare", "IN", "U\x07S"],
    ],
)
def test_what_a_user_typed_is_escaped_in_errors(argv: list[str], runner: CliRunner) -> None:
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("mlsal: error: ")
    assert not any(c in result.stderr[:-1] for c in "\x1b\r\n\x07")
