"""mlsal: honest, sourced salary estimates for Machine Learning Engineers.

The Python API (docs/api.md)::

    import mlsal
    result = mlsal.estimate("IN", 5, city="Bengaluru", skill="nlp")
    result.low, result.mid, result.high

Its functions live in :mod:`mlsal.api` and are loaded on first use, so that the ``mlsal``
command, which imports this package first, pays nothing for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: The API: each name and the module that holds it.
_API: dict[str, str] = {
    "load_bands": "mlsal.api",
    "estimate": "mlsal.api",
    "place_offer": "mlsal.api",
    "compare": "mlsal.api",
    "skills": "mlsal.api",
    "market": "mlsal.api",
    "to_dict": "mlsal.api",
    "MlsalError": "mlsal.errors",
    "InputError": "mlsal.errors",
    "DataFileError": "mlsal.errors",
}

__all__ = [
    "DataFileError",
    "InputError",
    "MlsalError",
    "__version__",
    "compare",
    "estimate",
    "load_bands",
    "market",
    "place_offer",
    "skills",
    "to_dict",
]

if TYPE_CHECKING:
    from mlsal.api import compare, estimate, load_bands, market, place_offer, skills, to_dict
    from mlsal.errors import DataFileError, InputError, MlsalError


def __getattr__(name: str) -> Any:
    """Load an API name from its module on first use."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'mlsal' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
