"""The ``mlsal`` script and ``python -m mlsal``: set up the interpreter, then run the CLI.

A run is short, and what it builds (imported modules, the bands, Babel's locale data) lives
until exit, so Python's cyclic garbage collector only costs time: it is paused before
anything is imported (a batch turns it back on, see ``mlsal.cli.batch``), and what is alive
at exit is frozen, so the interpreter's final collection does not walk it. Memory is still
freed by reference counting as the run goes, and by the operating system at exit. This
module imports nothing else before that, which is why it is the entry point rather than
``mlsal.cli``. Measured in docs/performance.md.
"""

from __future__ import annotations

import gc


def main() -> None:
    """Entry point of the ``mlsal`` script."""
    gc.disable()
    try:
        from mlsal.cli import app

        app(prog_name="mlsal")
    finally:
        gc.freeze()
