"""The Typer application, its shared options and the one place domain errors become exits."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from typer._click.core import Command
from typer._click.exceptions import ClickException, UsageError
from typer.core import TyperGroup

from mlsal import __version__
from mlsal.errors import MlsalError
from mlsal.render import OutputFormat, Units

#: Each command's module and the Typer app in it, in the order ``mlsal --help`` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "calibrate": ("mlsal.cli.records", "calibrate_app"),
    "backtest": ("mlsal.cli.records", "backtest_app"),
    "compare": ("mlsal.cli.compare", "compare_app"),
    "estimate": ("mlsal.cli.estimate", "estimate_app"),
    "market": ("mlsal.cli.market", "market_app"),
    "skills": ("mlsal.cli.skills", "skills_app"),
    "data": ("mlsal.cli.data", "data_app"),
}


class LazyCommands(MutableMapping[str, Command]):
    """The root group's commands, each imported and built by Typer when first looked up.

    ``mlsal estimate`` builds only the estimate command; help, completion of command names,
    the reference docs and "did you mean" see every name, and build each command they show.
    """

    def __init__(self, sources: dict[str, tuple[str, str]]) -> None:
        self._sources = dict(sources)
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            module, attribute = self._sources[name]
            command_app = getattr(importlib.import_module(module), attribute)
            self._built[name] = typer.main.get_command(command_app)
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._built and name not in self._sources:
            raise KeyError(name)
        self._built.pop(name, None)
        self._sources.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._sources, *self._built]))

    def __len__(self) -> int:
        return len(dict.fromkeys([*self._sources, *self._built]))


def command_app(**settings: Any) -> typer.Typer:
    """The Typer app of one command (or of the ``data`` group), listed in COMMANDS."""
    return typer.Typer(
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        **settings,
    )


class OneLineErrors(TyperGroup):
    """The root command group: commands built when looked up, usage errors on one line.

    The commands come from COMMANDS through LazyCommands; a usage error is one line on
    stderr, not Click's usage block.
    """

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.commands = LazyCommands(COMMANDS)

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> object:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except ClickException as error:
            if type(error).__name__ == "NoArgsIsHelpError":
                error.show()  # `mlsal` alone: the help text, as usual
                sys.exit(error.exit_code)
            message = error.format_message().replace("\n", " ").replace("Value error, ", "")
            message = one_line(message)
            if isinstance(error, UsageError) and error.ctx is not None:
                message += f" (see '{error.ctx.command_path} --help')"
            sys.stderr.write(f"mlsal: error: {message}\n")
            sys.exit(error.exit_code)
        except typer.Abort:
            sys.stderr.write("mlsal: error: aborted\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
    name="mlsal",
    help=(
        "Honest, sourced salary estimates for Machine Learning Engineers (India, USA).\n\n"
        "Every figure cites its source: see `mlsal estimate --help` and docs/methodology.md.\n\n"
        "Set MLSAL_DATA to a bands file to use it instead of the bundled one (as --data does)."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=True,
)

FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format", "-f", case_sensitive=False, help="Output: table for people, json or csv."
    ),
]
UnitsOption = Annotated[
    Units,
    typer.Option(
        case_sensitive=False,
        help="Money in tables: local (lakh for INR, full dollars), full or compact.",
    ),
]
DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        envvar="MLSAL_DATA",
        show_envvar=True,
        metavar="PATH",
        help="A bands file to use instead of the bundled one.",
    ),
]


def one_line(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\r``), so it stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def fail(message: str, code: int) -> typer.Exit:
    """Print one line on stderr and return the exit to raise."""
    sys.stderr.write(f"mlsal: error: {one_line(message)}\n")
    return typer.Exit(code)


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn an MlsalError into one line on stderr and its documented exit code."""
    try:
        yield
    except MlsalError as error:
        raise fail(str(error), error.exit_code) from None


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"mlsal {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Honest, sourced salary estimates for Machine Learning Engineers (India, USA)."""
