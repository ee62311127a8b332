"""Shared fixtures: the bundled bands, a test module's own bands text, a CLI runner; and the
Hypothesis profiles.

Hypothesis runs derandomized with no example database (profile ``ci``, the default), so a
run is the same everywhere and a failure is found again by the next run. Developers search
with fresh random examples through ``scripts/hypothesis-search`` (profile ``search``); every
failure found that way is pinned in its test with ``@example``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from mlsal.bands.loader import load_bands, parse_bands
from mlsal.bands.models import BandsFile

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("search", derandomize=False, database=None, print_blob=True)
settings.load_profile(os.environ.get("MLSAL_HYPOTHESIS_PROFILE", "ci"))


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
def fixture_bands(request: pytest.FixtureRequest) -> BandsFile:
    """The bands text in the test module's ``FIXTURE``, validated."""
    text: str = request.module.FIXTURE
    return parse_bands(text.encode(), "fixture")


@pytest.fixture
def data_file(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The bands text in the test module's ``FIXTURE``, written to a file: its path."""
    path = tmp_path / "bands.yaml"
    path.write_text(request.module.FIXTURE, encoding="utf-8")
    return str(path)


@pytest.fixture
def runner() -> CliRunner:
    """A Typer CLI runner; result.stdout and result.stderr are separate."""
    return CliRunner()
