"""``mlsal.bands.schema`` and ``mlsal data validate|info``: every problem, with line and path."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bandsdoc import dump, minimal_document
from mlsal.bands.freshness import months_between, staleness
from mlsal.bands.schema import check_bytes
from mlsal.cli import app

Document = dict[str, Any]


def _band(document: Document, index: int) -> Document:
    band: Document = document["countries"]["XA"]["bands"][index]
    return band


def _factor(document: Document, index: int) -> Document:
    factor: Document = document["factor_groups"]["city-xa"]["factors"][index]
    return factor


def _problems(document: Any) -> list[str]:
    return [str(problem) for problem in check_bytes(dump(document).encode(), "f.yaml").problems]


# Line numbers refer to dump(minimal_document()): band 0 holds lines 19-27, band 1 lines 28-36,
# factor 'hub' lines 42-49.
CASES: list[tuple[str, Callable[[Document], object], str]] = [
    (
        "NaN multiplier",
        lambda d: _factor(d, 0).update(multiplier=math.nan),
        "f.yaml:44: factor_groups.city-xa.factors.0.multiplier: "
        "Input should be a finite number (got nan)",
    ),
    (
        "infinite years",
        lambda d: _band(d, 1).update(reference_years=math.inf),
        "f.yaml:32: countries.XA.bands.1.reference_years: "
        "Input should be a finite number (got inf)",
    ),
    (
        "NaN anywhere, even an optional observation",
        lambda d: _factor(d, 0)["evidence"].update(observed=math.nan),
        "f.yaml:50: factor_groups.city-xa.factors.0.evidence.observed: "
        "Input should be a finite number (got nan)",
    ),
    (
        "zero pay",
        lambda d: _band(d, 0).update(low=0),
        "f.yaml:24: countries.XA.bands.0.low: Input should be greater than 0 (got 0)",
    ),
    (
        "negative pay",
        lambda d: _band(d, 0).update(high=-5),
        "f.yaml:25: countries.XA.bands.0.high: Input should be greater than 0 (got -5)",
    ),
    (
        "pay too large for the arithmetic",
        lambda d: _band(d, 1).update(high=10**13),
        "f.yaml:34: countries.XA.bands.1.high: "
        "Input should be less than or equal to 1000000000000 (got 10000000000000)",
    ),
    (
        "low above high",
        lambda d: _band(d, 0).update(low=300000),
        "f.yaml:19: countries.XA.bands.0: band 'junior': low 300000 is above high 200000",
    ),
    (
        "multiplier outside the sane range",
        lambda d: _factor(d, 0).update(multiplier=9.0),
        "f.yaml:44: factor_groups.city-xa.factors.0.multiplier: "
        "multiplier 9.0 is outside the sane range 0.2-5.0",
    ),
    (
        "gap in years",
        lambda d: _band(d, 1).update(years_from=6),
        "f.yaml:30: countries.XA.bands.1.years_from: "
        "bands 'junior' and 'senior' leave a gap or overlap in years",
    ),
    (
        "overlap in years",
        lambda d: _band(d, 0).update(years_to=7),
        "f.yaml:30: countries.XA.bands.1.years_from: "
        "bands 'junior' and 'senior' leave a gap or overlap in years",
    ),
    (
        "pay falls as years rise",
        lambda d: _band(d, 1).update(low=50000),
        "f.yaml:33: countries.XA.bands.1.low: band 'senior' low is below band 'junior': "
        "pay must not fall as years rise",
    ),
    (
        "country without bands",
        lambda d: d["countries"]["XA"].update(bands=[]),
        "f.yaml:18: countries.XA.bands: needs at least 1 entry, has 0",
    ),
    (
        "factor group referenced but missing",
        lambda d: d["countries"]["XA"]["factors"].update(city="city-zz"),
        "f.yaml:17: countries.XA.factors.city: factor group 'city-zz' is missing",
    ),
    (
        "factor group of another dimension",
        lambda d: d["factor_groups"]["city-xa"].update(dimension="skill"),
        "f.yaml:17: countries.XA.factors.city: group 'city-xa' is of dimension 'skill'",
    ),
    (
        "unknown key",
        lambda d: _band(d, 0).update(lowe=5),
        "f.yaml:28: countries.XA.bands.0.lowe: Extra inputs are not permitted",
    ),
    (
        "a number written as a string",
        lambda d: _band(d, 0).update(low="100000"),
        "f.yaml:24: countries.XA.bands.0.low: Input should be a valid integer (got '100000')",
    ),
    (
        "a boolean where pay goes",
        lambda d: _band(d, 0).update(low=True),
        "f.yaml:24: countries.XA.bands.0.low: Input should be a valid integer (got True)",
    ),
    (
        "fractional pay",
        lambda d: _band(d, 0).update(low=100000.5),
        "f.yaml:24: countries.XA.bands.0.low: Input should be a valid integer (got 100000.5)",
    ),
    (
        "a date written as a string",
        lambda d: d.update(updated="2026-01-01"),
        "f.yaml:3: updated: Input should be a valid date (got '2026-01-01')",
    ),
    (
        "a schema version that is a boolean",
        lambda d: d.update(schema_version=True),
        "f.yaml:1: schema_version: Input should be 1 (got True)",
    ),
    (
        "a schema version that is a float",
        lambda d: d.update(schema_version=1.0),
        "f.yaml:1: schema_version: Input should be 1 (got 1.0)",
    ),
    (
        "an unknown schema version",
        lambda d: d.update(schema_version=2),
        "f.yaml:1: schema_version: Input should be 1 (got 2)",
    ),
    (
        "locale the money formatter does not know",
        lambda d: d["countries"]["XA"].update(locale="xx_YY"),
        "f.yaml:12: countries.XA.locale: unknown locale 'xx_YY'",
    ),
    (
        "currency the money formatter does not know",
        lambda d: d["countries"]["XA"].update(currency="QQQ"),
        "f.yaml:11: countries.XA.currency: unknown currency 'QQQ'",
    ),
    (
        "two factors claim one alias, in another case",
        lambda d: _factor(d, 1).update(aliases=["Capital"]),
        "f.yaml:39: factor_groups.city-xa: name 'Capital' is used by both 'hub' and 'town'",
    ),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_is_reported_with_line_and_path(
    change: Callable[[Document], object], expected: str
) -> None:
    document = minimal_document()
    change(document)
    assert _problems(document) == [expected]


def test_minimal_document_is_valid() -> None:
    report = check_bytes(dump(minimal_document()).encode(), "f.yaml")
    assert report.valid
    assert report.bands is not None


def test_every_problem_is_reported_not_just_the_first() -> None:
    document = minimal_document()
    _band(document, 0).update(low=-1, colour="blue")
    _band(document, 1).update(high="lots")
    _factor(document, 1).update(multiplier=0.01)
    del document["title"]
    assert _problems(document) == [
        "f.yaml:1: title: Field required",
        "f.yaml:23: countries.XA.bands.0.low: Input should be greater than 0 (got -1)",
        "f.yaml:27: countries.XA.bands.0.colour: Extra inputs are not permitted",
        "f.yaml:34: countries.XA.bands.1.high: Input should be a valid integer (got 'lots')",
        "f.yaml:52: factor_groups.city-xa.factors.1.multiplier: "
        "multiplier 0.01 is outside the sane range 0.2-5.0",
    ]


def test_every_broken_reference_is_reported() -> None:
    document = minimal_document()
    _band(document, 0).update(source="nope")
    _band(document, 1).update(source="gone")
    _factor(document, 0)["evidence"].update(source="missing")
    assert _problems(document) == [
        "f.yaml:27: countries.XA.bands.0.source: band 'junior' cites unknown source 'nope'",
        "f.yaml:36: countries.XA.bands.1.source: band 'senior' cites unknown source 'gone'",
        "f.yaml:50: factor_groups.city-xa.factors.0.evidence.source: "
        "factor 'hub' cites unknown source 'missing'",
    ]


def test_duplicate_keys_and_model_problems_come_together() -> None:
    text = dump(minimal_document()).replace("  s:\n", "  s:\n    title: Duplicate\n", 1)
    text = text.replace("      low: 100000\n", "      low: -1\n", 1)
    problems = [str(p) for p in check_bytes(text.encode(), "f.yaml").problems]
    assert problems == [
        "f.yaml:7: duplicate key 'title' (first on line 6)",
        "f.yaml:25: countries.XA.bands.0.low: Input should be greater than 0 (got -1)",
    ]


MERGED = """\
schema_version: 1
title: Merged
updated: 2026-01-01
sources:
  s: {title: Test source, date: 2025-01-01}
countries:
  XA:
    name: Alphaland
    currency: INR
    locale: en_IN
    pay_basis: gross per year
    factors: {city: city-xa}
    bands:
      - &band
        key: junior
        label: Junior
        years_from: 0
        years_to: 5
        reference_years: 2
        low: 100000
        high: 200000
        meaning: test band
        source: s
      - {<<: *band, key: senior, years_from: 5, years_to: null, reference_years: 8, low: 0}
factor_groups:
  city-xa:
    dimension: city
    label: City
    factors:
      - {key: hub, label: Hub, multiplier: 1.2, evidence: {kind: assumption, method: test}}
"""


def test_lines_follow_merge_keys_to_the_value_that_is_wrong() -> None:
    # the bad low is written on the merging line; the merged high (line 21) is fine
    problems = [str(p) for p in check_bytes(MERGED.encode(), "m.yaml").problems]
    assert problems == [
        "m.yaml:24: countries.XA.bands.1.low: Input should be greater than 0 (got 0)"
    ]
    fixed = MERGED.replace(", low: 0}", "}").replace("high: 200000", "high: 0")
    problems = [str(p) for p in check_bytes(fixed.encode(), "m.yaml").problems]
    assert problems == [
        "m.yaml:21: countries.XA.bands.0.high: Input should be greater than 0 (got 0)",
        "m.yaml:21: countries.XA.bands.1.high: Input should be greater than 0 (got 0)",
    ]


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28), 0),
        (dt.date(2025, 1, 31), dt.date(2025, 3, 1), 1),
        (dt.date(2024, 5, 10), dt.date(2025, 11, 10), 18),
        (dt.date(2024, 5, 10), dt.date(2025, 11, 9), 17),
    ],
)
def test_months_between(earlier: dt.date, later: dt.date, months: int) -> None:
    assert months_between(earlier, later) == months


def test_staleness_names_each_date_older_than_18_months() -> None:
    bands = check_bytes(dump(minimal_document()).encode(), "f").bands
    assert bands is not None  # updated 2026-01-01, source s 2025-01-01
    assert staleness(bands, today=dt.date(2026, 6, 30)) == []
    assert staleness(bands, today=dt.date(2026, 7, 1)) == []  # exactly 18 months: not older
    [old] = staleness(bands, today=dt.date(2026, 7, 2))
    assert str(old) == ("source 's' is dated 2025-01-01, 18 months ago (older than 18 months)")
    assert [e.what for e in staleness(bands, today=dt.date(2027, 8, 1))] == [
        "the file's 'updated'",
        "source 's'",
    ]


def test_staleness_clamps_the_cutoff_to_short_months() -> None:
    document = minimal_document()
    document["sources"]["s"]["date"] = dt.date(2023, 2, 28)
    document["updated"] = dt.date(2024, 8, 31)
    bands = check_bytes(dump(document).encode(), "f").bands
    assert bands is not None
    # 18 months before 2024-08-31 is 2023-02-28 (no 31 February): not older yet
    assert staleness(bands, today=dt.date(2024, 8, 31)) == []


# --- the CLI -------------------------------------------------------------------------------


def _write(tmp_path: Path, document: Any, name: str = "bands.yaml") -> Path:
    path = tmp_path / name
    path.write_text(dump(document), encoding="utf-8")
    return path


def test_cli_validate_valid_file(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, minimal_document())
    result = runner.invoke(app, ["data", "validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout == (f"{path}: valid: 1 sources, 1 countries, 2 bands, 1 factor groups\n")
    assert result.stderr == ""


def test_cli_validate_lists_every_problem_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    document = minimal_document()
    _band(document, 0).update(low=-1)
    _band(document, 1).update(high=0)
    document["countries"]["XA"]["factors"].update(city="city-zz")
    path = _write(tmp_path, document)
    result = runner.invoke(app, ["data", "validate", str(path)])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"mlsal: error: {path}:24: countries.XA.bands.0.low: "
        "Input should be greater than 0 (got -1)",
        f"mlsal: error: {path}:34: countries.XA.bands.1.high: "
        "Input should be greater than 0 (got 0)",
    ]
    # with the bands fixed, the reference check runs and reports its own problem
    _band(document, 0).update(low=100000)
    _band(document, 1).update(high=400000)
    path = _write(tmp_path, document)
    result = runner.invoke(app, ["data", "validate", str(path)])
    assert result.stderr.splitlines() == [
        f"mlsal: error: {path}:17: countries.XA.factors.city: factor group 'city-zz' is missing",
    ]


def test_cli_validate_uses_data_option_and_environment(runner: CliRunner, tmp_path: Path) -> None:
    good = _write(tmp_path, minimal_document(), "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: !!python/object/apply:os.system [ls]\n", encoding="utf-8")
    refused = (
        f"mlsal: error: {bad}:1: tag '!!python/object/apply:os.system' asks to build a "
        "Python object; refused (plain data only)\n"
    )
    result = runner.invoke(app, ["data", "validate", "--data", str(bad)])
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", refused)
    result = runner.invoke(app, ["data", "validate"], env={"MLSAL_DATA": str(bad)})
    assert (result.exit_code, result.stderr) == (3, refused)
    # an explicit PATH wins over both
    result = runner.invoke(
        app, ["data", "validate", str(good), "--data", str(bad)], env={"MLSAL_DATA": str(bad)}
    )
    assert result.exit_code == 0


def test_cli_validate_bundled_file(runner: CliRunner) -> None:
    result = runner.invoke(app, ["data", "validate"], env={"MLSAL_DATA": ""})
    assert result.exit_code == 0
    assert result.stdout.startswith("bundled data/bands.yaml: valid: ")


def test_cli_validate_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "absent.yaml"
    result = runner.invoke(app, ["data", "validate", str(missing)])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"mlsal: error: {missing}: no such file or folder\n"


def test_cli_info_json_warns_on_old_data(runner: CliRunner, tmp_path: Path) -> None:
    document = minimal_document()
    document["updated"] = dt.date(2001, 1, 1)
    document["sources"]["s"]["date"] = dt.date(2000, 6, 30)
    path = _write(tmp_path, document)
    result = runner.invoke(app, ["data", "info", "--data", str(path), "--format", "json"])
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2
    assert warnings[0].startswith("mlsal: warning: the file's 'updated' is dated 2001-01-01, ")
    assert warnings[1].startswith("mlsal: warning: source 's' is dated 2000-06-30, ")
    assert all(w.endswith("months ago (older than 18 months)") for w in warnings)
    payload = json.loads(result.stdout)
    assert payload["kind"] == "data-info"
    assert payload["file"] == str(path)
    assert payload["warnings"] == [w.removeprefix("mlsal: warning: ") for w in warnings]
    assert payload["data"]["countries"]["XA"]["bands"][1]["high"] == 400000
    assert payload["data"]["factor_groups"]["city-xa"]["factors"][0]["multiplier"] == 1.2


def test_cli_info_no_warning_for_recent_data(runner: CliRunner, tmp_path: Path) -> None:
    document = minimal_document()
    document["updated"] = dt.date(2999, 1, 1)  # not older than 18 months, whatever today is
    document["sources"]["s"]["date"] = dt.date(2999, 1, 1)
    path = _write(tmp_path, document)
    result = runner.invoke(app, ["data", "info", "--format", "csv"], env={"MLSAL_DATA": str(path)})
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "country,currency,band,years_from,years_to,reference_years,low,mid,high,source",
        "XA,INR,junior,0,5,2,100000,150000,200000,s",
        "XA,INR,senior,5,,8,200000,300000,400000,s",
    ]


def test_cli_info_table(runner: CliRunner, tmp_path: Path) -> None:
    document = minimal_document()
    document["updated"] = dt.date(2999, 1, 1)
    document["sources"]["s"]["date"] = dt.date(2999, 1, 1)
    path = _write(tmp_path, document)
    result = runner.invoke(app, ["data", "info", "--data", str(path), "--units", "full"])
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert any(
        line.split() == ["s", "│", "2999-01-01", "│", "│", "Test", "source"] for line in lines
    )
    assert any("Junior" in line and "₹1,00,000" in line and "₹2,00,000" in line for line in lines)
    assert any(line.startswith("XA factors (city from city-xa") for line in lines)
    assert any(line.split()[:4] == ["city:", "hub", "│", "1.20"] for line in lines)


def test_cli_info_refuses_a_broken_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bands.yaml"
    path.write_bytes(b"\x00\x01")
    result = runner.invoke(app, ["data", "info", "--data", str(path)])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"mlsal: error: {path}: binary data (a NUL byte at offset 0)\n"


def test_control_characters_in_keys_stay_on_one_line(runner: CliRunner, tmp_path: Path) -> None:
    """Found by the fuzz test: a key holding a carriage return split the error line."""
    document = minimal_document()
    document["\r"] = None
    path = _write(tmp_path, document)
    result = runner.invoke(app, ["data", "validate", str(path)])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"mlsal: error: {path}:56: \\r: Extra inputs are not permitted"
    ]


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        (
            {"exchange": [{"base": "USD", "quote": "INR", "rate": 1e300,
                           "date": dt.date(2025, 1, 1), "source": "s"}]},
            "rates.exchange.0.rate: Input should be less than or equal to 10000000 (got 1e+300)",
        ),
        (
            {"ppp": {"XA": {"factor": 1e-300, "year": 2024, "measure": "m", "source": "s"}}},
            "rates.ppp.XA.factor: Input should be greater than or equal to 0.001 (got 1e-300)",
        ),
    ],
)  # fmt: skip
def test_rates_outside_a_printable_range_are_refused(rates: dict[str, Any], expected: str) -> None:
    """A rate of 1e300 passed and then crashed the money formatter in `mlsal compare`."""
    document = minimal_document()
    document["rates"] = rates
    [problem] = _problems(document)
    assert problem.split(": ", 1)[1] == expected


def test_every_band_problem_of_a_country_is_reported() -> None:
    document = minimal_document()
    _band(document, 0).update(years_from=1)
    _band(document, 1).update(years_from=6, low=50000, key="junior", years_to=50)
    document["countries"]["XA"]["factors"].update(colour="city-xa")
    assert _problems(document) == [
        "f.yaml:22: countries.XA.bands.0.years_from: the first band must start at 0 years",
        "f.yaml:31: countries.XA.bands.1.years_from: "
        "bands 'junior' and 'junior' leave a gap or overlap in years",
        "f.yaml:34: countries.XA.bands.1.low: "
        "band 'junior' low is below band 'junior': pay must not fall as years rise",
        "f.yaml:32: countries.XA.bands.1.years_to: "
        "the last band 'junior' must be open-ended (years_to: null)",
        "f.yaml:29: countries.XA.bands.1.key: band key 'junior' is used twice",
        "f.yaml:18: countries.XA.factors.colour: unknown factor dimension 'colour'",
    ]


def test_cli_info_shows_a_large_factor_group_as_one_row(runner: CliRunner, tmp_path: Path) -> None:
    """More than LISTED_MAX choices (the 581 US areas) are one row, with their range."""
    from mlsal.render.data import LISTED_MAX

    document = minimal_document()
    template = _factor(document, 0)
    document["factor_groups"]["city-xa"]["factors"] = [
        {
            **template,
            "key": f"town-{i}",
            "label": f"Town {i}",
            "multiplier": 0.5 + i / 100,
            "aliases": [],
        }
        for i in range(LISTED_MAX + 1)
    ]
    path = _write(tmp_path, document)
    result = runner.invoke(app, ["data", "info", "--data", str(path)], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    row = next(line for line in lines if line.startswith(" city: "))
    assert [cell.strip() for cell in row.split("│")[:2]] == [
        f"city: {LISTED_MAX + 1} choices",
        "0.50-0.74",
    ]
    assert not any("town-3" in line for line in lines)
    assert lines[-1] == (
        f"A group of more than {LISTED_MAX} choices is one row; `mlsal data info --format "
        "json` lists every choice."
    )
