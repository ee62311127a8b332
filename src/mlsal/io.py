"""Every read and write mlsal makes: input files and stdin, output files and stdout, and the
message lines on stderr.

Any OSError becomes an error of the family in :mod:`mlsal.errors`, with a one-line message
that names the file; nothing else in mlsal opens a file or writes to a standard stream.

- Input: text files (UTF-8, a byte-order mark dropped) or ``-`` for stdin, read line by
  line with a bound on the line length, so a file with no line breaks cannot eat memory.
- Output: ``-`` (or no file) is stdout. A regular file is written atomically (a temporary
  file in the same folder, then a rename), with the mode a user expects: 0666 less the
  umask for a new file, the old mode kept under ``--force``. A symlink is resolved and its
  target written; a FIFO or a character device is written directly, never replaced. A
  signal that ends the run (SIGINT, SIGTERM, SIGHUP) removes the temporary file.
- Messages: ``mlsal: error: ...``, ``mlsal: warning: ...`` and notes, one line each; any
  control character in them (a newline, ESC) is escaped, since messages quote what users
  and files say.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import secrets
import signal
import stat
import sys
from collections.abc import Iterator
from io import TextIOWrapper
from pathlib import Path
from types import FrameType
from typing import IO

from mlsal.errors import DataFileError, InputError, Interrupted, MlsalError, WriteError

#: What names stdin (for input) or stdout (for output) instead of a file.
STDIO = "-"

#: The longest input line accepted, in characters: far beyond any CSV record of pay data.
MAX_LINE = 1 << 20

#: Signals that end a run; each becomes :class:`Interrupted` so that cleanups run.
ENDING_SIGNALS: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)

_REASONS: dict[int, str] = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.ENAMETOOLONG: "file name too long",
    errno.EROFS: "read-only file system",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EFBIG: "file too large",
    errno.EIO: "input/output error",
    errno.ENXIO: "no reader on the other end (a FIFO?)",
    errno.EBADF: "the stream is closed",
}


# -- messages -----------------------------------------------------------------------------


def one_line(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``), so it stays one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _say(line: str) -> None:
    """Write one message line to stderr; a closed or broken stderr loses only the message."""
    stream = sys.stderr
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):
        stream.write(line + "\n")
        stream.flush()


def error(message: str) -> None:
    """``mlsal: error: message`` on stderr."""
    _say(f"mlsal: error: {one_line(message)}")


def warning(message: str) -> None:
    """``mlsal: warning: message`` on stderr."""
    _say(f"mlsal: warning: {one_line(message)}")


def note(message: str) -> None:
    """``mlsal: message`` on stderr: what a run did besides its output (rows skipped, a file
    written)."""
    _say(f"mlsal: {one_line(message)}")


# -- errors -------------------------------------------------------------------------------


def reason(failure: OSError) -> str:
    """What went wrong, in a few words, without the file name."""
    if isinstance(failure, NotRegularFileError):
        return "not a regular file"
    if failure.errno in _REASONS:
        return _REASONS[failure.errno]
    return (failure.strerror or type(failure).__name__).lower()


def os_failure(
    failure: OSError | ValueError, name: object, *, family: type[MlsalError] = InputError
) -> MlsalError:
    """An OSError (or the ValueError of a path with a NUL) as one error line naming ``name``."""
    if isinstance(failure, ValueError):
        return family(f"{name!r}: not a usable file name")
    return family(f"{name}: {reason(failure)}")


# -- input --------------------------------------------------------------------------------


def line_too_long(name: str, number: int, limit: int) -> InputError:
    """The error of a line longer than ``limit``: most likely not a CSV file at all."""
    return InputError(
        f"{name}: line {number} is longer than {limit:,} characters; "
        "is this a CSV file with line breaks?"
    )


#: Flags absent from a platform (Windows has no O_NONBLOCK or O_NOFOLLOW) count as none.
_READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

#: Bytes asked of the system per read, so a large cap never allocates a large buffer at once.
_CHUNK = 1 << 20


class NotRegularFileError(OSError):
    """The path names something other than a regular file or a folder (a FIFO, a device)."""


def read_regular(path: Path, *, limit: int, follow_symlinks: bool = True) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path``: more than ``limit`` means
    the file is too large.

    Raises IsADirectoryError for a folder, NotRegularFileError for any other file that is
    not regular, OSError as ``open`` raises it (with ``follow_symlinks=False``, ELOOP for a
    symbolic link), and ValueError for a path with a NUL byte.
    """
    flags = _READ | _NONBLOCK | (0 if follow_symlinks else _NOFOLLOW)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(errno.EINVAL, "Not a regular file", str(path))
        chunks: list[bytes] = []
        wanted = limit + 1
        while wanted > 0:
            chunk = os.read(fd, min(wanted, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_data_file(path: Path, *, limit: int, what: str) -> bytes:
    """The whole of a data file (a bands file, tax rules) of at most ``limit`` bytes, read
    with :func:`read_regular`; any failure is one DataFileError line naming ``path``."""
    try:
        raw = read_regular(path, limit=limit)
    except (OSError, ValueError) as failure:
        raise os_failure(failure, path, family=DataFileError) from None
    if len(raw) > limit:
        raise DataFileError(f"{path}: larger than the {limit:,}-byte limit for {what}")
    return raw


def open_csv(path: str | Path, *, kind: str) -> IO[str]:
    """A CSV file as text: UTF-8 (a byte-order mark is dropped), newlines left to csv.

    InputError names the file when it cannot be opened; ``kind`` says what it should be.
    """
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a {kind}") from None
    except (OSError, ValueError) as failure:
        raise os_failure(failure, path) from None


#: What csv reports for a quoted field still open at the end of its line.
_OPEN_AT_END = "unexpected end of data"

#: The reason a line that leaves a quoted field open is refused.
OPEN_QUOTE = "a quoted field is not closed (stray '\"'?)"


class CsvRecords:
    """The records of a CSV text stream, one per line; blank and whitespace-only lines skipped.

    Pay data has no multi-line fields, so each line must be a whole record: a quote that
    opens a field and is not closed on its line (a stray ``"``, which would swallow the lines
    after it) is an InputError naming the line, as are text after a closing quote, a field
    longer than csv's limit and bytes that are not UTF-8. Lines are physical lines, 1-based
    (``\n``, ``\r\n`` and ``\r`` end one); ``line`` is the line of the record last read.
    Each line is checked as it is read, before csv parses it: a line without a quote needs
    no more than a look for one.
    """

    def __init__(self, stream: IO[str], *, name: str, line_limit: int = MAX_LINE) -> None:
        self.name = name
        self._field_limit = csv.field_size_limit()
        self._reader = csv.reader(self._lines(stream, line_limit), strict=True)

    @property
    def line(self) -> int:
        """The line of the record last read (csv reads one line per record here)."""
        return self._reader.line_num

    def __iter__(self) -> Iterator[list[str]]:
        return filter(None, self._reader)  # blank lines come out of _lines empty

    def _lines(self, stream: IO[str], limit: int) -> Iterator[str]:
        """The stream's lines, each checked as it is read: at most ``limit`` characters (a
        file without line breaks is not read whole), a quote or a long field a whole record;
        a whitespace-only line comes out empty.

        One loop, not a bounded reader feeding a checker (nothing else read lines that way):
        a generator fewer per line, 263 instructions a row of a make_profiles.py batch
        (callgrind, 100,000 rows, CSV out: 3,429 M to 3,403 M in all).
        """
        readline, field_limit, number = stream.readline, self._field_limit, 0
        try:
            while True:
                try:
                    text = readline(limit + 1)
                except OSError as failure:
                    raise os_failure(failure, self.name) from None
                if not text:
                    return
                number += 1
                if len(text) > limit:
                    raise line_too_long(self.name, number, limit)
                if '"' in text or len(text) > field_limit:
                    self._check(text)
                elif text.isspace():
                    text = "\n"
                yield text
        except UnicodeDecodeError as error:
            raise self._decode_error(error) from None

    def _check(self, text: str) -> None:
        """InputError unless ``text``, a line with a quote or a long one, is a whole record."""
        if len(text) > MAX_LINE:
            return  # _lines refuses it
        try:
            list(csv.reader((text,), strict=True))
        except csv.Error as error:
            raise self._csv_error(error) from None

    def _error(self, line: int, reason: str) -> InputError:
        return InputError(f"{self.name}: line {line}: {reason}")

    def _csv_error(self, error: csv.Error) -> InputError:
        """Why the line being read is not a whole CSV record."""
        line = self._reader.line_num + 1
        text = str(error)
        if text == _OPEN_AT_END:
            return self._error(line, OPEN_QUOTE)
        if "expected after" in text:  # strict mode: `"a"b`
            return self._error(line, "text after a closing quote (stray '\"'?)")
        if "field limit" in text:
            reason = f"a field is longer than {self._field_limit:,} characters"
            return self._error(line, reason)
        return self._error(line, f"not a CSV record ({text})")

    def _decode_error(self, error: UnicodeDecodeError) -> InputError:
        """Bytes that are not UTF-8, met while reading the next line.

        Text is decoded a block at a time, ahead of the line being read; the bytes of the
        block before the bad one say how many lines further on it is.
        """
        before = error.object[: error.start]
        breaks = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n")
        line = self._reader.line_num + 1 + breaks
        return self._error(line, f"not UTF-8 text ({error.reason})")


@contextlib.contextmanager
def open_input(source: str, *, kind: str) -> Iterator[IO[str]]:
    """A text input: the file ``source`` or, for ``-``, stdin (left open afterwards)."""
    if source != STDIO:
        with open_csv(source, kind=kind) as stream:
            yield stream
        return
    if sys.stdin is None:
        raise InputError("stdin is closed; give a file instead of -")
    wrapper = _stdin_text()
    try:
        yield wrapper
    finally:
        wrapper.detach()  # leave sys.stdin open


def _stdin_text() -> TextIOWrapper:

    return TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")


def input_name(source: str) -> str:
    """How messages name an input: its path, or ``stdin``."""
    return "stdin" if source == STDIO else source


# -- output -------------------------------------------------------------------------------


def stdout() -> IO[str]:
    """The process's stdout; WriteError when it was closed before mlsal started."""
    stream = sys.stdout
    if stream is None:
        raise WriteError("stdout is closed; nothing can be written (give --output FILE?)")
    return stream


@contextlib.contextmanager
def writing_stdout() -> Iterator[IO[str]]:
    """stdout for a command's output; a failed write (full disk) becomes one WriteError.

    A closed pipe (``mlsal ... | head -1``) ends the run quietly with exit code 1, as
    other command-line tools do: the reader has gone, so there is nobody to tell.
    """
    stream = stdout()
    try:
        yield stream
        stream.flush()
    except BrokenPipeError:
        _silence(stream)
        raise SystemExit(1) from None
    except OSError as failure:
        _silence(stream)
        raise os_failure(failure, "stdout", family=WriteError) from None


def _silence(stream: IO[str]) -> None:
    """Point ``stream``'s descriptor at /dev/null so that the flush at exit cannot fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


@contextlib.contextmanager
def output(target: str | None, *, force: bool = False) -> Iterator[IO[str]]:
    """Where a command writes its output: stdout for None or ``-``, else the file ``target``.

    See :func:`file_writer` for how a file is written.
    """
    if target is None or target == STDIO:
        with writing_stdout() as stream:
            yield stream
        return
    with file_writer(Path(target), force=force) as stream:
        yield stream


def check_output(target: str | None, *, force: bool) -> None:
    """Refuse an output file that would be refused when written, before any work is done."""
    if target is None or target == STDIO:
        stdout()
        return
    _plan(Path(target), force=force)


def _plan(path: Path, *, force: bool) -> tuple[Path, os.stat_result | None]:
    """The file to write (a symlink resolved) and its status, or None when it is new."""
    try:
        target = Path(os.path.realpath(path))
        status: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        status = None
    except (OSError, ValueError) as failure:
        raise os_failure(failure, path) from None
    if status is None:
        folder = target.parent
        if not folder.is_dir():
            raise InputError(f"{path}: no such folder for the output file ({folder})")
        return target, None
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder; name a file to write")
    if stat.S_ISREG(mode):
        if not force:
            raise InputError(f"{path} exists; pass --force to replace it")
        return target, status
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return target, status
    raise InputError(f"{path}: not a regular file, FIFO or device; refused")


@contextlib.contextmanager
def file_writer(path: Path, *, force: bool = False) -> Iterator[IO[str]]:
    """A text stream whose content becomes ``path`` only if the block completes.

    - A regular file: a temporary file in the same folder, renamed over ``path`` at the
      end; an error or a signal leaves the old file intact and removes the temporary one.
      A new file gets 0666 less the umask; an existing one (``force``) keeps its mode.
    - A symlink: its target is what is written.
    - A FIFO or character device: written directly (there is nothing to replace).
    """
    target, status = _plan(path, force=force)
    if status is not None and not stat.S_ISREG(status.st_mode):
        with _opened_for_writing(path, target) as stream:
            yield stream
        return
    fd, temporary = _temporary(path, target)
    try:
        if status is not None:
            os.fchmod(fd, stat.S_IMODE(status.st_mode))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as failure:
        _remove(temporary)
        raise os_failure(failure, path, family=WriteError) from None
    except BaseException:
        _remove(temporary)
        raise


@contextlib.contextmanager
def _opened_for_writing(path: Path, target: Path) -> Iterator[IO[str]]:
    try:
        with open(target, "w", encoding="utf-8", newline="") as stream:
            yield stream
    except OSError as failure:
        raise os_failure(failure, path, family=WriteError) from None


def _temporary(path: Path, target: Path) -> tuple[int, str]:
    """A new file beside ``target``, created 0666 less the umask, and its name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    # A name short enough for any file system: the target's own name may be at the limit.
    stem = target.name[:32]
    for _ in range(100):
        name = str(target.parent / f".{stem}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
        except OSError as failure:
            raise WriteError(
                f"{path}: cannot create a file in {target.parent} ({reason(failure)})"
            ) from None
    raise WriteError(f"{path}: cannot create a temporary file in {target.parent}")


def _remove(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


# -- signals ------------------------------------------------------------------------------


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signal.Signals(signum))


def end_on_signals() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted`, so cleanups run.

    Called once by the ``mlsal`` script (tests that invoke the app in-process keep their
    own handlers).
    """
    for ending in ENDING_SIGNALS:
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal
            signal.signal(ending, _interrupt)
