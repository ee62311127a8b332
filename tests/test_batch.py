"""Batch estimates: rows equal single estimates, rejected rows are counted, the CLI streams."""

from __future__ import annotations

import csv
import io
import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlsal.bands.models import BandsFile
from mlsal.cli import app
from mlsal.errors import InputError
from mlsal.pay import batch
from mlsal.pay.batch import BatchCounts, PricedRow, RejectedRow, estimate_rows, read_records
from mlsal.pay.estimate import ROUND_TO, Profile, estimate_salary, round_half_up
from mlsal.render import SCHEMA_VERSION
from mlsal.render.batch import BATCH_HEADER, batch_record, write_batch_csv, write_batch_jsonl

HEADER = ["country", "years", "city", "skill", "education", "employer"]

PROFILES: list[list[str]] = [
    ["IN", "5", "Bengaluru", "nlp", "", ""],
    ["india", "0", "", "", "", ""],
    ["IN", "3.7", "hyd", "cv", "ms", "big tech"],
    ["IN", "12", "smaller-city", "general", "phd", "it-services"],
    ["IN", "60", "", "genai", "", "product"],
    ["US", "2", "", "", "", ""],
    ["usa", "7.25", "sf", "llm", "", "faang"],
    ["US", "25", "rest-of-us", "mlops", "", ""],
]


def _single(bands: BandsFile, fields: list[str]) -> dict[str, object]:
    """What ``estimate_salary`` gives for the same profile, as a batch record."""
    country, years, *factors = fields
    named = dict(zip(HEADER[2:], factors, strict=True))
    est = estimate_salary(
        bands,
        Profile(country=country, years=float(years), **{k: v for k, v in named.items() if v}),
    )
    keys = {f.dimension: f.key for f in est.factors}
    return {
        "row": 1,
        "country": est.country,
        "currency": est.currency,
        "years": est.years,
        "level": est.level,
        "low": est.low,
        "mid": est.mid,
        "high": est.high,
        "multiplier": est.multiplier,
        "skill": keys.get("skill"),
        "education": keys.get("education"),
        "city": keys.get("city"),
        "employer": keys.get("employer"),
        "role": keys.get("role"),
        "offer": None,
    }


def _run(
    bands: BandsFile, rows: list[list[str]]
) -> tuple[list[PricedRow | RejectedRow], BatchCounts]:
    counts = BatchCounts()
    return list(estimate_rows(bands, rows, counts)), counts


@pytest.mark.parametrize("fields", PROFILES, ids=[",".join(p) for p in PROFILES])
def test_a_batch_row_equals_the_single_estimate(bands: BandsFile, fields: list[str]) -> None:
    (result,), _ = _run(bands, [HEADER, fields])
    assert isinstance(result, PricedRow)
    assert batch_record(result) == _single(bands, fields)


@settings(max_examples=150, deadline=None)
@given(
    index=st.integers(0, len(PROFILES) - 1),
    years=st.floats(min_value=0, max_value=60, allow_nan=False),
)
def test_rows_equal_single_estimates_at_any_years(
    bands: BandsFile, index: int, years: float
) -> None:
    typed = format(Decimal(repr(years)), "f")  # as people type years: no exponent
    fields = [PROFILES[index][0], typed, *PROFILES[index][2:]]
    (result,), _ = _run(bands, [HEADER, fields])
    assert isinstance(result, PricedRow)
    assert batch_record(result) == _single(bands, fields)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.integers(1, 10**9).map(lambda k: k * 500.0),  # exact halves of ROUND_TO
        st.floats(min_value=1, max_value=1e10, allow_nan=False),
    )
)
def test_the_inlined_rounding_is_still_estimate_round(amount: float) -> None:
    """batch.estimate_rows inlines round_half_up's formula; this fails first if it changes."""
    assert round_half_up(amount) == math.floor(amount / ROUND_TO + 0.5) * ROUND_TO


def test_results_stay_identical_when_the_caches_overflow(
    bands: BandsFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [HEADER, *(PROFILES * 3)]
    expected, _ = _run(bands, rows)
    monkeypatch.setattr(batch, "CACHE_LIMIT", 2)
    again, _ = _run(bands, rows)
    assert [batch_record(r) for r in again if isinstance(r, PricedRow)] == [
        batch_record(r) for r in expected if isinstance(r, PricedRow)
    ]
    assert [r.row for r in again] == list(range(1, len(rows)))


def test_rejected_rows_carry_their_number_and_reason(bands: BandsFile) -> None:
    rows = [
        HEADER,
        ["IN", "5", "", "", "", ""],
        ["XX", "5", "", "", "", ""],
        ["IN", "abc", "", "", "", ""],
        ["IN", "61", "", "", "", ""],
        ["US", "3", "Bengaluru", "", "", ""],
        ["IN", "5"],
        ["", "5", "", "", "", ""],
        ["IN", "", "", "", "", ""],
        ["US", "4", "", "", "", ""],
    ]
    results, counts = _run(bands, rows)
    rejected = [(r.row, r.reason) for r in results if isinstance(r, RejectedRow)]
    assert rejected == [
        (2, "unknown country 'XX'; valid: IN, US"),
        (3, "years must be a number from 0 to 60, not 'abc'"),
        (4, "years must be a number from 0 to 60, not 61"),
        (5, rejected[3][1]),
        (6, "expected 6 fields, found 2"),
        (7, "country is empty"),
        (8, "years is empty"),
    ]
    assert rejected[3][1].startswith("unknown city 'Bengaluru'")
    assert [r.row for r in results if isinstance(r, PricedRow)] == [1, 9]
    assert (counts.read, counts.priced, counts.rejected) == (9, 2, 7)


def _read_text(bands: BandsFile, text: str) -> tuple[list[PricedRow | RejectedRow], BatchCounts]:
    counts = BatchCounts()
    records = read_records(io.StringIO(text, newline=""), name="profiles.csv")
    return list(estimate_rows(bands, records, counts)), counts


def test_blank_lines_are_not_rows_and_rows_keep_their_numbers(bands: BandsFile) -> None:
    text = "\n \ncountry,years\nIN,5\n\n\t\nXX,1\r\n   \nUS,2\n\n"
    results, counts = _read_text(bands, text)
    assert [(type(r).__name__, r.row) for r in results] == [
        ("PricedRow", 1),
        ("RejectedRow", 2),
        ("PricedRow", 3),
    ]
    assert (counts.read, counts.priced, counts.rejected) == (3, 2, 1)


def test_a_row_of_empty_cells_is_a_row(bands: BandsFile) -> None:
    """Only blank and whitespace-only lines are skipped: ``,`` holds two empty cells."""
    results, counts = _read_text(bands, "country,years\n,\n")
    assert results == [RejectedRow(1, "years is empty")]
    assert (counts.read, counts.rejected) == (1, 1)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('country,years\nIN,5\nUS,"2\nIN,3\nUS,4\n', 3),  # swallows the lines after it
        ('country,years\nIN,"5\n', 2),  # the last line
        ('country,years\nIN,"5', 2),  # the last line, no line break
        ('"country,years\nIN,5\n', 1),  # the header
        ('country,years\nIN,"5\n6"\nUS,2\n', 2),  # closed on the next line: two lines
        ('\n\ncountry,years\n\nIN,5\n  \nUS,"2\nIN,3\n', 7),  # after blank lines
        ('country,years\r\nIN,5\r\nUS,"2\r\nIN,3\r\n', 3),  # CRLF
        ('country,years\rIN,5\rUS,"2\rIN,3\r', 3),  # CR alone ends a line too
    ],
)
def test_a_broken_quote_names_the_line_it_starts_on(bands: BandsFile, text: str, line: int) -> None:
    with pytest.raises(InputError) as caught:
        _read_text(bands, text)
    assert (
        str(caught.value)
        == f"profiles.csv: line {line}: a quoted field is not closed (stray '\"'?)"
    )


def test_a_broken_quote_deep_in_a_large_input_names_its_line(bands: BandsFile) -> None:
    """120,000 lines; the stray quote swallows more than csv's field limit (131,072 characters)
    after it, and the message still names the line it is on."""
    lines = ["country,years,city"] + ["IN,5,Bengaluru"] * 119_999
    lines[100_000] = 'IN,5,"Bengaluru'
    lines[50_000:50_000] = ["", "   "]  # blank lines count as lines, not as rows
    counts = BatchCounts()
    records = read_records(io.StringIO("\n".join(lines) + "\n", newline=""), name="big.csv")
    results = estimate_rows(bands, records, counts)
    with pytest.raises(InputError) as caught:
        for _ in results:
            pass
    assert str(caught.value) == "big.csv: line 100003: a quoted field is not closed (stray '\"'?)"
    assert (counts.read, counts.rejected) == (99_999, 0)  # the rows before it


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["IN", "US", "india", "XX", ""]),
            st.sampled_from(["0", "5", "12.5", "-1", "61", "x", "", "nan"]),
            st.sampled_from(["", "Bengaluru", "sf", "nowhere"]),
            st.integers(0, 2),
        ),
        max_size=30,
    )
)
def test_rows_in_equal_rows_out_plus_rows_rejected(
    bands: BandsFile, cases: list[tuple[str, str, str, int]]
) -> None:
    rows = [["country", "years", "city"]]
    rows += [[c, y, city, *(["extra"] * extra)][: 3 + extra] for c, y, city, extra in cases]
    results, counts = _run(bands, rows)
    assert counts.read == len(cases) == len(results)
    assert counts.read == counts.priced + counts.rejected
    assert counts.priced == sum(isinstance(r, PricedRow) for r in results)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["country"], "the input has no 'years' column"),
        (["country", "years", "salary"], "unknown column 'salary' in the input header; "
         "columns: country, years, skill, education, city, employer, role, offer"),
        (["country", "years", "Country"], "column 'country' appears twice in the input header"),
    ],
)  # fmt: skip
def test_a_bad_header_stops_before_any_row(
    bands: BandsFile, header: list[str], message: str
) -> None:
    with pytest.raises(InputError) as caught:
        _run(bands, [header, ["IN", "5", "x"]])
    assert str(caught.value) == message


def test_an_empty_input_is_an_error(bands: BandsFile) -> None:
    with pytest.raises(InputError, match="the input is empty"):
        _run(bands, [])


def test_headers_are_matched_in_any_case_and_order(bands: BandsFile) -> None:
    (result,), _ = _run(bands, [[" Years", "CITY", "Country "], ["5", "Bangalore", "IN"]])
    assert isinstance(result, PricedRow)
    assert (result.profile.country, result.point.years, result.profile.city) == (
        "IN",
        5.0,
        "bengaluru",
    )


def test_offers_are_read_in_the_row_currency(bands: BandsFile) -> None:
    rows = [
        ["country", "years", "offer"],
        ["IN", "5", "32L"],
        ["US", "2", "$185k"],
        ["US", "2", ""],
    ]
    rows.append(["US", "2", "32L"])
    results, counts = _run(bands, rows)
    offers = [r.offer for r in results if isinstance(r, PricedRow)]
    assert offers == [3_200_000, 185_000, None]
    assert isinstance(results[3], RejectedRow)
    assert results[3].reason.startswith("offer '32L' is in INR but this estimate is in USD")
    assert counts.rejected == 1


def test_csv_and_json_lines_hold_the_batch_record(bands: BandsFile) -> None:
    rows = [["country", "years", "city", "skill", "offer"]]
    rows += [[c, y, city, "nlp", offer] for c, y, city, offer in [
        ("IN", "5", "Bengaluru", "32 lakh"), ("US", "7.25", "", ""), ("US", "0", "sf", "185000"),
    ] * 2]  # fmt: skip
    records = [batch_record(r) for r in _run(bands, rows)[0] if isinstance(r, PricedRow)]
    assert len(records) == 6

    def rejected(row: RejectedRow) -> None:
        raise AssertionError(row)

    as_json, as_csv = io.StringIO(), io.StringIO()
    write_batch_jsonl(estimate_rows(bands, rows), as_json, rejected)
    write_batch_csv(estimate_rows(bands, rows), as_csv, rejected)
    lines = as_json.getvalue().splitlines()
    compact = (",", ":")  # JSON Lines without spaces
    assert lines == [
        json.dumps({"schema_version": SCHEMA_VERSION, **record}, separators=compact)
        for record in records
    ]
    table = list(csv.reader(io.StringIO(as_csv.getvalue())))
    assert tuple(table[0]) == BATCH_HEADER
    expected = [
        [
            str(record["row"]), str(record["country"]), str(record["currency"]),
            f"{record['years']:g}", str(record["level"]), str(record["low"]),
            str(record["mid"]), str(record["high"]), f"{record['multiplier']:.4f}",
            *(str(record[k] or "") for k in ("skill", "education", "city", "employer", "role")),
            "" if record["offer"] is None else str(record["offer"]),
        ]
        for record in records
    ]  # fmt: skip
    assert table[1:] == expected


# --- the command line -------------------------------------------------------------------

CSV_IN = "country,years,city,skill\nIN,5,Bengaluru,nlp\nXX,3,,\nUS,2,,\nIN,abc,,\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profiles.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_streams_csv_and_reports_rejected_rows(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, CSV_IN)
    result = runner.invoke(app, ["batch", str(path)])
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        "mlsal: error: row 2: unknown country 'XX'; valid: IN, US",
        "mlsal: error: row 4: years must be a number from 0 to 60, not 'abc'",
        "mlsal: error: 2 of 4 rows rejected, 2 estimated",
    ]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["row"] for r in rows] == ["1", "3"]
    assert (rows[0]["country"], rows[0]["city"], rows[0]["skill"]) == ("IN", "bengaluru", "nlp")
    assert (rows[1]["low"], rows[1]["mid"], rows[1]["high"]) == ("100000", "140000", "180000")


def test_cli_json_lines_match_the_single_estimate(
    runner: CliRunner, tmp_path: Path, bands: BandsFile
) -> None:
    path = _write(tmp_path, "country,years,city,skill\nIN,5,Bengaluru,nlp\nUS,7.5,sf,\n")
    result = runner.invoke(app, ["batch", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    records = [json.loads(line) for line in result.stdout.splitlines()]
    for record, (country, years, city, skill) in zip(
        records, [("IN", 5.0, "Bengaluru", "nlp"), ("US", 7.5, "sf", None)], strict=True
    ):
        single = runner.invoke(
            app,
            ["estimate", "-c", country, "-y", str(years), "--city", city, "-f", "json"]
            + (["--skill", skill] if skill else []),
        )
        doc = json.loads(single.stdout)
        for key in ("country", "currency", "years", "level", "low", "mid", "high", "multiplier"):
            assert record[key] == doc[key], key


def test_cli_reads_stdin_and_all_rows_good_exits_zero(runner: CliRunner) -> None:
    result = runner.invoke(app, ["batch", "-"], input="country,years\nUS,2\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "row,country,currency,years,level,low,mid,high,multiplier,skill,education,city,"
        "employer,role,offer",
        "1,US,USD,2,entry,100000,140000,180000,1.0000,,,,,,",
    ]


def test_cli_writes_output_atomically_and_keeps_existing_files(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = _write(tmp_path, "country,years\nUS,2\n")
    target = tmp_path / "out.csv"
    first = runner.invoke(app, ["batch", str(source), "-o", str(target)])
    assert first.exit_code == 0, first.stderr
    assert first.stdout == ""
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("1,US,USD,2,entry")
    again = runner.invoke(app, ["batch", str(source), "-o", str(target), "-f", "json"])
    assert again.exit_code == 2
    assert again.stderr == f"mlsal: error: {target} exists; pass --force to replace it\n"
    forced = runner.invoke(app, ["batch", str(source), "-o", str(target), "-f", "json", "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["row"] == 1


def test_cli_missing_input_file_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    result = runner.invoke(app, ["batch", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"mlsal: error: {missing}: no such file or folder\n"


def test_cli_reads_a_byte_order_mark_and_any_header_case(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffCountry,YEARS\r\nIN,5\r\n".encode())
    result = runner.invoke(app, ["batch", str(path), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["country"] == "IN"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the input is empty; it needs a header row: country,years,..."),
        ("\n  \n", "the input is empty; it needs a header row: country,years,..."),
        ("country,yrs\nIN,5\n", "unknown column 'yrs' in the input header; columns: country, "
         "years, skill, education, city, employer, role, offer"),
        ("country,years\nIN,5\nUS,\"2\nIN,3\n",
         "{path}: line 3: a quoted field is not closed (stray '\"'?)"),
        ("country,years\nIN,\"5\"x\n", "{path}: line 2: text after a closing quote (stray '\"'?)"),
    ],
)  # fmt: skip
def test_cli_whole_input_problems_exit_2_without_output(
    runner: CliRunner, tmp_path: Path, text: str, message: str
) -> None:
    source = _write(tmp_path, text)
    target = tmp_path / "out.csv"
    result = runner.invoke(app, ["batch", str(source), "-o", str(target)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"mlsal: error: {message.format(path=source)}\n",
    )
    assert not target.exists()


def test_cli_names_stdin_in_input_errors(runner: CliRunner) -> None:
    result = runner.invoke(app, ["batch", "-"], input='country,years\n\nIN,5\nUS,"2\n')
    assert result.exit_code == 2
    assert (
        result.stderr == "mlsal: error: stdin: line 4: a quoted field is not closed (stray '\"'?)\n"
    )


def test_cli_batch_uses_the_data_option(runner: CliRunner, tmp_path: Path) -> None:
    source = _write(tmp_path, "country,years\nUS,2\n")
    missing = tmp_path / "bands.yaml"
    result = runner.invoke(app, ["batch", str(source), "--data", str(missing)])
    assert result.exit_code == 3
    assert result.stderr == f"mlsal: error: {missing}: no such file or folder\n"
