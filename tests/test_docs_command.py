"""``mlsal docs``: the documentation pages ship with the package and read in the terminal."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mlsal.cli import app
from mlsal.cli.completion import complete_topic

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_list_names_every_page_with_its_title(runner: CliRunner) -> None:
    result = runner.invoke(app, ["docs", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    topics = json.loads(result.stdout)["topics"]
    assert [t["topic"] for t in topics] == sorted(p.stem for p in DOCS.glob("*.md"))
    assert {"topic": "methodology", "title": "Methodology and sources"} in topics


def test_the_table_lists_topics_and_says_how_to_read_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["docs"], env={"COLUMNS": "100"})
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0] == "Documentation topics"
    assert any(line.split("│") == [" takehome     ", " Take-home pay"] for line in lines)
    assert lines[-1] == "Read one with: mlsal docs TOPIC"


def test_a_page_renders_its_markdown(runner: CliRunner) -> None:
    result = runner.invoke(app, ["docs", "takehome"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].strip() == "Take-home pay"
    assert "#" not in result.stdout.splitlines()[0]  # a heading, not Markdown source
    as_json = json.loads(runner.invoke(app, ["docs", "takehome", "-f", "json"]).stdout)
    assert as_json["text"] == (DOCS / "takehome.md").read_text(encoding="utf-8")


def test_a_topic_may_be_begun_or_given_as_a_file_name(runner: CliRunner) -> None:
    for asked in ("method", "methodology.md", "METHODOLOGY"):
        document = json.loads(runner.invoke(app, ["docs", asked, "-f", "json"]).stdout)
        assert document["topic"] == "methodology"


def test_an_unknown_or_ambiguous_topic_is_one_line_with_the_topics(runner: CliRunner) -> None:
    topics = ", ".join(sorted(p.stem for p in DOCS.glob("*.md")))
    result = runner.invoke(app, ["docs", "metodology"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "mlsal: error: no documentation topic metodology; did you mean methodology? "
        f"topics: {topics}\n"
    )
    ambiguous = runner.invoke(app, ["docs", "c"])
    assert ambiguous.stderr.startswith(
        "mlsal: error: no documentation topic c; did you mean calibrate or compare? topics: "
    )


def test_topics_complete(runner: CliRunner) -> None:
    assert [topic for topic, _ in complete_topic(None, "me")] == ["methodology"]  # type: ignore[arg-type]
    assert ("takehome", "Take-home pay") in complete_topic(None, "")  # type: ignore[arg-type]
