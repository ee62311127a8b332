"""The one family of domain errors, each with the exit code the CLI turns it into.

The CLI catches :class:`MlsalError` once, at its root, and prints it as one line on stderr
(docs/exit-codes.md lists the codes). The Python API raises the same errors.
"""

from __future__ import annotations

import signal

#: The most characters of a typed value an error message quotes.
QUOTED_MAX = 40


def quoted(text: str, most: int = QUOTED_MAX) -> str:
    """``text`` as an error message quotes it: control characters escaped, at most ``most``
    characters (then ``…``), so one bad value cannot flood or forge a message."""
    pieces = [c if c.isprintable() else repr(c)[1:-1] for c in text[: most + 1]]
    if len(text) <= most and sum(map(len, pieces)) <= most:
        return "".join(pieces)
    kept, size = [], 0
    for piece in pieces:
        size += len(piece)
        if size >= most:
            break
        kept.append(piece)
    return "".join(kept) + "…"


class MlsalError(Exception):
    """Base of every error the user can cause; the CLI prints it as one line."""

    exit_code = 1


class WriteError(MlsalError):
    """Output could not be written: a full disk, a closed stdout, an unwritable folder."""

    exit_code = 1


class InputError(MlsalError):
    """A bad argument or input: unknown key, years out of range, an unreadable offer or file."""

    exit_code = 2


class DataFileError(MlsalError):
    """A bands file that cannot be read or does not validate."""

    exit_code = 3


class RowsRejected(MlsalError):
    """A batch ran to the end but some of its input rows could not be estimated."""

    exit_code = 4


class Interrupted(BaseException):
    """A signal ended the run (Ctrl-C, SIGTERM, SIGHUP); exit code 128 + the signal number.

    A BaseException, like KeyboardInterrupt, so that only cleanups (``finally``) see it
    on its way to the CLI's root.
    """

    def __init__(self, signum: signal.Signals) -> None:
        super().__init__(signum.name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as shells report a process a signal ended."""
        return 128 + int(self.signum)
