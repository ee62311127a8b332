"""Laws of the estimator, checked by hypothesis on the bundled data and on generated bands files.

- low <= mid <= high, everywhere on the career path too;
- every chosen multiplier is applied exactly once (the result is the base range times their
  product, rounded once);
- for every country, pay never falls as years rise;
- the JSON output round-trips through ``mlsal.pay.estimate.Estimate``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bandsdoc import dump
from mlsal.bands.loader import load_bands
from mlsal.bands.models import DIMENSIONS, BandsFile
from mlsal.bands.schema import validated
from mlsal.cli import app
from mlsal.pay.estimate import ROUND_TO, Estimate, Profile, base_pay, estimate_salary, market
from mlsal.render import plain

BUNDLED = load_bands()

years_st = st.floats(min_value=0, max_value=60, allow_nan=False)


@st.composite
def bands_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid bands document: 1-3 countries, 1-4 bands each, factors in every dimension."""
    groups: dict[str, Any] = {}
    for dimension in DIMENSIONS:
        count = draw(st.integers(1, 3))
        groups[f"{dimension}-g"] = {
            "dimension": dimension,
            "label": dimension.title(),
            "factors": [
                {
                    "key": f"f{i}",
                    "label": f"Factor {i}",
                    "multiplier": draw(st.floats(0.2, 5.0, allow_nan=False)),
                    "evidence": {"kind": "assumption", "method": "generated"},
                }
                for i in range(count)
            ],
        }
    countries: dict[str, Any] = {}
    for code in draw(st.lists(st.sampled_from(["XA", "XB", "XC"]), min_size=1, unique=True)):
        count = draw(st.integers(1, 4))
        edges = [0]
        for _ in range(count - 1):
            edges.append(edges[-1] + draw(st.integers(1, 12)))
        low = mid_gap = high_gap = 0
        with_mid = draw(st.booleans())  # all bands state a mid, or none (typical: midpoint)
        bands = []
        for index, start in enumerate(edges):
            end = edges[index + 1] if index + 1 < count else None
            span = (end - start) if end is not None else 10
            # each of low, (mid - low), (high - mid) is non-decreasing: so are low, mid, high
            low += draw(st.integers(1 if index == 0 else 0, 10**8))
            mid_gap += draw(st.integers(0, 10**8))
            high_gap += draw(st.integers(0, 10**8))
            band: dict[str, Any] = {
                "key": f"b{index}",
                "label": f"Band {index}",
                "years_from": start,
                "years_to": end,
                "reference_years": start + draw(st.integers(0, span - 1)),
                "low": low,
                "high": low + mid_gap + high_gap,
                "meaning": "generated",
                "source": "s",
            }
            if with_mid:
                band["mid"] = low + mid_gap
            bands.append(band)
        countries[code] = {
            "name": f"Country {code}",
            "currency": "INR",
            "locale": "en_IN",
            "pay_basis": "generated",
            "factors": {d: f"{d}-g" for d in DIMENSIONS},
            "bands": bands,
        }
    return {
        "schema_version": 1,
        "title": "Generated",
        "updated": dt.date(2026, 1, 1),
        "sources": {"s": {"title": "Generated", "date": dt.date(2026, 1, 1)}},
        "countries": countries,
        "factor_groups": groups,
    }


@st.composite
def cases(draw: st.DrawFn) -> tuple[BandsFile, Profile]:
    """The bundled data or a generated file, and a profile valid for it."""
    generated = draw(st.booleans())
    bands = validated(BandsFile, draw(bands_documents())) if generated else BUNDLED
    code = draw(st.sampled_from(sorted(bands.countries)))
    chosen: dict[str, str | None] = {}
    for dimension, group_id in bands.countries[code].factors.items():
        factors = bands.factor_groups[group_id].factors
        keys = [f.key for f in factors if f.refused is None]  # a refused one is not a profile
        chosen[dimension] = draw(st.none() | st.sampled_from(keys))
    return bands, Profile(country=code, years=draw(years_st), **chosen)


def _rounded(amount: float) -> int:
    """Rounded once to ROUND_TO, halves up (the estimator's rule)."""
    return math.floor(amount / ROUND_TO + 0.5) * ROUND_TO


@settings(max_examples=300, deadline=None)
@given(cases())
def test_low_mid_high_are_ordered(case: tuple[BandsFile, Profile]) -> None:
    bands, profile = case
    est = estimate_salary(bands, profile)
    assert est.base_low <= est.base_mid <= est.base_high
    assert est.low <= est.mid <= est.high
    for point in est.career_path:
        assert point.low <= point.mid <= point.high


@settings(max_examples=300, deadline=None)
@given(cases())
def test_every_multiplier_is_applied_exactly_once(case: tuple[BandsFile, Profile]) -> None:
    bands, profile = case
    est = estimate_salary(bands, profile)
    mkt = market(bands, profile.country)
    named = [d for d in DIMENSIONS if getattr(profile, d) is not None]
    assert [f.dimension for f in est.factors] == named
    product = math.prod(mkt.factor(d, getattr(profile, d)).multiplier for d in named)
    expected = round(product, 8)  # the product without binary noise (pay.estimate.combined)
    assert est.multiplier == expected
    assert abs(expected - product) <= 5e-9
    low, mid, high = base_pay(mkt.country, profile.years)
    assert (est.low, est.mid, est.high) == (
        _rounded(low * expected),
        _rounded(mid * expected),
        _rounded(high * expected),
    )


@settings(max_examples=300, deadline=None)
@given(cases(), years_st)
def test_pay_never_falls_as_years_rise(case: tuple[BandsFile, Profile], other: float) -> None:
    bands, profile = case
    earlier, later = sorted([profile.years, other])
    first = estimate_salary(bands, dataclasses.replace(profile, years=earlier))
    second = estimate_salary(bands, dataclasses.replace(profile, years=later))
    assert first.low <= second.low
    assert first.mid <= second.mid
    assert first.high <= second.high
    path = first.career_path
    for before, after in itertools.pairwise(path):
        assert before.low <= after.low and before.mid <= after.mid and before.high <= after.high


@settings(max_examples=300, deadline=None)
@given(cases())
def test_json_round_trips_through_the_model(case: tuple[BandsFile, Profile]) -> None:
    bands, profile = case
    est = estimate_salary(bands, profile)
    assert validated(Estimate, json.loads(json.dumps(plain(est)))) == est


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("generated")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=bands_documents(), data=st.data())
def test_cli_json_round_trips_for_generated_files(
    document: dict[str, Any], data: st.DataObject, generated_dir: Path
) -> None:
    path = generated_dir / "bands.yaml"
    path.write_text(dump(document), encoding="utf-8")
    bands = load_bands(path)
    code = data.draw(st.sampled_from(sorted(bands.countries)))
    years = data.draw(years_st)
    city = data.draw(st.sampled_from(["f0", "F0", " f0 "]))  # case and spacing are folded
    typed = format(Decimal(repr(years)), "f")  # as a person types it: 5e-324 in full decimals
    argv = ["estimate", "--data", str(path), "-c", code.lower(), "-y", typed]
    result = CliRunner().invoke(app, [*argv, "--city", city, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert (payload.pop("schema_version"), payload.pop("kind")) == (1, "estimate")
    expected = estimate_salary(bands, Profile(country=code, years=years, city="f0"))
    assert validated(Estimate, payload) == expected


def test_range_stays_ordered_before_the_first_anchor() -> None:
    """Found by hypothesis: high's slower growth, carried back to year 0, fell below mid."""
    document = {
        "schema_version": 1,
        "title": "Shrunk example",
        "updated": dt.date(2026, 1, 1),
        "sources": {"s": {"title": "Generated", "date": dt.date(2026, 1, 1)}},
        "countries": {
            "XA": {
                "name": "Country XA",
                "currency": "INR",
                "locale": "en_IN",
                "pay_basis": "generated",
                "factors": {},
                "bands": [
                    {"key": "b0", "label": "B0", "years_from": 0, "years_to": 2,
                     "reference_years": 1, "low": 16500, "high": 16500,
                     "meaning": "m", "source": "s"},
                    {"key": "b1", "label": "B1", "years_from": 2, "years_to": None,
                     "reference_years": 2, "low": 16500, "high": 16501,
                     "meaning": "m", "source": "s"},
                ],
            }
        },
    }  # fmt: skip
    country = validated(BandsFile, document).countries["XA"]
    low, mid, high = base_pay(country, 0)
    assert low <= mid <= high
