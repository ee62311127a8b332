"""Calibration: percentiles, left-out bands, a valid bands file, and the estimate built on it."""

from __future__ import annotations

import datetime as dt
import io
import json
import statistics
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from bandsdoc import dump, minimal_document
from mlsal.bands.loader import load_bands, parse_bands
from mlsal.bands.models import BandsFile, SalaryBand
from mlsal.bands.schema import validated
from mlsal.cli import app
from mlsal.errors import DataFileError, InputError
from mlsal.pay.estimate import Profile, confidence, estimate_salary
from mlsal.records.calibrate import (
    CalibrationRefused,
    InvalidCalibration,
    NothingToWrite,
    calibrate_records,
)
from mlsal.records.readers import (
    AI_JOBS_COLUMNS,
    SALARY_MAX,
    SALARY_MIN,
    RecordFilter,
    RecordReader,
)
from mlsal.records.statistics import quantiles

TODAY = dt.date(2025, 6, 30)


def write_survey(path: Path, groups: dict[tuple[str, str, int], list[int]]) -> Path:
    """An ai-jobs CSV: for each (country, level, year), one FT MLE row per salary (USD)."""
    lines = [",".join(AI_JOBS_COLUMNS)]
    for (country, level, year), salaries in groups.items():
        for salary in salaries:
            lines.append(
                f"{year},{level},FT,Machine Learning Engineer,{salary},USD,{salary},"
                f"{country},0,{country},L"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


#: 101 salaries 100,000 to 200,000 step 1,000: p10 110,000 ... p90 190,000 exactly.
STEPS = list(range(100_000, 200_001, 1_000))


def survey(tmp_path: Path) -> Path:
    return write_survey(
        tmp_path / "survey.csv",
        {
            ("US", "EN", 2022): list(range(80_000, 100_000, 1_000)),  # 20 records: left out
            ("US", "MI", 2023): STEPS,
            ("US", "SE", 2023): [s + 100_000 for s in STEPS[:40]],
            ("US", "EX", 2021): [400_000] * 5,  # left out
            ("GB", "SE", 2023): [90_000] * 40,  # country not in the bundled file
        },
    )


def calibrate(path: Path, bands: BandsFile, **filters: object) -> object:
    reader = RecordReader(path, record_filter=RecordFilter(**filters))  # type: ignore[arg-type]
    return calibrate_records(reader, base=bands, updated=TODAY)


@given(st.lists(st.integers(min_value=1, max_value=60), min_size=2, max_size=60))
def test_quantiles_match_the_statistics_module(values: list[int]) -> None:
    cuts = statistics.quantiles(values, n=20, method="inclusive")
    got = quantiles(Counter(values), (0.10, 0.25, 0.50, 0.75, 0.90))
    assert got == pytest.approx([cuts[1], cuts[4], cuts[9], cuts[14], cuts[17]])


def test_calibrated_file_holds_percentile_bands_and_leaves_small_ones_out(
    tmp_path: Path, bands: BandsFile
) -> None:
    result = calibrate(survey(tmp_path), bands)
    calibrated = parse_bands(result.yaml_text.encode(), "out")  # type: ignore[attr-defined]
    assert list(calibrated.countries) == ["US"]
    us = calibrated.countries["US"]
    assert [(b.key, b.years_from, b.years_to) for b in us.bands] == [
        ("mid", 0, 5),
        ("senior", 5, None),
    ]
    mid = us.bands[0]
    assert mid.percentiles == (110_000, 125_000, 150_000, 175_000, 190_000)
    assert (mid.low, mid.mid, mid.high, mid.n) == (125_000, 150_000, 175_000, 101)
    assert (mid.records_from, mid.records_to) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert us.factors == {}
    kept = [(b.level, b.n, b.kept) for b in result.bands]  # type: ignore[attr-defined]
    assert kept == [("entry", 20, False), ("mid", 101, True), ("senior", 40, True),
                    ("executive", 5, False)]  # fmt: skip
    skipped = [(s.country, s.reason, s.n) for s in result.skipped]  # type: ignore[attr-defined]
    assert skipped == [("GB", "country not in the base bands file", 40)]


def test_estimate_uses_the_calibrated_file_and_rates_its_confidence(
    tmp_path: Path, bands: BandsFile
) -> None:
    result = calibrate(survey(tmp_path), bands)
    calibrated = parse_bands(result.yaml_text.encode(), "out")  # type: ignore[attr-defined]
    est = estimate_salary(calibrated, Profile(country="US", years=3.5), today=TODAY)
    assert (est.low, est.mid, est.high) == (125_000, 150_000, 175_000)
    assert est.band_n == 101
    assert est.band_percentiles is not None
    assert est.band_percentiles.p90 == 190_000
    assert (est.confidence, est.confidence_reason) == (
        "high",
        "101 records, the newest 1.5 years old",
    )
    with pytest.raises(InputError) as error:
        estimate_salary(calibrated, Profile(country="US", years=3.5, city="sf"), today=TODAY)
    assert str(error.value) == "US has no city factors in this data file"


def test_min_n_below_every_band_is_an_error(tmp_path: Path, bands: BandsFile) -> None:
    path = write_survey(tmp_path / "s.csv", {("US", "MI", 2023): [100_000] * 3})
    reader = RecordReader(path)
    with pytest.raises(InputError) as error:
        calibrate_records(reader, base=bands, updated=TODAY)
    assert str(error.value) == (
        "no band has 30 or more records (all records); nothing to write (see --min-n)"
    )


def test_pay_falling_with_level_fails_validation_before_writing(
    tmp_path: Path, bands: BandsFile
) -> None:
    path = write_survey(
        tmp_path / "s.csv",
        {("US", "MI", 2023): [200_000] * 30, ("US", "SE", 2023): [100_000] * 30},
    )
    with pytest.raises(DataFileError) as error:
        calibrate_records(RecordReader(path), base=bands, updated=TODAY)
    # The loader owns the wording of its messages; calibrate names its output and the cause.
    message = str(error.value)
    assert message.startswith("calibrated bands:")
    assert "band 'senior' low is below band 'mid': pay must not fall as years rise" in message


@pytest.mark.parametrize(
    ("n", "newest", "label"),
    [
        (None, None, "unrated"),
        (100, dt.date(2023, 7, 1), "high"),
        (99, dt.date(2023, 7, 1), "medium"),
        (100, dt.date(2021, 1, 1), "low"),
        (30, dt.date(2021, 7, 1), "medium"),
        (29, dt.date(2025, 1, 1), "low"),
        (500, None, "low"),
    ],
)
def test_confidence_rule(n: int | None, newest: dt.date | None, label: str) -> None:
    assert confidence(n, newest, TODAY)[0] == label


def band(**fields: object) -> SalaryBand:
    base: dict[str, object] = {
        "key": "mid", "label": "Mid", "years_from": 0, "reference_years": 1,
        "meaning": "m", "source": "s",
    }  # fmt: skip
    return validated(SalaryBand, {**base, **fields})


def test_percentiles_fill_the_range_or_sit_beside_one() -> None:
    only = band(p10=1, p25=2, p50=3, p75=4, p90=5, n=40)
    assert (only.low, only.mid, only.high) == (2, 3, 4)
    beside = band(low=1, high=9, p10=1, p25=2, p50=3, p75=4, p90=5)
    assert (beside.low, beside.typical, beside.high) == (1, 3, 9)  # mid defaults to p50


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"p10": 1, "p25": 2, "low": 1, "high": 2}, "give all of p10, p25, p50, p75, p90 or none"),
        ({"p10": 5, "p25": 2, "p50": 3, "p75": 4, "p90": 6}, "must not fall from p10 to p90"),
        (
            {
                "low": 1,
                "high": 2,
                "records_from": dt.date(2024, 1, 1),
                "records_to": dt.date(2023, 1, 1),
            },
            "records_from is after records_to",
        ),
    ],
)
def test_bad_percentiles_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        band(**fields)


def test_cli_calibrate_writes_reports_and_the_estimate_reads_it(
    tmp_path: Path, runner: CliRunner
) -> None:
    records = survey(tmp_path)
    with records.open("a", encoding="utf-8") as stream:
        stream.write("2023,SE,FT,Machine Learning Engineer,oops,USD,1,US,0,US,L\n")
    out = tmp_path / "bands.yaml"
    argv = ["calibrate", str(records), "--output", str(out), "--country", "us", "-f", "json"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "mlsal: 1 bad row skipped (line 208: salary 'oops' is not a number)",
        "mlsal: left out US Entry (EN, 0-2 y): 20 records, fewer than --min-n 30",
        "mlsal: left out US Executive (EX, 10+ y): 5 records, fewer than --min-n 30",
        f"mlsal: wrote {out}",
    ]
    doc = json.loads(result.stdout)
    assert (doc["kind"], doc["used"], doc["bad"], doc["filtered"]) == ("calibration", 166, 1, 40)
    assert doc["bad_examples"] == [{"row": 208, "reason": "salary 'oops' is not a number"}]
    estimate = runner.invoke(
        app, ["estimate", "--data", str(out), "-c", "US", "-y", "8", "-f", "json"]
    )
    assert estimate.exit_code == 0, estimate.stderr
    est = json.loads(estimate.stdout)
    assert (est["band_n"], est["level"]) == (40, "senior")
    again = runner.invoke(app, argv)
    assert again.exit_code == 2
    assert again.stderr == f"mlsal: error: {out} exists; pass --force to replace it\n"
    forced = runner.invoke(app, [*argv, "--force", "--min-n", "100"])
    assert forced.exit_code == 0, forced.stderr
    assert [b.key for b in parse_bands(out.read_bytes(), "x").countries["US"].bands] == ["mid"]


def test_cli_calibrate_rejects_an_unknown_country(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "bands.yaml"
    argv = ["calibrate", str(survey(tmp_path)), "-o", str(out), "--country", "GB"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 2
    assert result.stderr == (
        "mlsal: error: --country GB: not in the base bands file (valid: IN, US)\n"
    )
    assert not out.exists()


def test_the_table_marks_left_out_bands(tmp_path: Path, bands: BandsFile) -> None:
    from rich.console import Console

    from mlsal.render import Units, print_renderables
    from mlsal.render.records import calibration_renderables

    result = calibrate(survey(tmp_path), bands)
    buffer = io.StringIO()
    out = Console(file=buffer, width=100, color_system=None)
    print_renderables(calibration_renderables(result, Units.compact), out)  # type: ignore[arg-type]
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    assert (
        " US Entry (EN)     │ 0-2 y  │ 20* │         │         │         │         │         │ 2022"
        in lines
    )
    assert (
        " US Mid-level (MI) │ 2-5 y  │ 101 │   $110k │   $125k │   $150k │   $175k │   $190k │ 2023"
        in lines
    )
    summary = " ".join(lines[-3:])
    assert summary.endswith("0 filtered out, 0 bad. * Left out: fewer than --min-n 30 records.")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--min-n", "0"], "--min-n must be 1 or more, not 0"),
        (["--map", "pay"], "--map 'pay': expected COLUMN=FIELD"),
        (
            ["--title", "x", "-o", "{tmp}/absent/out.yaml"],
            "{tmp}/absent/out.yaml: no such folder for the output file ({tmp}/absent)",
        ),
    ],
)
def test_cli_calibrate_bad_options_are_one_line(
    tmp_path: Path, runner: CliRunner, extra: list[str], message: str
) -> None:
    argv = ["calibrate", str(survey(tmp_path))]
    if "-o" not in extra:  # one --output only: a repeated one is refused on its own
        argv += ["-o", str(tmp_path / "out.yaml")]
    result = runner.invoke(app, [*argv, *(e.format(tmp=tmp_path) for e in extra)])
    assert result.exit_code == 2
    assert result.stderr == f"mlsal: error: {message.format(tmp=tmp_path)}\n"
    assert not (tmp_path / "out.yaml").exists()


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(50_000, 100_000), min_size=30, max_size=60),
    st.lists(st.integers(100_000, 150_000), min_size=0, max_size=60),
    st.lists(st.integers(150_000, 300_000), min_size=30, max_size=60),
    st.floats(0, 60),
)
def test_any_calibrated_file_validates_and_estimates_stay_ordered(
    entry: list[int], mid: list[int], senior: list[int], years: float
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = write_survey(
            Path(folder) / "s.csv",
            {("US", "EN", 2024): entry, ("US", "MI", 2024): mid, ("US", "SE", 2024): senior},
        )
        result = calibrate_records(RecordReader(path), base=load_bands(), updated=TODAY)
    calibrated = parse_bands(result.yaml_text.encode(), "out")
    kept = [b.key for b in calibrated.countries["US"].bands]
    assert kept == (["entry", "mid", "senior"] if len(mid) >= 30 else ["entry", "senior"])
    est = estimate_salary(calibrated, Profile(country="US", years=years), today=TODAY)
    assert est.low <= est.mid <= est.high
    assert est.band_n in (len(entry), len(mid), len(senior))


def test_cli_calibrate_takes_its_countries_from_the_data_in_use(
    tmp_path: Path, runner: CliRunner
) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(dump(minimal_document()), encoding="utf-8")
    out = tmp_path / "bands.yaml"
    argv = ["calibrate", str(survey(tmp_path)), "-o", str(out), "--country", "US"]
    result = runner.invoke(app, [*argv, "--data", str(base)])
    assert result.exit_code == 2
    assert result.stderr == "mlsal: error: --country US: not in the base bands file (valid: XA)\n"
    from_env = runner.invoke(app, argv, env={"MLSAL_DATA": str(base)})
    assert (from_env.exit_code, from_env.stderr) == (result.exit_code, result.stderr)
    assert not out.exists()


# --- quantiles of hostile counts ----------------------------------------------------------


def test_quantiles_ignore_values_counted_zero_or_fewer_times() -> None:
    counts = Counter({100: 1, 5: 0, 200: 1, 10**9: -3})
    assert quantiles(counts, (0.0, 0.5, 1.0)) == [100, 150, 200]


@pytest.mark.parametrize("counts", [Counter(), Counter({7: 0}), Counter({7: -1})])
def test_quantiles_of_no_values_are_refused(counts: Counter[int]) -> None:
    with pytest.raises(ValueError, match="no values"):
        quantiles(counts, (0.5,))


@pytest.mark.parametrize("fraction", [-0.1, 1.5, float("nan")])
def test_a_quantile_outside_0_to_1_is_refused(fraction: float) -> None:
    with pytest.raises(ValueError, match="is not a fraction from 0 to 1"):
        quantiles(Counter({1: 2, 3: 1}), (fraction,))


@given(st.dictionaries(st.integers(-(10**12), 10**12), st.integers(-3, 50), min_size=1))
@example({0: 1})
@example({1: 0, 2: 5})
def test_quantiles_lie_between_the_least_and_the_largest_value(counts: dict[int, int]) -> None:
    present = [value for value, count in counts.items() if count > 0]
    if not present:
        with pytest.raises(ValueError):
            quantiles(counts, (0.5,))
        return
    cuts = quantiles(counts, (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0))
    assert cuts[0] == min(present) and cuts[-1] == max(present)
    assert cuts == sorted(cuts)


# --- refusals carry what was read; no band of zero pay ------------------------------------


def test_nothing_to_write_carries_the_bad_rows_and_the_bands_left_out(
    tmp_path: Path, bands: BandsFile
) -> None:
    path = write_survey(tmp_path / "s.csv", {("US", "MI", 2023): [100_000] * 3})
    with path.open("a", encoding="utf-8") as stream:
        stream.write("\n2023,MI,FT,MLE,oops,USD,1,US,0,US,L\n")
        stream.write("2023,MI,FT,MLE,0,USD,0,US,0,US,L\n")
        stream.write("2023,SE,FT,MLE,50000,GBP,60000,GB,0,GB,L\n")
    with pytest.raises(NothingToWrite) as caught:
        calibrate_records(RecordReader(path), base=bands, updated=TODAY)
    refused = caught.value
    assert isinstance(refused, InputError) and refused.exit_code == 2
    assert str(refused) == (
        "no band has 30 or more records (all records); nothing to write (see --min-n)"
    )
    summary = refused.summary
    assert (summary.rows, summary.used, summary.filtered, summary.bad) == (6, 3, 0, 2)
    assert summary.bad_examples == (
        (6, "salary 'oops' is not a number"),
        (7, "salary 0 is below 1,000 a year"),
    )
    assert [(s.country, s.reason, s.n) for s in summary.skipped] == [
        ("GB", "country not in the base bands file", 1)
    ]
    assert [(b.country, b.level, b.n, b.kept) for b in summary.bands] == [("US", "mid", 3, False)]


def test_an_invalid_calibration_carries_what_was_read(tmp_path: Path, bands: BandsFile) -> None:
    path = write_survey(
        tmp_path / "s.csv",
        {("US", "MI", 2023): [200_000] * 30, ("US", "SE", 2023): [100_000] * 30},
    )
    with path.open("a", encoding="utf-8") as stream:
        stream.write("2023,MI,FT,MLE,12,USD,12,US,0,US,L\n")
    with pytest.raises(InvalidCalibration) as caught:
        calibrate_records(RecordReader(path), base=bands, updated=TODAY)
    assert isinstance(caught.value, DataFileError) and caught.value.exit_code == 3
    assert isinstance(caught.value, CalibrationRefused)
    assert str(caught.value).startswith("calibrated bands:")
    assert (caught.value.summary.bad, caught.value.summary.used) == (1, 60)


@pytest.mark.parametrize("salary", [0, 1, 999, 10**10 + 1, 10**15])
def test_implausible_salaries_make_no_band(tmp_path: Path, bands: BandsFile, salary: int) -> None:
    path = write_survey(tmp_path / "s.csv", {("US", "MI", 2023): [salary] * 40})
    with pytest.raises(NothingToWrite) as caught:
        calibrate_records(RecordReader(path), base=bands, updated=TODAY)
    assert (caught.value.summary.bad, caught.value.summary.used) == (40, 0)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(SALARY_MIN, 400_000),
            st.sampled_from([0, 1, 999, SALARY_MAX + 1, 10**15, -5]),
        ),
        min_size=30,
        max_size=80,
    )
)
@example([SALARY_MIN] * 30)
@example([SALARY_MAX] * 30)
def test_every_calibrated_percentile_is_a_plausible_salary(salaries: list[int]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = write_survey(Path(folder) / "s.csv", {("US", "MI", 2024): salaries})
        try:
            result = calibrate_records(
                RecordReader(path), base=load_bands(), min_n=10, updated=TODAY
            )
        except NothingToWrite as refused:
            assert refused.summary.used < 10
            return
    sane = [s for s in salaries if SALARY_MIN <= s <= SALARY_MAX]
    assert result.used == len(sane) and result.bad == len(salaries) - len(sane)
    (band,) = parse_bands(result.yaml_text.encode(), "out").countries["US"].bands
    assert band.percentiles is not None
    assert all(min(sane) <= value <= max(sane) for value in band.percentiles)


def test_cli_calibrate_refusal_names_no_file_and_writes_none(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = write_survey(tmp_path / "s.csv", {("US", "MI", 2023): [100_000] * 3})
    out = tmp_path / "bands.yaml"
    result = runner.invoke(app, ["calibrate", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert str(out) not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "mlsal: error: no band has 30 or more records (all records); nothing to write (see --min-n)"
    )
    assert not out.exists()


def test_cli_calibrate_prints_the_read_notes_before_refusing(
    tmp_path: Path, runner: CliRunner
) -> None:
    path = write_survey(tmp_path / "s.csv", {("US", "MI", 2023): [100_000] * 3})
    with path.open("a", encoding="utf-8") as stream:
        stream.write("2023,MI,FT,MLE,oops,USD,1,US,0,US,L\n")
    out = tmp_path / "bands.yaml"
    result = runner.invoke(app, ["calibrate", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "mlsal: 1 bad row skipped (line 5: salary 'oops' is not a number)",
        "mlsal: left out US Mid-level (MI, 2-5 y): 3 records, fewer than --min-n 30",
        "mlsal: error: no band has 30 or more records (all records); nothing to write "
        "(see --min-n)",
    ]
