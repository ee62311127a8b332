"""Every US area in the bundled bands: names people type, the kept keys, non-metro states."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlsal.bands.models import BandsFile
from mlsal.bands.names import market
from mlsal.cli import app


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Chicago", "chicago-il"),
        ("Pittsburgh", "pittsburgh-pa"),
        ("Raleigh", "raleigh-nc"),
        ("Bay Area", "sf-bay-area"),
        ("Sunnyvale", "san-jose-ca"),
        ("Mountain View", "san-jose-ca"),
        ("Menlo Park", "san-francisco-ca"),
        ("Redmond", "seattle"),
        ("St. Louis", "st-louis-mo"),
        ("Portland, OR", "portland-or"),
        ("nonmetro-tx", "nonmetro-tx"),
        # the keys and names of earlier versions
        ("sf-bay-area", "sf-bay-area"),
        ("sf", "sf-bay-area"),
        ("seattle", "seattle"),
        ("new-york", "new-york"),
        ("nyc", "new-york"),
        ("boston", "boston"),
        ("los-angeles", "los-angeles"),
        ("austin", "austin"),
        ("rest-of-us", "rest-of-us"),
        ("remote", "rest-of-us"),
    ],
)
def test_a_place_resolves_to_its_area(bands: BandsFile, typed: str, key: str) -> None:
    assert market(bands, "US").factor("city", typed).key == key


def test_every_oflc_area_is_priced_from_data(bands: BandsFile) -> None:
    factors = bands.factor_groups["city-us"].factors
    areas = [f for f in factors if f.evidence.n == 4 and not f.key.startswith("nonmetro-")]
    assert len(areas) == 530
    nonmetro = [f for f in factors if f.key.startswith("nonmetro-")]
    assert len(nonmetro) == 49
    assert all(f.evidence.kind == "data" for f in factors)
    assert len(factors) == 530 + 49 + 2


def test_the_hubs_are_priced_around_the_bands_level(bands: BandsFile) -> None:
    us = market(bands, "US")
    hubs = ["san-francisco-ca", "san-jose-ca", "seattle", "new-york", "boston", "los-angeles"]
    values = sorted(us.factor("city", k).multiplier for k in [*hubs, "austin"])
    assert values[3] == pytest.approx(1.0, abs=0.05)  # the median hub is the reference


def test_a_batch_file_with_the_old_keys_still_prices(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "profiles.csv"
    path.write_text(
        "country,years,city\nUS,5,sf-bay-area\nUS,5,rest-of-us\nUS,5,Chicago\nUS,5,seattle\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["batch", str(path), "-f", "csv"])
    assert result.exit_code == 0, result.stderr
    cities = [line.split(",")[11] for line in result.stdout.splitlines()[1:]]
    assert cities == ["sf-bay-area", "rest-of-us", "chicago-il", "seattle"]


def test_completion_reads_the_bundled_names_from_the_snapshot() -> None:
    from mlsal.bands.files import bundled_document, read_bytes
    from mlsal.shell import complete_values

    raw, _ = read_bytes(None)
    document = bundled_document(raw)
    assert document is not None
    assert len(document["factor_groups"]["city-us"]["factors"]) == 581
    assert complete_values(document, "city", "sunny", "US") == [
        ("sunnyvale", "San Jose-Sunnyvale-Santa Clara, CA (san-jose-ca)")
    ]
    assert bundled_document(raw + b"\n# edited\n") is None  # another text: the YAML is parsed


@pytest.mark.parametrize(
    ("typed", "key"),
    [("Google", "big-tech"), ("faang", "big-tech"), ("Walmart", "product"), ("AT&T", "product"),
     ("McKinsey", "consulting"), ("Infosys", "it-services"), ("services", "it-services")],
)  # fmt: skip
def test_an_employer_name_resolves_to_its_measured_type(
    bands: BandsFile, typed: str, key: str
) -> None:
    factor = market(bands, "US").factor("employer", typed)
    assert factor.key == key
    assert factor.evidence.source == "h1b-lca"
    assert factor.evidence.n is not None and factor.evidence.n >= 15
