"""Reading salary records: both schemas, --map, filters, bad rows with row numbers, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mlsal.errors import InputError
from mlsal.records.readers import (
    AI_JOBS_COLUMNS,
    LEVELS,
    SALARY_MAX,
    SALARY_MIN,
    Record,
    RecordFilter,
    RecordReader,
    level_of,
    parse_mapping,
)


def ai_jobs_csv(path: Path, rows: list[tuple[object, ...]]) -> Path:
    """Write rows of (year, level, employment, title, salary, currency, usd, country)."""
    lines = [",".join(AI_JOBS_COLUMNS)]
    for year, level, kind, title, salary, currency, usd, country in rows:
        lines.append(
            f"{year},{level},{kind},{title},{salary},{currency},{usd},{country},100,{country},M"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROWS: list[tuple[object, ...]] = [
    (2023, "EN", "FT", "Machine Learning Engineer", 120000, "USD", 120000, "US"),
    (2022, "MI", "FT", "machine learning engineer", 150000, "USD", 150000, "US"),
    (2023, "SE", "CT", "Machine Learning Engineer", 200000, "USD", 200000, "US"),
    (2021, "EX", "FT", "ML Engineer", 300000, "USD", 300000, "US"),
    (2023, "SE", "FT", "Machine Learning Engineer", 3000000, "INR", 36000, "IN"),
    (2023, "MI", "FT", "Data Scientist", 90000, "EUR", 97000, "DE"),
]


def read(path: Path, **options: object) -> tuple[list[Record], RecordReader]:
    reader = RecordReader(path, **options)  # type: ignore[arg-type]
    return list(reader), reader


Flat = tuple[str, float, int, str, int | None, dt.date | None, dt.date | None]


def flat(record: Record) -> Flat:
    """A record as (country, years, salary, currency, salary_usd, first_day, last_day)."""
    group = record.group
    return (
        group.country,
        group.years,
        record.salary,
        group.currency,
        record.salary_usd,
        group.first_day,
        group.last_day,
    )


def test_ai_jobs_rows_become_records_at_their_levels_reference_years(tmp_path: Path) -> None:
    records, reader = read(ai_jobs_csv(tmp_path / "s.csv", ROWS))
    assert reader.stats.schema == "ai-jobs"
    assert (reader.stats.rows, reader.stats.kept, reader.stats.bad) == (6, 6, 0)
    assert flat(records[0]) == (
        "US", 1, 120000, "USD", 120000, dt.date(2023, 1, 1), dt.date(2023, 12, 31)
    )  # fmt: skip
    assert [r.group.years for r in records] == [1, 3.5, 7.5, 12, 7.5, 3.5]
    assert flat(records[4])[:5] == ("IN", 7.5, 3000000, "INR", 36000)


@pytest.mark.parametrize(
    ("record_filter", "kept"),
    [
        (RecordFilter(titles=("MACHINE LEARNING ENGINEER",)), [0, 1, 2, 4]),
        (RecordFilter(titles=("*engineer",)), [0, 1, 2, 3, 4]),
        (RecordFilter(titles=("ML Engineer", "Data Scientist")), [3, 5]),
        (RecordFilter(employment=("CT",)), [2]),
        (RecordFilter(since=2023), [0, 2, 4, 5]),
        (RecordFilter(countries=("US",), since=2022), [0, 1, 2]),
    ],
)
def test_filters_keep_only_matching_rows(
    tmp_path: Path, record_filter: RecordFilter, kept: list[int]
) -> None:
    records, reader = read(ai_jobs_csv(tmp_path / "s.csv", ROWS), record_filter=record_filter)
    salaries = [row[4] for row in ROWS]
    assert [r.salary for r in records] == [salaries[i] for i in kept]
    assert reader.stats.filtered == len(ROWS) - len(kept)


def test_bad_rows_are_counted_with_row_numbers_and_reasons(tmp_path: Path) -> None:
    path = ai_jobs_csv(
        tmp_path / "s.csv",
        [
            ROWS[0],
            (2023, "XX", "FT", "MLE", 1, "USD", 1, "US"),
            (2023, "SE", "FT", "MLE", "lots", "USD", 1, "US"),
            (2023, "SE", "FT", "MLE", -5, "USD", 1, "US"),
            (2023, "SE", "FT", "MLE", 100, "USD", 100, "USA"),
            ("twenty", "SE", "FT", "MLE", 100, "USD", 100, "US"),
            ROWS[1],
        ],
    )
    with path.open("a", encoding="utf-8") as stream:
        stream.write("2023,SE,FT\n")
    records, reader = read(path)
    assert [r.salary for r in records] == [120000, 150000]
    assert reader.stats.bad == 6
    assert reader.stats.bad_examples == [
        (3, "experience_level 'XX' is not EN, MI, SE or EX"),
        (4, "salary 'lots' is not a number"),
        (5, "salary -5 is below 1,000 a year"),
        (6, "country 'USA' is not a two-letter code"),
        (7, "date 'twenty' is not a year or an ISO date"),
    ]


def test_generic_schema_with_map_dates_and_optional_columns(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        "cc,yoe,pay,cur,when,role\n"
        "in,2.5,1800000,inr,2025-01-04T08:03:16+00:00,SDE 2\n"
        "US,11,250000,USD,2024,ML Engineer\n"
        "US,x,1,USD,2024,ML Engineer\n",
        encoding="utf-8",
    )
    mapping = parse_mapping(
        ["cc=country", "yoe=years", "pay=salary", "cur=currency", "when=date", "role=title"]
    )
    records, reader = read(path, mapping=mapping)
    assert reader.stats.schema == "generic"
    day = dt.date(2025, 1, 4)
    assert [flat(r) for r in records] == [
        ("IN", 2.5, 1800000, "INR", None, day, day),
        ("US", 11, 250000, "USD", 250000, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ]
    assert reader.stats.bad_examples == [(4, "years 'x' is not a number")]
    titled, _ = read(path, mapping=mapping, record_filter=RecordFilter(titles=("sde *",)))
    assert [r.group.country for r in titled] == ["IN"]


@pytest.mark.parametrize(
    ("header", "options", "message"),
    [
        (
            "country,years,pay\n",
            {},
            "the header lacks salary, currency; expected the ai-jobs columns or country, "
            "years, salary, currency (rename others with --map COLUMN=FIELD)",
        ),
        ("country,years,salary,currency\n", {"mapping": {"pay": "salary"}}, None),
        (
            "country,years,salary,currency\n",
            {"record_filter": RecordFilter(since=2020)},
            "--since needs a 'date' column in {path}",
        ),
        (
            "country,years,salary,currency\n",
            {"record_filter": RecordFilter(titles=("x",))},
            "--title needs a 'title' column in {path}",
        ),
        ("", {}, "{path}: the file is empty"),
    ],
)
def test_unusable_headers_are_one_clear_error(
    tmp_path: Path, header: str, options: dict[str, object], message: str | None
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(header, encoding="utf-8")
    expected = message or "--map: no column 'pay' in the header of {path}"
    expected = expected.format(path=path)
    if message is not None and not message.startswith(("--", "{")):
        expected = f"{path}: {message}"
    with pytest.raises(InputError) as error:
        read(path, **options)
    assert str(error.value) == expected


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["pay"], "--map 'pay': expected COLUMN=FIELD"),
        (["pay="], "--map 'pay=': expected COLUMN=FIELD"),
        (
            ["pay=wage"],
            "--map 'pay=wage': unknown field 'wage'; valid: country, years, salary, currency, "
            "title, date, city, employment",
        ),
    ],
)
def test_bad_map_options(pairs: list[str], message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_mapping(pairs)
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("years", "code"),
    [
        (0, "EN"),
        (1.99, "EN"),
        (2, "MI"),
        (4.9, "MI"),
        (5, "SE"),
        (9.5, "SE"),
        (10, "EX"),
        (40, "EX"),
    ],
)
def test_years_fall_in_the_documented_level(years: float, code: str) -> None:
    assert level_of(years).code == code


def test_each_levels_reference_point_lies_in_its_own_span() -> None:
    for level in LEVELS:
        assert level_of(level.reference_years) is level


# --- hostile cells and exact accounting ---------------------------------------------------


def generic_csv(path: Path, salaries: list[str], *, currency: str = "USD") -> Path:
    lines = ["country,years,salary,currency"] + [f"US,3,{s},{currency}" for s in salaries]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("salary", "outcome"),
    [
        ("1000", 1000),
        ("999.5", 1000),  # rounded, then in range
        ("10000000000", 10**10),
        ("1_000_000", 1_000_000),
        ("999", "salary 999 is below 1,000 a year"),
        ("0", "salary 0 is below 1,000 a year"),
        ("-5", "salary -5 is below 1,000 a year"),
        ("0.4", "salary 0.4 is below 1,000 a year"),
        ("10000000001", "salary 10000000001 is above 10,000,000,000 a year"),
        ("1e15", "salary 1e15 is above 10,000,000,000 a year"),
        ("9" * 5000, "salary " + "9" * 39 + "… is above 10,000,000,000 a year"),
        ("nan", "salary 'nan' is not a number"),
        ("inf", "salary inf is above 10,000,000,000 a year"),
        ("-1e999", "salary -1e999 is below 1,000 a year"),
        ("12k", "salary '12k' is not a number"),
        ("x" * 100, "salary '" + "x" * 39 + "…' is not a number"),
    ],
)
def test_salaries_must_be_a_plausible_yearly_amount(
    tmp_path: Path, salary: str, outcome: int | str
) -> None:
    records, reader = read(generic_csv(tmp_path / "g.csv", [salary]))
    if isinstance(outcome, int):
        assert [r.salary for r in records] == [outcome]
        assert reader.stats.bad == 0
    else:
        assert records == []
        assert reader.stats.bad_examples == [(2, outcome)]


@pytest.mark.parametrize(
    ("salary", "usd", "reason"),
    [
        ("500", "500", "salary 500 is below 1,000 a year"),
        ("3000000", "12", "salary_in_usd 12 is below 1,000 a year"),
        ("3000000", "1e11", "salary_in_usd 1e11 is above 10,000,000,000 a year"),
        ("20000000000", "100000", "salary 20000000000 is above 10,000,000,000 a year"),
    ],
)
def test_survey_salaries_in_both_currencies_are_bounded(
    tmp_path: Path, salary: str, usd: str, reason: str
) -> None:
    path = ai_jobs_csv(tmp_path / "s.csv", [(2023, "SE", "FT", "MLE", salary, "INR", usd, "IN")])
    records, reader = read(path)
    assert records == []
    assert reader.stats.bad_examples == [(2, reason)]


def test_bad_rows_are_named_by_their_line_after_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        "\n \ncountry,years,salary,currency\n\nUS,3,100000,USD\n\t\nUS,3,5,USD\r\n\nUS,x,1,USD\n",
        encoding="utf-8",
    )
    records, reader = read(path)
    assert len(records) == 1
    assert (reader.stats.rows, reader.stats.kept, reader.stats.bad) == (3, 1, 2)
    assert reader.stats.bad_examples == [
        (7, "salary 5 is below 1,000 a year"),
        (9, "years 'x' is not a number"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('country,years,salary,currency\nUS,3,"100000,USD\nUS,4,1,USD\n',
         "line 2: a quoted field is not closed (stray '\"'?)"),
        ('\n"country,years,salary,currency\nUS,3,100000,USD\n',
         "line 2: a quoted field is not closed (stray '\"'?)"),
        ("country,years,salary,currency,salary\nUS,3,1,USD,2\n",
         "the header names 'salary' twice"),
        ("\n  \n", "the file is empty"),
    ],
)  # fmt: skip
def test_a_broken_records_file_is_one_error_naming_it(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    assert str(caught.value) == f"{path}: {message}"


SURVEY_CELLS = st.tuples(
    st.sampled_from([2021, 2023, "20x"]),
    st.sampled_from(["EN", "SE", "XX"]),
    st.sampled_from(["FT", "CT"]),
    st.sampled_from(["MLE", "Data Scientist"]),
    st.sampled_from(["120000", "5", "1e12", "oops", "99999.5"]),
    st.sampled_from(["USD", "INR", "EURO"]),
    st.sampled_from(["120000", "7"]),
    st.sampled_from(["US", "IN", "GB", "USA"]),
)


@given(
    rows=st.lists(st.one_of(SURVEY_CELLS, st.just(None)), max_size=40),
    record_filter=st.sampled_from(
        [
            RecordFilter(),
            RecordFilter(titles=("mle",), employment=("FT",)),
            RecordFilter(countries=("US",), since=2022),
        ]
    ),
)
@example(rows=[None], record_filter=RecordFilter())
def test_every_survey_row_is_kept_filtered_or_bad_and_every_kept_one_used_or_skipped(
    rows: list[tuple[object, ...] | None], record_filter: RecordFilter
) -> None:
    """rows == kept + filtered + bad, and grouping loses none of the kept (None: a blank
    line, or a row with a missing field when last)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = ai_jobs_csv(Path(folder) / "s.csv", [r for r in rows if r is not None])
        with path.open("a", encoding="utf-8") as stream:
            stream.write("".join("\n" if r is None else "" for r in rows) + "2023,SE\n")
        reader = RecordReader(path, record_filter=record_filter)
        groups = reader.group({"US": "USD", "IN": "INR"}, unknown="unknown")
    stats = reader.stats
    assert stats.rows == sum(r is not None for r in rows) + 1
    assert stats.rows == stats.kept + stats.filtered + stats.bad
    assert stats.kept == groups.used + sum(groups.skipped.values())
    assert all(SALARY_MIN <= amount <= SALARY_MAX for c in groups.counts.values() for amount in c)


def test_results_stay_identical_when_the_caches_overflow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlsal.records import readers

    path = ai_jobs_csv(tmp_path / "s.csv", ROWS * 4)
    chosen = RecordFilter(titles=("*engineer",), employment=("FT",))
    expected = RecordReader(path, record_filter=chosen).group({"US": "USD"}, unknown="x")
    monkeypatch.setattr(readers, "CACHE_SIZE", 2)
    again = RecordReader(path, record_filter=chosen).group({"US": "USD"}, unknown="x")
    assert again.counts == expected.counts
    assert again.skipped == expected.skipped
    assert sum(c.total() for c in again.counts.values()) == 12
