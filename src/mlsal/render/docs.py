"""The documentation pages shipped with mlsal (``mlsal/docs``: the site's pages, the same
files as the repository's ``docs/``), found by topic and shown in the terminal."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from mlsal.errors import InputError, quoted
from mlsal.render import View

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from rich.console import RenderableType


@dataclass(frozen=True)
class Page:
    """One page: its topic (the file name without ``.md``), its title and its Markdown."""

    topic: str
    title: str
    text: str


def _folder() -> Traversable:
    return resources.files("mlsal") / "docs"


def _title(text: str, topic: str) -> str:
    first = next((line for line in text.splitlines() if line.startswith("# ")), "")
    return first.removeprefix("# ").strip() or topic


def topics() -> list[Page]:
    """Every page, in name order."""
    pages = []
    for item in sorted(_folder().iterdir(), key=lambda found: found.name):
        if item.name.endswith(".md") and item.is_file():
            text = item.read_text(encoding="utf-8")
            topic = item.name.removesuffix(".md")
            pages.append(Page(topic, _title(text, topic), text))
    return pages


def find_page(asked: str) -> Page:
    """The page of a topic: its exact name, or the one name it begins (``method``)."""
    pages = {page.topic: page for page in topics()}
    wanted = asked.strip().casefold().removesuffix(".md")
    if wanted in pages:
        return pages[wanted]
    begun = [name for name in pages if name.startswith(wanted)] if wanted else []
    if len(begun) == 1:
        return pages[begun[0]]
    close = begun or difflib.get_close_matches(wanted, list(pages), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise InputError(f"no documentation topic {quoted(asked)}; {hint}topics: {', '.join(pages)}")


def topics_view() -> View:
    """``mlsal docs``: the topics and their titles."""
    pages = topics()

    def renderables() -> list[RenderableType]:
        from rich.table import Table

        table = Table(title="Documentation topics", title_justify="left", show_edge=False)
        table.add_column("Topic")
        table.add_column("Title")
        for page in pages:
            table.add_row(page.topic, page.title)
        return [table, "Read one with: mlsal docs TOPIC"]

    def payload() -> dict[str, Any]:
        return {"topics": [{"topic": p.topic, "title": p.title} for p in pages]}

    return View(
        kind="docs",
        payload=payload,
        header=("topic", "title"),
        rows=lambda: [(p.topic, p.title) for p in pages],
        renderables=renderables,
    )


def page_view(page: Page) -> View:
    """``mlsal docs TOPIC``: the page, rendered from its Markdown (JSON: the Markdown)."""

    def renderables() -> list[RenderableType]:
        from rich.markdown import Markdown

        return [Markdown(page.text, hyperlinks=False)]

    return View(
        kind="docs",
        payload=lambda: {"topic": page.topic, "title": page.title, "text": page.text},
        header=("topic", "title", "text"),
        rows=lambda: [(page.topic, page.title, page.text)],
        renderables=renderables,
    )
