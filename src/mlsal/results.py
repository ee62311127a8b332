"""The base of the pydantic result models (compare, offer, skills, market, calibrate).

The estimate's own results are plain dataclasses (see :mod:`mlsal.estimate`), so the
commonest command never imports pydantic; the others build richer documents with it.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Result(BaseModel):
    """Base for results: frozen, and JSON round-trips through it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
