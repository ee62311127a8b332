"""The command line: parsing and wiring only; the work happens in the core modules.

Each command lives in its own module, imported only when that command is looked up
(see ``mlsal.cli.app.COMMANDS``).
"""

from __future__ import annotations

import gc

from mlsal.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``mlsal`` script.

    A run is short and what it builds (modules, the bands, Babel's locale data) lives until
    exit, so the cyclic garbage collector only costs time here: it is paused for the run
    (a batch turns it back on), and what is alive at exit is frozen, so the interpreter's
    final collection does not walk it. Memory is freed as usual: by reference counting,
    and by the operating system at exit. Measured in docs/performance.md.
    """
    gc.disable()
    try:
        app(prog_name="mlsal")
    finally:
        gc.freeze()
