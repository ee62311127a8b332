"""Text layout the Rich tables do not give: bars, hanging lines, and a choice by width.

Ranges are drawn as one line of text: low, mid and high on a scale, and where an offer falls.

Plain characters in one string (one table cell at most): a Rich cell costs about 0.14 ms
to lay out, so a bar never spreads over cells. Box-drawing characters are used where the
output can encode them, else ASCII (see :func:`mlsal.render.can_encode`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
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
    """A label, then text wrapped to the width left, its later lines indented under it."""

    __slots__ = ("body", "indent", "label", "style")

    def __init__(
        self, label: str, body: str | Text, *, indent: int = 11, style: str = "bold"
    ) -> None:
        self.label = label
        self.body = body
        self.indent = indent
        self.style = style


class Block:
    """Lines printed as one Rich renderable: plain lines and :class:`Hanging` ones.

    Printing each line on its own costs about 0.1 ms of Rich's print machinery per line;
    one block for the card's head measured 2.5 ms less in all (callgrind: 30 M instructions).
    """

    __slots__ = ("lines",)

    def __init__(self, lines: list[Hanging | Text | str]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        width = options.max_width
        out = Text()
        for number, line in enumerate(self.lines):
            if number:
                out.append("\n")
            if not isinstance(line, Hanging):
                text = line if isinstance(line, Text) else Text(line)
                wrapped = text.wrap(console, width) if len(text) > width else [text]
                out.append_text(Text("\n").join(wrapped))
                continue
            body = line.body if isinstance(line.body, Text) else Text(line.body)
            room = max(width - line.indent, 20)
            for index, part in enumerate(body.wrap(console, room) if len(body) > room else [body]):
                if index:
                    out.append("\n" + " " * line.indent)
                else:
                    out.append(f"{line.label:<{line.indent}}", style=line.style)
                out.append_text(part)
        yield out


class Fitting:
    """A wide renderable where the output is at least ``least`` columns wide, else a narrow one.

    A table whose amounts must not wrap is shown as it is where it fits, and in a stacked
    form where it does not, instead of losing a column or cutting figures to "…".
    """

    __slots__ = ("least", "narrow", "wide")

    def __init__(self, wide: RenderableType, narrow: RenderableType, *, least: int) -> None:
        self.wide = wide
        self.narrow = narrow
        self.least = least

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.least else self.narrow


def table_width(columns: list[list[str]], *, wrapped: int = 0) -> int:
    """The least width of a table without edges whose columns do not wrap (cell texts given).

    ``wrapped`` is the least width of one more column that may wrap (its longest word).
    Each column has one space of padding on each inner side and a rule between columns.
    """
    from rich.cells import cell_len

    widths = [max(cell_len(text) for text in column) for column in columns]
    if wrapped:
        widths.append(wrapped)
    return sum(widths) + 3 * (len(widths) - 1)
