"""mlsal: honest, sourced salary estimates for Machine Learning Engineers."""

from __future__ import annotations

__version__ = "0.1.0"
