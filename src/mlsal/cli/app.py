"""The root of the command line: the Typer app, its commands (each loaded when asked for), and
the one place where every error becomes a line on stderr and an exit code.

Everything a command can raise reaches :meth:`MlsalGroup.main`: an :class:`MlsalError`
from the core or the I/O module, a usage error from Typer (caught through its public base,
``typer.TyperException``), or :class:`Interrupted` when a signal ends the run. Nothing else
in mlsal catches them for printing.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from mlsal import __version__, io
from mlsal.cli.coercion import own_coercion
from mlsal.errors import InputError, Interrupted, MlsalError

#: Each command's module and the Typer app in it, in the order ``mlsal --help`` lists them:
#: the order a newcomer needs them.
COMMANDS: dict[str, tuple[str, str]] = {
    "estimate": ("mlsal.cli.estimate", "estimate_app"),
    "takehome": ("mlsal.cli.takehome", "takehome_app"),
    "compare": ("mlsal.cli.compare", "compare_app"),
    "skills": ("mlsal.cli.skills", "skills_app"),
    "market": ("mlsal.cli.market", "market_app"),
    "batch": ("mlsal.cli.batch", "batch_app"),
    "docs": ("mlsal.cli.docs", "docs_app"),
    "data": ("mlsal.cli.data", "data_app"),
    "calibrate": ("mlsal.cli.records", "calibrate_app"),
    "backtest": ("mlsal.cli.records", "backtest_app"),
}

#: Each command's one-line summary, a whole sentence: what ``mlsal --help``, the shells'
#: completion and docs/reference.md show beside its name (Click would cut the docstring).
SUMMARIES: dict[str, str] = {
    "estimate": "Estimate pay for one profile, with its breakdown and career path.",
    "takehome": "Work out the take-home pay of a gross amount, tax by tax.",
    "compare": "Compare pay in two countries, by exchange rate and by PPP.",
    "skills": "List specializations by pay impact, and the essential skills.",
    "market": "Show who hires ML engineers and the career facts people ask.",
    "batch": "Estimate every profile in a CSV file, one output row each.",
    "docs": "Read the documentation pages in the terminal.",
    "data": "Check the bands file or the tax rules file, or describe them.",
    "calibrate": "Build a bands file of percentile bands from salary records.",
    "backtest": "Check a bands file against salary records.",
}


def refuse_repeats(command: Any) -> None:
    """Make ``command`` (and its subcommands) refuse an option of one value given twice.

    Click keeps the last of ``--skill nlp --skill mlops`` silently; mlsal says so instead.
    """
    single: dict[str, str] = {}
    for param in command.params:
        if param.param_type_name != "option" or param.multiple or param.is_flag or param.count:
            continue
        shown = next((o for o in param.opts if o.startswith("--")), param.opts[0])
        for name in (*param.opts, *param.secondary_opts):
            single[name] = shown
    parse = command.parse_args

    def parse_args(ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:  # completion parses what is typed so far: no errors
            check_repeats(single, args)
        result: list[str] = parse(ctx, args)
        return result

    command.parse_args = parse_args
    for sub in getattr(command, "commands", {}).values():
        refuse_repeats(sub)


def check_repeats(single: dict[str, str], args: list[str]) -> None:
    """InputError when ``args`` give one of the ``single`` options twice (under any name)."""
    seen: set[str] = set()
    for arg in args:
        if arg == "--":
            break
        name = arg.partition("=")[0] if arg.startswith("--") else arg[:2]
        option = single.get(name)
        if option is None:
            continue
        if option in seen:
            raise InputError(f"{option} is given more than once; it takes one value")
        seen.add(option)


class LazyCommands(MutableMapping[str, Any]):
    """The root group's commands, each imported and built by Typer when first looked up.

    ``mlsal estimate`` builds only the estimate command; help, completion of command names,
    the reference docs and "did you mean" see every name, and build each command they show.
    (Values are Typer's command objects; their class lives in a private Typer module.)
    """

    def __init__(self, sources: dict[str, tuple[str, str]]) -> None:
        self._sources = dict(sources)
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            module, attribute = self._sources[name]
            command_app = getattr(importlib.import_module(module), attribute)
            command = typer.main.get_command(command_app)
            command.short_help = SUMMARIES.get(name, command.short_help)
            refuse_repeats(command)
            own_coercion(command)
            self._built[name] = command
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
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


def usage_line(error: typer.TyperException) -> str:
    """A usage error (unknown option, bad value, missing option) as one line of text."""
    message = " ".join(error.format_message().split()).replace("Value error, ", "")
    context = getattr(error, "ctx", None)  # set on Typer's usage errors
    path = getattr(context, "command_path", None)
    if path:
        message += f" (see '{path} --help')"
    return message


class MlsalGroup(TyperGroup):
    """The root command group: commands built when looked up; every error handled here."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.commands = LazyCommands(COMMANDS)
        own_coercion(self, subcommands=False)  # each command gets it when built (LazyCommands)

    def list_commands(self, ctx: Any) -> list[str]:
        """The commands' names, in COMMANDS order, without building any."""
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The Commands section of ``mlsal --help``: each name and its SUMMARIES sentence.

        Read from the table, not from each command, so that the help builds no command:
        building all ten to read their docstrings made ``mlsal --help`` execute 390 M
        instructions, 260 M without (callgrind). tests/test_docs.py checks each sentence is
        the one the command itself carries.
        """
        rows = [(name, SUMMARIES[name]) for name in self.list_commands(ctx) if name in SUMMARIES]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> object:
        from mlsal.cli.shell_setup import take_over  # Typer added its completion options

        take_over(self)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except MlsalError as error:
            io.error(str(error))
            sys.exit(error.exit_code)
        except typer.TyperException as error:
            if type(error).__name__ == "NoArgsIsHelpError":  # `mlsal` alone: the help, as usual
                show = getattr(error, "show", None)
                if callable(show):
                    show()
            else:
                io.error(usage_line(error))
            sys.exit(error.exit_code)
        except typer.Abort:
            io.error("aborted")
            sys.exit(1)
        except Interrupted as interruption:
            io.error(f"interrupted ({interruption.signum.name})")
            sys.exit(interruption.exit_code)
        if code == 130:  # Typer's answer to a KeyboardInterrupt it caught itself
            io.error("interrupted (SIGINT)")
        sys.exit(code if isinstance(code, int) else 0)


app = typer.Typer(
    cls=MlsalGroup,
    name="mlsal",
    help=(
        "Honest, sourced salary estimates for Machine Learning Engineers (India, USA).\n\n"
        "Every figure cites its source: see `mlsal data info` and `mlsal estimate --help`.\n\n"
        "Set MLSAL_DATA to a bands file to use it instead of the bundled one (as --data does)."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        with io.writing_stdout() as out:
            out.write(f"mlsal {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Honest, sourced salary estimates for Machine Learning Engineers (India, USA)."""
