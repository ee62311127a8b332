"""Ranges drawn as one line of text: low, mid and high on a scale, and where an offer falls.

Plain characters in one string (one table cell at most): a Rich cell costs about 0.14 ms
to lay out, so a bar never spreads over cells. Box-drawing characters are used where the
output can encode them, else ASCII (see :func:`mlsal.render.can_encode`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.text import Text

#: Characters of a bar: (before low, the range, low end, high end, mid, offer).
UNICODE = (" ", "─", "├", "┤", "●", "▲")
ASCII = (" ", "-", "|", "|", "o", "^")

#: Width of a bar in characters.
BAR_WIDTH = 24


def _at(amount: float, top: float, width: int) -> int:
    """The column of ``amount`` on a scale from 0 to ``top`` drawn ``width`` columns wide."""
    if top <= 0:
        return 0
    return max(0, min(width - 1, round(amount / top * (width - 1))))


def range_bar(
    low: int, mid: int, high: int, top: float, *, width: int = BAR_WIDTH, ascii: bool = False
) -> str:
    """``low``..``high`` with ``mid`` marked, on a scale from 0 to ``top`` (trailing blanks cut)."""
    blank, line, left, right, middle, _ = ASCII if ascii else UNICODE
    start, centre, end = _at(low, top, width), _at(mid, top, width), _at(high, top, width)
    cells = [blank] * width
    for column in range(start, end + 1):
        cells[column] = line
    cells[start] = left
    cells[end] = right
    cells[centre] = middle
    return "".join(cells).rstrip()


def offer_mark(offer: int, top: float, *, width: int = BAR_WIDTH, ascii: bool = False) -> str:
    """A line with one mark under the column where ``offer`` falls on the same scale."""
    return " " * _at(offer, top, width) + (ASCII if ascii else UNICODE)[5]


class Hanging:
    """A label, then text wrapped to the width left, its later lines indented under it.

    Cheaper than a two-column grid (a Rich cell costs about 0.14 ms to lay out).
    """

    def __init__(self, label: str, body: str | Text, *, indent: int = 11, style: str = "bold"):
        self.label = label
        self.body = body
        self.indent = indent
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        body = self.body if isinstance(self.body, Text) else Text(self.body)
        lines = body.wrap(console, max(options.max_width - self.indent, 20))
        out = Text()
        for index, line in enumerate(lines):
            if index:
                out.append("\n" + " " * self.indent)
            else:
                out.append(f"{self.label:<{self.indent}}", style=self.style)
            out.append_text(line)
        yield out
