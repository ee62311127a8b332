"""``python -m mlsal``."""

from __future__ import annotations

from mlsal.entry import main

main()
