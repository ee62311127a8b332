"""A bounded memo for hot loops: results by argument, computed once, memory kept flat."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """A function's results by argument, each computed when first asked for (``memo[key]``);
    emptied when it holds ``limit`` entries, so memory stays bounded whatever the input holds.
    """

    def __init__(self, function: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self.function = function
        self.limit = limit

    def __missing__(self, key: K) -> V:
        value = self.function(key)
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
