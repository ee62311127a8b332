"""The ``mlsal`` script and ``python -m mlsal``: set up the interpreter, then run the CLI.

A short run's objects (imported modules, the bands, Babel's locale data) live until exit, so
Python's cyclic garbage collector only costs time: it is paused before anything is imported
(long runs, batch, calibrate and backtest, turn it back on), and what is alive at exit is
frozen, so the final collection does not walk it. Memory is still freed by reference
counting. This is why the entry point is this module, which imports nothing first; the
figure it buys is in docs/performance.md ("No cyclic garbage collection in a short run").
The signals that end a run are made to raise, so that an output file's temporary copy is
removed. A bash completion request for an option's value is answered before Typer is
imported (docs/performance.md, "Completion fast path").
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    """Entry point of the ``mlsal`` script."""
    gc.disable()
    try:
        if os.environ.get("_MLSAL_COMPLETE") == "complete_bash":
            from mlsal.shell import bash_value_answer

            answer = bash_value_answer(os.environ)
            if answer is not None:
                sys.stdout.write(answer + "\n")
                return
        from mlsal import io
        from mlsal.cli import app

        io.end_on_signals()
        app(prog_name="mlsal")
    finally:
        gc.freeze()
