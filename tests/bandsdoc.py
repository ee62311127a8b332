"""A small valid bands document built in code, for the robustness tests to break on purpose.

The figures are made up test values for an imaginary country; they never reach the bundled data.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import yaml

_MINIMAL: dict[str, Any] = {
    "schema_version": 1,
    "title": "Test bands",
    "updated": dt.date(2026, 1, 1),
    "sources": {"s": {"title": "Test source", "date": dt.date(2025, 1, 1)}},
    "countries": {
        "XA": {
            "name": "Alphaland",
            "currency": "INR",
            "locale": "en_IN",
            "aliases": ["alpha"],
            "pay_basis": "gross per year",
            "factors": {"city": "city-xa"},
            "bands": [
                {
                    "key": "junior",
                    "label": "Junior",
                    "years_from": 0,
                    "years_to": 5,
                    "reference_years": 2,
                    "low": 100000,
                    "high": 200000,
                    "meaning": "test band",
                    "source": "s",
                },
                {
                    "key": "senior",
                    "label": "Senior",
                    "years_from": 5,
                    "years_to": None,
                    "reference_years": 8,
                    "low": 200000,
                    "high": 400000,
                    "meaning": "test band",
                    "source": "s",
                },
            ],
        }
    },
    "factor_groups": {
        "city-xa": {
            "dimension": "city",
            "label": "City",
            "factors": [
                {
                    "key": "hub",
                    "label": "Hub",
                    "multiplier": 1.2,
                    "aliases": ["capital"],
                    "evidence": {"kind": "assumption", "method": "test"},
                },
                {
                    "key": "town",
                    "label": "Town",
                    "multiplier": 0.8,
                    "evidence": {"kind": "assumption", "method": "test"},
                },
            ],
        }
    },
}


def minimal_document() -> dict[str, Any]:
    """A fresh, valid bands document (a deep copy: callers may change it)."""
    return copy.deepcopy(_MINIMAL)


def dump(document: Any) -> str:
    """YAML text for a document, keys in their given order."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
