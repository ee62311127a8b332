"""The Python API: the examples of docs/api.md run as written, and the API is what the CLI
computes."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mlsal
from mlsal.cli import app

API_DOC = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def test_the_examples_in_docs_api_md_give_their_output() -> None:
    text = API_DOC.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, "docs/api.md", str(API_DOC), 0)
    assert len(test.examples) >= 20, "the page lost its examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0, "an example in docs/api.md does not give its output"


def test_the_api_gives_what_the_cli_prints(runner: CliRunner) -> None:
    argv = ["estimate", "-c", "IN", "-y", "5", "--city", "blr", "--skill", "nlp", "-f", "json"]
    printed = json.loads(runner.invoke(app, argv).stdout)
    computed = mlsal.to_dict(mlsal.estimate("IN", 5, city="blr", skill="nlp"))
    assert printed == {"schema_version": 1, "kind": "estimate", **computed}


def test_importing_mlsal_loads_no_api_module_until_used() -> None:
    import subprocess
    import sys

    code = "import sys, mlsal; print(sorted(m for m in sys.modules if m.startswith('mlsal')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['mlsal']"


def test_compare_checks_its_arguments_as_the_cli_does_in_its_own_words(
    runner: CliRunner,
) -> None:
    """One check (pay.compare.compare_profile); each caller names the arguments its way."""
    with pytest.raises(mlsal.errors.InputError) as caught:
        mlsal.compare("IN", "US", skill="nlp")
    assert str(caught.value) == "skill, education, employer and role need years"
    result = runner.invoke(app, ["compare", "IN", "US", "--skill", "nlp"])
    assert result.stderr == (
        "mlsal: error: --skill, --education, --employer and --role need --years\n"
    )
    with pytest.raises(mlsal.errors.InputError, match="--fx must be a positive number, not 0"):
        mlsal.compare("IN", "US", fx=0)
