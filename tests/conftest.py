"""Shared fixtures: the bundled bands, and a CLI runner that keeps stderr apart."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mlsal.bandsfile import load_bands
from mlsal.models import BandsFile


@pytest.fixture(scope="session")
def bands() -> BandsFile:
    """The bundled bands file, validated."""
    return load_bands()


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner; result.stdout and result.stderr are separate."""
    return CliRunner()
