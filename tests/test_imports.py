"""Start-up stays light: importing the CLI, and asking for help, load no heavy module.

Checked through ``sys.modules`` in a fresh interpreter (a subprocess), not by timing.
Heavy modules are imported where used: pydantic when data is validated (never for an
estimate whose data file is in the validated cache), PyYAML when a bands file is parsed,
Babel when money is formatted, Rich when a table or the help is drawn.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

#: Modules (and their submodules) that ``import mlsal.cli`` must not load.
HEAVY_AT_IMPORT: tuple[str, ...] = (
    "pydantic",
    "pydantic_core",
    "yaml",
    "babel",
    "rich",
    "mlsal.bands.models",
    "mlsal.bands.loader",
    "mlsal.bands.cache",
    "mlsal.bands.schema",
    "mlsal.pay.estimate",
    "mlsal.pay.batch",
    "mlsal.pay.offer",
    "mlsal.render.money",
    "mlsal.render.estimate",
    "mlsal.render.batch",
)

#: What ``mlsal --help`` must not load: it draws help text and reads no data.
#: (Typer 0.29 coerces options through pydantic, so pydantic is the framework's own cost.)
HEAVY_FOR_HELP: tuple[str, ...] = (
    "yaml",
    "babel",
    "mlsal.bands.models",
    "mlsal.bands.loader",
    "mlsal.pay.estimate",
    "mlsal.pay.batch",
)

_IMPORT = "import json, sys; import mlsal.cli; print(json.dumps(sorted(sys.modules)))"

_RUN = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write(json.dumps(sorted(sys.modules))))
sys.argv = ["mlsal", *json.loads(sys.argv[1])]
from mlsal.entry import main
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
    """Help, for the app and for a command, draws text and reads no data."""
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


def test_the_apps_help_builds_no_command() -> None:
    """``mlsal --help`` lists every command from SUMMARIES, importing no command module."""
    from mlsal.cli.app import COMMANDS, SUMMARIES

    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(["--help"])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    modules = json.loads(done.stderr)
    assert sorted(m for m, _ in COMMANDS.values() if m in modules) == []
    assert list(SUMMARIES) == list(COMMANDS)
    listed = done.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split(None, 1) for line in listed] == [
        [name, SUMMARIES[name]] for name in COMMANDS
    ]


def test_the_check_sees_a_heavy_import() -> None:
    """The helper is not blind: a module that imports pydantic is reported."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT.replace("import mlsal.cli", "import mlsal.bands.schema")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "pydantic" in _loaded(json.loads(done.stdout), HEAVY_AT_IMPORT)


#: What a command must not load once its data file is in the validated cache.
HEAVY_FOR_CACHED_DATA: tuple[str, ...] = (
    "yaml",
    "mlsal.bands.schema",
    "mlsal.bands.safe_yaml",
    "mlsal.pay.offer",
    "mlsal.pay.compare",
    "mlsal.records.calibrate",
)

#: Every command's module: only the one asked for is imported and built.
COMMAND_MODULES: tuple[str, ...] = (
    "mlsal.cli.records",
    "mlsal.cli.compare",
    "mlsal.cli.data",
    "mlsal.cli.estimate",
    "mlsal.cli.market",
    "mlsal.cli.skills",
)

_ESTIMATE = ["estimate", "-c", "IN", "-y", "5", "--city", "Bengaluru", "--format"]


@pytest.mark.parametrize(
    ("argv", "own"),
    [
        ([*_ESTIMATE, "table"], "mlsal.cli.estimate"),
        ([*_ESTIMATE, "json"], "mlsal.cli.estimate"),
        ([*_ESTIMATE, "csv"], "mlsal.cli.estimate"),
        (["data", "info", "--format", "json"], "mlsal.cli.data"),
    ],
)
def test_a_cached_data_file_loads_no_validator(argv: list[str], own: str, tmp_path: Path) -> None:
    """The first run validates a user's data file (PyYAML, the schema checks) and caches it;
    the next does not. (The bundled file never needs either: tests/test_snapshot.py.)"""
    data = tmp_path / "mine.yaml"
    bundled = Path(__file__).resolve().parents[1] / "data" / "bands.yaml"
    data.write_bytes(bundled.read_bytes() + b"\n# a user's copy\n")
    env = {**os.environ, "MLSAL_CACHE_DIR": str(tmp_path / "cache"), "MLSAL_DATA": str(data)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", _RUN, json.dumps(argv)],
            capture_output=True,
            text=True,
            check=False,
            env=env,
        )
        for _ in range(2)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    # the module list is the last line on stderr (data info may warn about old dates first)
    first, second = (json.loads(run.stderr.splitlines()[-1]) for run in runs)
    assert "yaml" in first and "mlsal.bands.schema" in first  # the check is not blind
    assert own in second
    others = tuple(name for name in COMMAND_MODULES if name != own)
    assert _loaded(second, (*HEAVY_FOR_CACHED_DATA, *others)) == []


def test_every_command_app_is_listed_for_lazy_loading() -> None:
    """A command module's Typer app not named in COMMANDS would never be reachable."""
    import importlib
    import pkgutil

    import typer

    import mlsal.cli
    from mlsal.cli.app import COMMANDS, app

    found: set[tuple[str, str]] = set()
    for info in pkgutil.iter_modules(mlsal.cli.__path__, "mlsal.cli."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, typer.Typer) and value is not app:
                found.add((info.name, name))
    assert found == set(COMMANDS.values())
    assert len(found) == len(COMMANDS)
