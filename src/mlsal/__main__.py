"""``python -m mlsal``."""

from __future__ import annotations

from mlsal.cli import main

main()
