"""mlsal skills and mlsal market: ordering, country filter, formats and errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from mlsal.bands.loader import parse_bands
from mlsal.bands.models import BandsFile
from mlsal.cli import app
from mlsal.errors import DataFileError
from mlsal.pay.hiring import hiring_report
from mlsal.pay.skills import skills_report
from mlsal.render.market import market_renderables
from mlsal.render.skills import CSV_HEADER as SKILLS_HEADER
from mlsal.render.skills import skills_renderables

FIXTURE = """
schema_version: 1
title: skills fixture
updated: 2026-01-01
sources:
  article: {title: The article, date: 2026-04-03}
  records: {title: Records, date: 2025-06-30}
countries:
  IN:
    name: India
    currency: INR
    locale: en_IN
    aliases: [india]
    pay_basis: CTC
    factors: {skill: skill-in}
    bands:
      - {key: all, label: All, years_from: 0, years_to: null, reference_years: 2,
         low: 1000000, high: 2000000, meaning: m, source: article}
  US:
    name: United States
    currency: USD
    locale: en_US
    pay_basis: total compensation
    factors: {skill: skill-us}
    bands:
      - {key: all, label: All, years_from: 0, years_to: null, reference_years: 2,
         low: 100000, high: 200000, meaning: m, source: article}
factor_groups:
  skill-in:
    dimension: skill
    label: Specialization
    factors:
      - {key: general, label: General, multiplier: 1.0, evidence: {kind: neutral, method: base}}
      - key: nlp
        label: NLP
        multiplier: 1.1
        evidence: {kind: assumption, source: article, method: the article says so}
  skill-us:
    dimension: skill
    label: Specialization
    factors:
      - key: mlops
        label: MLOps
        multiplier: 0.85
        evidence: {kind: data, source: records, n: 38, observed: 0.86, method: median ratio}
      - {key: general, label: General, multiplier: 1.0, evidence: {kind: neutral, method: base}}
      - key: cv
        label: Computer vision
        multiplier: 1.2
        evidence: {kind: data, source: records, n: 20, observed: 1.21, method: median ratio}
essential_skills:
  - {key: math, label: Mathematics, purpose: Why models behave, tools: [linear algebra],
     source: article}
  - {key: cloud, label: Cloud, purpose: Deploy and scale, tools: [SageMaker, Azure ML],
     source: article}
market:
  source: article
  industries:
    - {label: Fintech, examples: [fraud detection], countries: [IN, US]}
    - {label: Retail, examples: [e-commerce], countries: [IN]}
  recruiters:
    IN: {names: [TCS, Flipkart], claim: Among the biggest recruiters.}
    US: {names: [big fintech], claim: Large names dominate high pay.}
  facts:
    - {key: time-to-job-ready, question: 'How long to become job-ready?', answer: 6-12 months.}
    - {key: ml-vs-ds, question: 'Do ML engineers out-earn data scientists?',
       answer: Often slightly.}
"""


def test_specializations_sorted_by_pay_impact(fixture_bands: BandsFile) -> None:
    report = skills_report(fixture_bands)
    assert [(s.country, s.key) for s in report.specializations] == [
        ("IN", "nlp"), ("IN", "general"), ("US", "cv"), ("US", "general"), ("US", "mlops"),
    ]  # fmt: skip
    cv = report.specializations[2]
    assert (cv.evidence, cv.source, cv.n, cv.observed) == ("data", "records", 20, 1.21)
    assert [s.key for s in report.essential] == ["math", "cloud"]


def test_country_narrows_specializations_not_essentials(fixture_bands: BandsFile) -> None:
    report = skills_report(fixture_bands, country="united states")
    assert report.countries == ("US",)
    assert {s.country for s in report.specializations} == {"US"}
    assert len(report.essential) == 2


def test_skills_table(fixture_bands: BandsFile) -> None:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    for item in skills_renderables(skills_report(fixture_bands, country="US")):
        console.print(item)
    lines = [line.strip() for line in out.getvalue().splitlines()]
    assert "US      │ Computer vision │ 1.20 │ data, records, n=20, observed 1.21" in lines
    assert any(line.startswith("Cloud") and "SageMaker, Azure ML" in line for line in lines)


def test_market_report_filters_by_country(fixture_bands: BandsFile) -> None:
    everything = hiring_report(fixture_bands)
    assert [i.label for i in everything.industries] == ["Fintech", "Retail"]
    assert [r.country for r in everything.recruiters] == ["IN", "US"]
    us = hiring_report(fixture_bands, country="US")
    assert [i.label for i in us.industries] == ["Fintech"]
    assert us.industries[0].countries == ("US",)
    assert [r.names for r in us.recruiters] == [("big fintech",)]
    assert [f.key for f in us.facts] == ["time-to-job-ready", "ml-vs-ds"]


def test_market_table_marks_claims(fixture_bands: BandsFile) -> None:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    for item in market_renderables(hiring_report(fixture_bands, country="IN")):
        console.print(item)
    text = out.getvalue()
    assert "Top recruiters: the article's claims (article)" in text
    assert "TCS, Flipkart" in text
    assert "Do ML engineers out-earn data scientists?" in text
    assert "These are the article's statements, not measured here" in text


def test_no_market_section_is_a_data_error(fixture_bands: BandsFile) -> None:
    bare = parse_bands(FIXTURE[: FIXTURE.index("market:")].encode(), "fixture")
    with pytest.raises(DataFileError) as error:
        hiring_report(bare)
    assert str(error.value) == "the data file has no market section"


def test_skills_cli_json_and_csv(runner: CliRunner, data_file: str) -> None:
    result = runner.invoke(app, ["skills", "--data", data_file, "-f", "json", "-c", "IN"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["kind"] == "skills"
    assert [s["key"] for s in document["specializations"]] == ["nlp", "general"]
    assert document["essential"][1]["tools"] == ["SageMaker", "Azure ML"]
    result = runner.invoke(app, ["skills", "--data", data_file, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(SKILLS_HEADER)
    assert [(r["country"], r["key"], r["multiplier"]) for r in rows][:3] == [
        ("IN", "nlp", "1.10"), ("IN", "general", "1.00"), ("US", "cv", "1.20"),
    ]  # fmt: skip


def test_market_cli_json_and_csv(runner: CliRunner, data_file: str) -> None:
    result = runner.invoke(app, ["market", "--data", data_file, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["kind"] == "market"
    assert document["source"] == "article"
    assert document["facts"][0]["answer"] == "6-12 months."
    result = runner.invoke(app, ["market", "--data", data_file, "-f", "csv", "-c", "US"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["section", "country", "item", "detail", "source"]
    assert ["recruiter", "US", "big fintech", "Large names dominate high pay.", "article"] in rows
    assert all(row[1] in ("US", "") for row in rows[1:])


@pytest.mark.parametrize("command", ["skills", "market"])
def test_unknown_country_is_one_line(runner: CliRunner, data_file: str, command: str) -> None:
    result = runner.invoke(app, [command, "--data", data_file, "--country", "Mars"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("mlsal: error: unknown country 'Mars'")
    assert result.stderr.count("\n") == 1


def test_bundled_data_has_the_articles_skills_and_facts(bands: BandsFile) -> None:
    assert [s.label for s in bands.essential_skills] == [
        "Machine learning fundamentals", "Programming languages", "Data visualization",
        "Deep learning", "Cloud computing", "Mathematics and statistics",
        "Business intelligence tools",
    ]  # fmt: skip
    report = hiring_report(bands, country="IN")
    assert report.recruiters[0].names == ("Amazon", "Google", "TCS", "Flipkart", "Zomato")
    assert {f.key for f in report.facts} >= {"time-to-job-ready", "ml-vs-data-science-pay"}
