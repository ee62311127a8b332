"""The built wheel carries the bands file and works from any folder in a fresh environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the project's wheel once (no build isolation: hatchling comes with [test])."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(ROOT)],
        check=True,
    )  # fmt: skip
    (built,) = out.glob("mlsal-*.whl")
    return built


def test_wheel_holds_the_bands_file_and_the_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "mlsal/data/bands.yaml" in names
    assert "mlsal/cli/__init__.py" in names
    bundled = zipfile.ZipFile(wheel).read("mlsal/data/bands.yaml")
    assert bundled == (ROOT / "data" / "bands.yaml").read_bytes()
    pages = sorted(name for name in names if name.startswith("mlsal/docs/"))
    assert pages == sorted(f"mlsal/docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))


def test_installed_wheel_runs_from_a_temporary_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("MLSAL_DATA", "PYTHONPATH")}
    done = subprocess.run(
        [str(venv / "bin" / "mlsal"), "estimate", "--country", "US", "--years", "2", "-f", "json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert (doc["low"], doc["mid"], doc["high"]) == (100_000, 140_000, 180_000)
    table = subprocess.run(
        [str(venv / "bin" / "mlsal"), "estimate", "--country", "IN", "--years", "5",
         "--city", "Bengaluru", "--skill", "nlp"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert table.returncode == 0, table.stderr
    assert "Estimate   ₹8.4 L – ₹14.4 L – ₹19.8 L" in table.stdout
