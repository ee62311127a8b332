"""``mlsal docs [TOPIC]``: the documentation pages, read in the terminal after ``pip install``."""

from __future__ import annotations

from typing import Annotated

import typer

from mlsal.cli.app import command_app
from mlsal.cli.completion import complete_topic
from mlsal.cli.options import FormatOption
from mlsal.render import OutputFormat

docs_app = command_app()


@docs_app.command(
    epilog="Examples:\n\n  mlsal docs\n\n  mlsal docs methodology\n\n  mlsal docs takehome | less"
)
def docs(
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="TOPIC",
            help="A page to read (methodology, takehome, ...); none lists them.",
            autocompletion=complete_topic,
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Read mlsal's documentation pages in the terminal.

    The pages of the documentation site ship with mlsal: the methodology and sources, the
    take-home model, the JSON output, the data file format and the rest.
    """
    from mlsal.render import emit
    from mlsal.render.docs import find_page, page_view, topics_view

    emit(topics_view() if topic is None else page_view(find_page(topic)), output_format)
