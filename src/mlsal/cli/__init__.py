"""The command line: parsing and wiring only; the work happens in the core modules.

Each command lives in its own module, imported only when that command is looked up
(see ``mlsal.cli.app.COMMANDS``). The ``mlsal`` script starts in :mod:`mlsal.entry`.
"""

from __future__ import annotations

from mlsal.cli.app import app

__all__ = ["app"]
