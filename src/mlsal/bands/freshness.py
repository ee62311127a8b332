"""How old a bands file's data is: the dates ``mlsal data info`` and ``compare`` warn about,
and the day they are measured from (``$MLSAL_TODAY``, else the system date).

Plain date arithmetic on loaded models, kept apart from :mod:`mlsal.bands.schema` so that
showing a cached file needs neither pydantic nor PyYAML.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlsal.errors import InputError, quoted

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile, ExchangeRate

#: Data older than this many months gets a warning from ``mlsal data info``.
STALE_MONTHS = 18

#: An exchange rate older than this many months gets a warning from ``data info`` and
#: ``compare``: currencies move faster than pay surveys.
RATE_STALE_MONTHS = 12

#: The environment variable that fixes "today" (YYYY-MM-DD), so that runs and tests do not
#: change as the data ages.
TODAY_ENV = "MLSAL_TODAY"

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def today(environ: Mapping[str, str] | None = None) -> dt.date:
    """``$MLSAL_TODAY`` as a date, else the system date; InputError when it is malformed."""
    typed = (os.environ if environ is None else environ).get(TODAY_ENV, "")
    if not typed:
        return dt.date.today()
    if _ISO_DATE.fullmatch(typed):
        try:
            return dt.date.fromisoformat(typed)
        except ValueError:
            pass
    raise InputError(
        f"{TODAY_ENV} must be a date as YYYY-MM-DD (like 2026-12-01), not '{quoted(typed)}'"
    )


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (negative when in the future)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


@dataclass(frozen=True)
class Staleness:
    """A date in the data older than its limit: what it dates, how old it is, and the fix."""

    what: str
    date: dt.date
    months: int
    limit: int = STALE_MONTHS
    hint: str = ""

    def __str__(self) -> str:
        text = (
            f"{self.what} is dated {self.date.isoformat()}, {self.months} months ago "
            f"(older than {self.limit} months)"
        )
        return f"{text}; {self.hint}" if self.hint else text


def _cutoff(today: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months before ``today`` (clipped to the month's end)."""
    month = today.year * 12 + today.month - 1 - months
    year, month = divmod(month, 12)
    first = dt.date(year, month + 1, 1)
    last_day = ((first + dt.timedelta(days=31)).replace(day=1) - first).days
    return first.replace(day=min(today.day, last_day))


def staleness(bands: BandsFile, *, today: dt.date) -> list[Staleness]:
    """The file's ``updated`` date and each source's date, where older than STALE_MONTHS;
    then each exchange rate older than RATE_STALE_MONTHS."""
    dated = [("the file's 'updated'", bands.updated)]
    dated += [(f"source '{key}'", source.date) for key, source in bands.sources.items()]
    cutoff = _cutoff(today, STALE_MONTHS)
    found = [
        Staleness(what, date, months_between(date, today)) for what, date in dated if date < cutoff
    ]
    rates = bands.rates.exchange if bands.rates is not None else ()
    return found + [s for s in (rate_staleness(r, today=today) for r in rates) if s is not None]


def rate_staleness(rate: ExchangeRate, *, today: dt.date) -> Staleness | None:
    """A warning when ``rate`` is older than RATE_STALE_MONTHS, saying how to pass ``--fx``."""
    if rate.date >= _cutoff(today, RATE_STALE_MONTHS):
        return None
    return Staleness(
        what=f"the {rate.base}/{rate.quote} exchange rate ({rate.rate:g})",
        date=rate.date,
        months=months_between(rate.date, today),
        limit=RATE_STALE_MONTHS,
        hint=f"pass today's rate as --fx RATE ({rate.quote} per {rate.base}) to mlsal compare",
    )
