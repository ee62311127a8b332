"""The command line: parsing and wiring only; the work happens in the core modules."""

from __future__ import annotations

from mlsal.cli import calibrate as _calibrate  # noqa: F401  (registers calibrate, backtest)
from mlsal.cli import compare as _compare  # noqa: F401  (registers the command)
from mlsal.cli import data as _data  # noqa: F401  (registers data validate, data info)
from mlsal.cli import estimate as _estimate  # noqa: F401  (registers the command)
from mlsal.cli import market as _market  # noqa: F401  (registers the command)
from mlsal.cli import skills as _skills  # noqa: F401  (registers the command)
from mlsal.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``mlsal`` script."""
    app(prog_name="mlsal")
