"""Reading bands files: the bundled one, a user's, and a cache entry, each with a size cap.

A file is opened first and its open descriptor checked (no stat-then-open race), without
blocking (a FIFO with no writer does not hang the open), and at most one byte past the cap
is read, so a huge file, a device or a folder costs nothing to refuse.

Kept apart from the loader, which imports the schema checks and the YAML parser, so that
they can read a file and know the cap without importing the loader back.
"""

from __future__ import annotations

import errno
import os
import stat
from importlib import resources
from pathlib import Path

from mlsal.errors import DataFileError

#: Bands files larger than this are refused before parsing (the bundled one is ~25 kB).
MAX_BYTES = 1_000_000

#: The name that labels the bundled file's problems.
BUNDLED_NAME = "bundled data/bands.yaml"

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


def read_bytes(path: Path | None) -> tuple[bytes, str]:
    """The bytes of a bands file (None: the bundled one) and the name that labels its errors.

    A user's file is read with :func:`read_regular` (links followed): a folder, a FIFO, a
    device or a file over MAX_BYTES is a DataFileError of one line, as is any OSError.
    """
    if path is None:
        bundled = resources.files("mlsal") / "data" / "bands.yaml"
        return bundled.read_bytes(), BUNDLED_NAME
    try:
        raw = read_regular(path, limit=MAX_BYTES)
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataFileError(f"{path}: is a directory, not a bands file") from None
    except NotRegularFileError:
        raise DataFileError(f"{path}: not a regular file") from None
    except PermissionError:
        raise DataFileError(f"{path}: permission denied") from None
    except OSError as error:
        raise DataFileError(f"{path}: cannot read ({error.strerror or error})") from None
    except ValueError:  # an embedded NUL in the path
        raise DataFileError(f"{path!r}: not a usable file name") from None
    if len(raw) > MAX_BYTES:
        raise DataFileError(f"{path}: larger than the {MAX_BYTES:,}-byte limit for a bands file")
    return raw, str(path)
