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
