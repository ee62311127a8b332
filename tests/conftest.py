"""Shared fixtures: the bundled bands, and a CLI runner that keeps stderr apart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from mlsal.bandsfile import load_bands
from mlsal.models import BandsFile


@pytest.fixture(scope="session", autouse=True)
def _private_bands_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the validated-bands cache of the test run out of the user's cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MLSAL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def bands() -> BandsFile:
    """The bundled bands file, validated."""
    return load_bands()


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner; result.stdout and result.stderr are separate."""
    return CliRunner()
