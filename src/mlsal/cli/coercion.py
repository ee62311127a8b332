"""mlsal's coercion of option values: the one place that leans on how Typer runs a command.

Typer 0.29 turns each option's text into its value with a pydantic ``TypeAdapter``, built for
every option of the command that runs (given or not), and importing pydantic to do it. For
mlsal's options that work is a formality: the strings go to mlsal's own parsers (years,
amounts, countries), and the choices (``--format json``) are a case-insensitive match.
Benchmark figure: importing pydantic and building the adapters was 345 M of the 879 M
instructions of ``mlsal estimate --country IN --years 5 --city Bengaluru --skill nlp``
(callgrind); docs/performance.md has the timings.

So each parameter of a built command gets an :class:`OwnedCoercion` through
``get_runtime_param``, the method Typer's parameters call for their coercion. It does the
common cases itself, with Typer's own rules (a string stays a string; a choice matches its
value case-insensitively where the option says so, after the context's token
normalization), and hands everything else, every error included, to the adapter Typer
builds: a rejected value gets Typer's own message. Typer offers no public way to do this;
``tests/test_coercion.py`` checks, for every option of every command, that the values are
Typer's own, and fails if a command run imports pydantic again (a Typer that stops calling
``get_runtime_param`` would only be slower, never wrong).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

#: The annotations whose common values mlsal coerces itself.
_PLAIN = (str, bool)


class OwnedCoercion:
    """Coerce one parameter's value: plain strings, flags and choices here, the rest by Typer.

    ``coerce`` has the signature of the object Typer's ``get_runtime_param`` returns.
    """

    def __init__(self, param: Any) -> None:
        descriptor = param.type_descriptor
        self._annotation = descriptor.annotation
        choices = descriptor.choices
        self._choices: tuple[Enum, ...] = (
            tuple(choices)
            if choices is not None and all(isinstance(c, Enum) for c in choices)
            else ()
        )
        self._case_sensitive: bool = descriptor.case_sensitive
        self._multiple: bool = bool(param.multiple or param.nargs == -1)

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """``value`` as Typer would coerce it for ``param``."""
        if not self._multiple:
            if value is None:
                return None
            if self._annotation in _PLAIN and type(value) is self._annotation:
                return value
            if self._choices and isinstance(value, str):
                chosen = self._choice(value, ctx)
                if chosen is not None:
                    return chosen
            elif self._choices and any(value is choice for choice in self._choices):
                return value
        typer_own = type(param).get_runtime_param(param)  # Typer builds its adapter
        return typer_own.coerce(value, param=param, ctx=ctx)

    def _choice(self, value: str, ctx: Any) -> Enum | None:
        """The choice ``value`` names, normalized as Typer normalizes; None if none."""
        typed = self._normalized(value, ctx)
        for choice in self._choices:
            if self._normalized(str(choice.value), ctx) == typed:
                return choice
        return None

    def _normalized(self, text: str, ctx: Any) -> str:
        normalize = getattr(ctx, "token_normalize_func", None)
        if normalize is not None:
            text = normalize(text)
        return text if self._case_sensitive else text.casefold()


def own_coercion(command: Any, *, subcommands: bool = True) -> None:
    """Give each parameter of ``command`` an :class:`OwnedCoercion`, and (unless
    ``subcommands`` is false) each parameter of its subcommands.

    Through ``get_params``, Click's public list of what a command parses: it also holds the
    help option, made when first asked for, and Typer's completion options, added to the root
    group after it is built.
    """
    get_params = command.get_params

    def owned_params(ctx: Any) -> list[Any]:
        params: list[Any] = get_params(ctx)
        for param in params:
            if "get_runtime_param" not in vars(param) and hasattr(param, "type_descriptor"):
                owned = OwnedCoercion(param)
                param.get_runtime_param = lambda owned=owned: owned
        return params

    command.get_params = owned_params
    if subcommands:
        for sub in getattr(command, "commands", {}).values():
            own_coercion(sub)
