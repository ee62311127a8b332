"""Shell completion of option values for Typer: the ``autocompletion`` callbacks of the
options that name a country, a factor or a state (from the tax rules file). The values come
from :mod:`mlsal.shell`."""

from __future__ import annotations

from collections.abc import Callable

from typer import Context  # at run time: Typer reads the callbacks' annotations

from mlsal.shell import completions


def _completer(dimension: str) -> Callable[[Context, str], list[tuple[str, str]]]:
    """A Typer ``autocompletion`` callback for one dimension."""

    def complete(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
        params = ctx.params
        country = params.get("country") if dimension != "country" else None
        data = params.get("tax_data" if dimension == "state" else "data")
        return completions(dimension, incomplete, data=data, country=country)

    complete.__name__ = f"complete_{dimension}"
    return complete


complete_country = _completer("country")


def complete_other_country(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
    """The second country of ``mlsal compare``: any but the first one on the line."""
    params = ctx.params
    return completions(
        "country", incomplete, data=params.get("data"), leave_out=params.get("first")
    )


complete_city = _completer("city")
complete_skill = _completer("skill")
complete_education = _completer("education")
complete_employer = _completer("employer")
complete_state = _completer("state")
complete_role = _completer("role")


def complete_topic(ctx: Context, incomplete: str) -> list[tuple[str, str]]:
    """A Typer ``autocompletion`` callback for ``mlsal docs TOPIC``: the pages' names."""
    from mlsal.render.docs import topics

    return [(page.topic, page.title) for page in topics() if page.topic.startswith(incomplete)]
