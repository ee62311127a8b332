"""Start-up stays light: importing the CLI, and asking for help, load no heavy module.

Checked through ``sys.modules`` in a fresh interpreter (a subprocess), not by timing.
Heavy modules are imported where used: pydantic and the models when data is validated,
PyYAML when a bands file is parsed, Babel when money is formatted, Rich when a table or
the help is drawn.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Modules (and their submodules) that ``import mlsal.cli`` must not load.
HEAVY_AT_IMPORT: tuple[str, ...] = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "babel",
    "rich",
    "mlsal.models",
    "mlsal.bandsfile",
    "mlsal.bandscache",
    "mlsal.validate",
    "mlsal.estimate",
    "mlsal.batch",
    "mlsal.offer",
    "mlsal.render.money",
    "mlsal.render.estimate",
    "mlsal.render.batch",
)

#: What ``mlsal --help`` must not load: it draws help text and reads no data.
HEAVY_FOR_HELP: tuple[str, ...] = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "babel",
    "mlsal.models",
    "mlsal.bandsfile",
    "mlsal.estimate",
    "mlsal.batch",
)

_IMPORT = "import json, sys; import mlsal.cli; print(json.dumps(sorted(sys.modules)))"

_RUN = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write(json.dumps(sorted(sys.modules))))
sys.argv = ["mlsal", *json.loads(sys.argv[1])]
from mlsal.cli import main
main()
"""


def _loaded(names: list[str], heavy: tuple[str, ...]) -> list[str]:
    return [n for n in names if any(n == h or n.startswith(h + ".") for h in heavy)]


def test_importing_the_cli_loads_no_heavy_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT], capture_output=True, text=True, check=True
    )
    modules = json.loads(done.stdout)
    assert "mlsal.cli" in modules
    assert _loaded(modules, HEAVY_AT_IMPORT) == []


@pytest.mark.parametrize("argv", [["--help"], ["estimate", "--help"], ["compare", "--help"]])
def test_help_loads_no_data_or_validation_module(argv: list[str]) -> None:
    """Help, for the app and for a command, draws text and reads no data (Typer 0.28 coerces
    no option through pydantic; 0.29 did, which is why it is held back)."""
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(argv)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: mlsal" in done.stdout
    modules = json.loads(done.stderr)
    assert "mlsal.cli.app" in modules
    assert _loaded(modules, HEAVY_FOR_HELP) == []


def test_the_check_sees_a_heavy_import() -> None:
    """The helper is not blind: a module that imports pydantic is reported."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT.replace("import mlsal.cli", "import mlsal.models")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "pydantic" in _loaded(json.loads(done.stdout), HEAVY_AT_IMPORT)
