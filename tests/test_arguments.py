"""Arguments end to end: aliases and case accepted, typos get suggestions, bad numbers one line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mlsal.cli import app


def _estimate(runner: CliRunner, *argv: str) -> dict[str, object]:
    result = runner.invoke(app, ["estimate", *argv, "--format", "json"], env={"MLSAL_DATA": ""})
    assert result.exit_code == 0, result.stderr
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


@pytest.mark.parametrize(
    ("country", "code"),
    [("IN", "IN"), ("in", "IN"), ("India", "IN"), ("BHARAT", "IN"), ("US", "US"),
     ("us", "US"), ("usa", "US"), ("United States", "US"), ("america", "US")],
)  # fmt: skip
def test_country_codes_names_and_aliases_in_any_case(
    runner: CliRunner, country: str, code: str
) -> None:
    assert _estimate(runner, "-c", country, "-y", "3")["country"] == code


@pytest.mark.parametrize(
    ("option", "typed", "key"),
    [
        ("--city", "bangalore", "bengaluru"),
        ("--city", "BANGALORE", "bengaluru"),
        ("--city", "Bengaluru", "bengaluru"),
        ("--city", "delhi ncr", "delhi-ncr"),
        ("--city", "Delhi_NCR", "delhi-ncr"),
        ("--skill", "NLP", "nlp"),
        ("--skill", "natural language processing", "nlp"),
        ("--skill", "GenAI", "generative-ai"),
        ("--employer", "FAANG", "big-tech"),
        ("--employer", "big tech", "big-tech"),
        ("--cert", "PhD", "phd"),
        ("--education", "M.Tech", "ms"),
    ],
)
def test_factor_aliases_and_case(runner: CliRunner, option: str, typed: str, key: str) -> None:
    payload = _estimate(runner, "-c", "IN", "-y", "5", option, typed)
    factors = payload["factors"]
    assert isinstance(factors, list)
    assert [f["key"] for f in factors] == [key]


def test_us_aliases(runner: CliRunner) -> None:
    payload = _estimate(runner, "-c", "us", "-y", "4", "--city", "NYC", "--skill", "mlops")
    factors = payload["factors"]
    assert isinstance(factors, list)
    assert [(f["dimension"], f["key"]) for f in factors] == [
        ("skill", "mlops"),
        ("city", "new-york"),
    ]


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["-c", "IN", "-y", "nan"], "years must be a number from 0 to 60, not nan"),
        (["-c", "IN", "-y", "1e400"], "years must be a number from 0 to 60, not inf"),
        (["-c", "IN", "-y", "60.0001"], "years must be a number from 0 to 60, not 60.0001"),
        (["-c", "IN", "-y", "0x10"], "years must be a number from 0 to 60, not '0x10'"),
        (["-c", "IN", "-y", ""], "years must be a number from 0 to 60, not ''"),
        (["-c", "Indai", "-y", "5"], "unknown country 'Indai'; did you mean IN? (valid: IN, US)"),
        (["-c", "IN", "-y", "5", "--city", "bangalor"],
         "unknown city 'bangalor'; did you mean bengaluru? (valid: bengaluru, hyderabad, "
         "gurugram, pune, delhi-ncr, chennai, mumbai, smaller-city; smaller-city covers any "
         "city not listed)"),
        (["-c", "IN", "-y", "5", "--skill", "nlpp"],
         "unknown skill 'nlpp'; did you mean nlp? (valid: general, deep-learning, "
         "computer-vision, nlp, generative-ai, mlops)"),
        (["-c", "US", "-y", "5", "--city", "Bengaluru"],
         "unknown city 'Bengaluru'; rest-of-us covers any city not listed; 581 are valid "
         "(sf-bay-area, rest-of-us, abilene-tx, ...; mlsal data info lists them)"),
        (["-c", "US", "-y", "5", "--city", "chicgo"],
         "unknown city 'chicgo'; did you mean chicago-il, chico-ca, hickory-nc? (rest-of-us "
         "covers any city not listed)"),
        (["-c", "US", "-y", "5", "--city", "portland"],
         "unknown city 'portland'; did you mean portland-or, portland-me, orlando-fl? "
         "(rest-of-us covers any city not listed)"),
        (["-c", "IN", "-y", "5", "--city", "a\nb"],
         "unknown city 'a\\nb'; smaller-city covers any city not listed; valid: bengaluru, "
         "hyderabad, gurugram, pune, delhi-ncr, chennai, mumbai, smaller-city"),
    ],
)  # fmt: skip
def test_bad_values_are_one_line_with_suggestions(
    runner: CliRunner, argv: list[str], line: str
) -> None:
    result = runner.invoke(app, ["estimate", *argv], env={"MLSAL_DATA": ""})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"mlsal: error: {line}\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", "india", "USA"],
        ["compare", "in", "us", "--years", "5"],
        ["market", "-c", "usa"],
        ["skills", "-c", "India"],
    ],
)
def test_other_commands_accept_country_names_in_any_case(
    runner: CliRunner, argv: list[str]
) -> None:
    result = runner.invoke(app, [*argv, "--format", "json"], env={"MLSAL_DATA": ""})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["schema_version"] == 1


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["compare", "IN", "US", "-y", "nan"], "years must be a number from 0 to 60, not nan"),
        (["compare", "IN", "US", "--fx", "0"], "--fx must be a positive number, not 0"),
        (["compare", "IN", "US", "--fx", "9" * 400], "--fx must be a positive number, not inf"),
        # found while fuzzing by hand: a huge rate crashed the money formatter (a traceback)
        (
            ["compare", "IN", "US", "--fx", "1" + "0" * 300],
            "--fx must be from 1e-07 to 1e+07, not 1e+300",
        ),
        (
            ["compare", "IN", "US", "--fx", "0.000000001"],
            "--fx must be from 1e-07 to 1e+07, not 1e-09",
        ),
        # a rate is a plain decimal, as years are: no exponent, underscore, nan or inf
        *(
            (
                ["compare", "IN", "US", "--fx", typed],
                f"--fx takes a plain decimal number such as 12.5, not '{typed}'",
            )
            for typed in ("1e309", "1_0", "nan", "inf", "+95", "९५", "abc")
        ),
        *(
            (
                ["takehome", "30L", "-c", "IN", option, "4O"],
                f"{option} takes a plain decimal number such as 12.5, not '4O'",
            )
            for option in ("--basic", "--variable", "--hra", "--nps")
        ),
        (["market", "-c", "UK"], "unknown country 'UK'; valid: IN, US"),
    ],
)
def test_other_commands_refuse_out_of_range_numbers_in_one_line(
    runner: CliRunner, argv: list[str], line: str
) -> None:
    result = runner.invoke(app, argv, env={"MLSAL_DATA": ""})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"mlsal: error: {line}\n"


@pytest.mark.parametrize("command", [["estimate", "-c", "IN", "-y", "5"], ["data", "info"],
                                     ["data", "validate"], ["compare", "IN", "US"],
                                     ["market"], ["skills"]])  # fmt: skip
def test_every_data_command_honours_data_and_mlsal_data(
    runner: CliRunner, tmp_path: object, command: list[str]
) -> None:
    missing = "/nonexistent/bands.yaml"
    line = f"mlsal: error: {missing}: no such file or folder\n"
    by_option = runner.invoke(app, [*command, "--data", missing])
    by_env = runner.invoke(app, command, env={"MLSAL_DATA": missing})
    assert (by_option.exit_code, by_option.stdout, by_option.stderr) == (3, "", line)
    assert (by_env.exit_code, by_env.stdout, by_env.stderr) == (3, "", line)


@pytest.mark.parametrize("command", ["info", "validate"])
def test_tax_data_without_tax_is_refused_not_ignored(runner: CliRunner, command: str) -> None:
    """Typed on the line, --tax-data without --tax would be ignored; MLSAL_TAX_DATA may stay set."""
    result = runner.invoke(app, ["data", command, "--tax-data", "mine.yaml"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"mlsal: error: --tax-data names a tax rules file, which data {command} reads with "
        f"--tax: mlsal data {command} --tax --tax-data FILE\n"
    )
    from_env = runner.invoke(app, ["data", command], env={"MLSAL_TAX_DATA": "mine.yaml"})
    assert from_env.exit_code == 0, from_env.stderr
