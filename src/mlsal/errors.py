"""The one family of domain errors, each with the exit code the CLI turns it into."""

from __future__ import annotations


class MlsalError(Exception):
    """Base of every error the user can cause; the CLI prints it as one line."""

    exit_code = 1


class InputError(MlsalError):
    """A bad argument value: unknown key, years out of range, an unreadable offer."""

    exit_code = 2


class DataFileError(MlsalError):
    """A bands file that cannot be read or does not validate."""

    exit_code = 3


class RowsRejected(MlsalError):
    """A batch ran to the end but some of its input rows could not be estimated."""

    exit_code = 4
