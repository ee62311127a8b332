"""The Python API: what the commands compute, for notebooks and pipelines.

The CLI is one client of these functions: they read a bands file the same way (the bundled
one unless told otherwise, validated once, cached), return the same typed, frozen results
and raise the same errors (:class:`mlsal.errors.MlsalError` and its kinds). Nothing here
prints or exits. :func:`to_dict` turns any result into the document ``--format json`` prints.
See docs/api.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mlsal.bands.models import BandsFile
    from mlsal.pay.compare import Comparison
    from mlsal.pay.estimate import Estimate
    from mlsal.pay.hiring import HiringReport
    from mlsal.pay.offer import OfferPlacement
    from mlsal.pay.skills import SkillsReport


def load_bands(path: str | os.PathLike[str] | None = None) -> BandsFile:
    """The bands file at ``path``, validated; None: ``$MLSAL_DATA``, else the bundled file.

    Raises DataFileError (with the first problem) for a file that cannot be read or does
    not validate.
    """
    from mlsal.bands.loader import data_path
    from mlsal.bands.loader import load_bands as load

    return load(data_path(None if path is None else str(Path(path))))


def _bands(bands: BandsFile | None) -> BandsFile:
    return load_bands() if bands is None else bands


def estimate(
    country: str,
    years: float,
    *,
    city: str | None = None,
    skill: str | None = None,
    education: str | None = None,
    employer: str | None = None,
    role: str | None = None,
    bands: BandsFile | None = None,
) -> Estimate:
    """The ranged estimate for one profile, with its breakdown and career path.

    Names match as on the command line (any case, aliases: ``"india"``, ``"bangalore"``).
    Raises InputError for an unknown name or years outside 0-60.
    """
    from mlsal.pay.estimate import Profile, estimate_salary

    profile = Profile(
        country=country,
        years=float(years),
        skill=skill,
        education=education,
        city=city,
        employer=employer,
        role=role,
    )
    return estimate_salary(_bands(bands), profile)


def place_offer(result: Estimate, offer: str) -> OfferPlacement:
    """Where an offer (``"32L"``, ``"$185k"``, ``"185000"``) falls in an estimate's range."""
    from mlsal.pay.offer import check_offer

    return check_offer(result, offer)


def compare(
    first: str,
    second: str,
    *,
    years: float | None = None,
    skill: str | None = None,
    education: str | None = None,
    employer: str | None = None,
    role: str | None = None,
    fx: float | None = None,
    bands: BandsFile | None = None,
) -> Comparison:
    """Two countries side by side: per level, or for one profile when ``years`` is given.

    Amounts are shown in each country's currency, converted at the data file's exchange
    rate (or ``fx``, in the same direction), and by purchasing power.
    """
    from mlsal.pay.compare import compare_countries, compare_profile

    profile = compare_profile(
        first,
        years=years,
        skill=skill,
        education=education,
        employer=employer,
        role=role,
        fx=fx,
    )
    return compare_countries(_bands(bands), first, second, profile=profile, fx=fx)


def skills(country: str | None = None, *, bands: BandsFile | None = None) -> SkillsReport:
    """Specializations by pay impact, with their evidence, and the essential skills."""
    from mlsal.pay.skills import skills_report

    return skills_report(_bands(bands), country=country)


def market(country: str | None = None, *, bands: BandsFile | None = None) -> HiringReport:
    """Industries hiring, the recruiters named per country and the career facts."""
    from mlsal.pay.hiring import hiring_report

    return hiring_report(_bands(bands), country=country)


def to_dict(result: object) -> Any:
    """Any result (or model) as JSON-ready data: what ``--format json`` holds for it."""
    from mlsal.pay.estimate import Estimate
    from mlsal.render import plain

    if isinstance(result, Estimate):  # its JSON adds the warnings, worded by the render layer
        from mlsal.render.estimate import estimate_payload

        return estimate_payload(result)
    return plain(result)
