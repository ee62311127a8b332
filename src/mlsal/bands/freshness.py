"""How old a bands file's data is: the dates ``mlsal data info`` warns about.

Plain date arithmetic on loaded models, kept apart from :mod:`mlsal.bands.schema` so that
showing a cached file needs neither pydantic nor PyYAML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile

#: Data older than this many months gets a warning from ``mlsal data info``.
STALE_MONTHS = 18


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (negative when in the future)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


@dataclass(frozen=True)
class Staleness:
    """A date in the data older than STALE_MONTHS: what it dates, and how old it is."""

    what: str
    date: dt.date
    months: int

    def __str__(self) -> str:
        return (
            f"{self.what} is dated {self.date.isoformat()}, {self.months} months ago "
            f"(older than {STALE_MONTHS} months)"
        )


def staleness(bands: BandsFile, *, today: dt.date) -> list[Staleness]:
    """The file's ``updated`` date and each source's date, where older than STALE_MONTHS."""
    dated = [("the file's 'updated'", bands.updated)]
    dated += [(f"source '{key}'", source.date) for key, source in bands.sources.items()]
    month = today.year * 12 + today.month - 1 - STALE_MONTHS
    year, month = divmod(month, 12)
    first = dt.date(year, month + 1, 1)
    last_day = ((first + dt.timedelta(days=31)).replace(day=1) - first).days
    cutoff = first.replace(day=min(today.day, last_day))
    return [
        Staleness(what, date, months_between(date, today)) for what, date in dated if date < cutoff
    ]
