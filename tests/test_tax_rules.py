"""The tax rules file: the bundled one validates, its snapshot is current, and each kind of
broken rule is refused with its file, line and field path."""

from __future__ import annotations

import ast
import json
from importlib import resources
from pathlib import Path

import pytest

from mlsal.errors import DataFileError
from mlsal.tax import models
from mlsal.tax import snapshot as tax_snapshot
from mlsal.tax.loader import check_tax_bytes, load_tax, parse_tax, read_tax_bytes
from mlsal.tax.snapshot import encode_rules, snapshot_rules
from mlsal.value import Value

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = (resources.files("mlsal") / "data" / "tax.yaml").read_bytes()


def test_the_bundled_rules_validate_and_name_only_known_sources() -> None:
    report = check_tax_bytes(BUNDLED, "bundled")
    assert report.problems == ()
    rules = report.rules
    assert rules is not None
    assert rules.india.tax_year == "2026-27"
    assert rules.us.tax_year == 2026
    assert {key for _, key in rules.source_keys()} <= set(rules.sources)


def test_the_snapshot_is_current() -> None:
    """Fails after an edit of tax.yaml or tax/models.py: run scripts/build_snapshot.py."""
    rules = check_tax_bytes(BUNDLED, "bundled").rules
    snapshot = (resources.files("mlsal") / "data" / "tax.snapshot.json").read_bytes()
    assert encode_rules(BUNDLED, rules) == snapshot
    assert snapshot_rules(BUNDLED) == rules


def test_the_snapshot_answers_only_for_the_bundled_bytes() -> None:
    assert snapshot_rules(BUNDLED + b"\n# changed\n") is None


def test_a_snapshot_of_other_code_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    assert snapshot_rules(BUNDLED) is not None  # so the cases below can fail
    monkeypatch.setattr(tax_snapshot, "tax_code_stamp", lambda: "code 00000000")
    assert snapshot_rules(BUNDLED) is None
    monkeypatch.setattr(tax_snapshot, "tax_code_stamp", lambda: None)
    assert snapshot_rules(BUNDLED) is None


def test_the_snapshot_shares_repeated_models() -> None:
    """The US cities' identical schedules, and the slabs inside them, are written once."""
    snapshot = (resources.files("mlsal") / "data" / "tax.snapshot.json").read_bytes()
    assert json.loads(snapshot)["stamp"] == tax_snapshot.tax_code_stamp()
    assert snapshot.count(b'{"$ref":') > 10


def test_every_model_of_the_tax_models_is_in_the_registry() -> None:
    defined = {
        name
        for name, cls in vars(models).items()
        if isinstance(cls, type) and issubclass(cls, Value) and hasattr(cls, "__dataclass_fields__")
    }
    assert defined == set(models.MODELS)


@pytest.mark.parametrize("name", sorted(models.MODELS))
def test_the_codec_reads_every_annotation_of_every_tax_model(name: str) -> None:
    """A field of a shape the codec does not know would fail here, not in a user's run."""
    readers, required = tax_snapshot.CODEC.fields(name)
    fields = models.MODELS[name].__dataclass_fields__
    assert set(readers) == set(fields)
    assert required <= set(fields)


def _imported(module: Path, src: Path) -> set[Path]:
    """The files of mlsal a module imports at run time, at the top or in a function."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    typing_only = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for statement in node.body
        for child in ast.walk(statement)
    }
    found: set[Path] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only or not isinstance(node, ast.ImportFrom):
            continue
        if node.module and node.module.startswith("mlsal"):
            for alias in node.names:
                for name in (f"{node.module}.{alias.name}", node.module):
                    file = src.joinpath(*name.split(".")).with_suffix(".py")
                    if file.is_file():
                        found.add(file)
                        break
    return found


def test_the_stamp_covers_the_tax_models_loader_and_all_they_import() -> None:
    """Derived from the imports, so a module they come to use cannot be left out."""
    src = ROOT / "src"
    folder = src / "mlsal"
    todo = [folder / "tax" / "models.py", folder / "tax" / "loader.py"]
    closure: set[Path] = set()
    while todo:
        module = todo.pop()
        if module not in closure:
            closure.add(module)
            todo += _imported(module, src)
    stamped = {folder / name for name in tax_snapshot.tax_validating_modules()}
    assert sorted(map(str, stamped)) == sorted(map(str, closure))


def _broken(old: str, new: str) -> list[str]:
    text = BUNDLED.decode()
    assert old in text, old
    report = check_tax_bytes(text.replace(old, new, 1).encode(), "t.yaml")
    assert report.rules is None
    return [str(problem) for problem in report.problems]


def _line(text: str) -> int:
    return BUNDLED.decode().splitlines().index(text) + 1


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "        - {upto: 800000, rate: 5}\n        - {upto: 1200000, rate: 10}",
            "        - {upto: 1200000, rate: 5}\n        - {upto: 800000, rate: 10}",
            "india.regimes.new.slabs: slab 2 ends at 800000, not above slab 1's 1200000",
        ),
        (
            "        - {upto: null, rate: 30}\n      standard_deduction: 75000",
            "        - {upto: 3000000, rate: 30}\n      standard_deduction: 75000",
            "india.regimes.new.slabs: the last slab must be open-ended (upto: null)",
        ),
        (
            "        - {upto: 400000, rate: 0}\n        - {upto: 800000, rate: 5}",
            "        - {upto: null, rate: 0}\n        - {upto: 800000, rate: 5}",
            "india.regimes.new.slabs: slab 0 has no upper limit but is not the last",
        ),
        (
            "      cess_pct: 4\n      employer_nps_cap_pct: 14",
            "      cess_pct: 104\n      employer_nps_cap_pct: 14",
            "india.regimes.new.cess_pct: Input should be less than or equal to 100 (got 104)",
        ),
        (
            "        - {above: 10000000, rate: 15}\n        - {above: 20000000, rate: 25}\n"
            "      cess_pct",
            "        - {above: 10000000, rate: 15}\n        - {above: 9000000, rate: 25}\n"
            "      cess_pct",
            "india.regimes.new.surcharge: thresholds must increase: 9000000 after 10000000",
        ),
        (
            "    source: us-ssa-2026",
            "    source: us-ssa-2062",
            "us.social_security.source: unknown source 'us-ssa-2062'",
        ),
        (
            "    date: 2025-10-09",
            "    date: someday",
            "sources.us-rev-proc-2025-32.date: Input should be a valid date",
        ),
        (
            "        - {monthly_from: 25000, annual: 2500}",
            "        - {monthly_from: 25000, annual: 3500}",
            "india.professional_tax.KA: above professional_tax_most (2500)",
        ),
        (
            "  default_state: TX",
            "  default_state: ZZ",
            "us.default_state: 'ZZ' is not among the states",
        ),
    ],
)
def test_a_broken_rule_is_refused_with_its_place(old: str, new: str, problem: str) -> None:
    problems = _broken(old, new)
    assert any(p.split(": ", 1)[1].startswith(problem) for p in problems), problems


def test_a_problem_names_its_line() -> None:
    problems = _broken("    rate_pct: 6.2\n", "    rate_pct: -6.2\n")
    assert problems == [
        f"t.yaml:{_line('    rate_pct: 6.2')}: us.social_security.rate_pct: "
        "Input should be greater than or equal to 0 (got -6.2)"
    ]


def test_an_unknown_key_is_refused() -> None:
    problems = _broken("  default_state: TX", "  default_state: TX\n  default_city: Austin")
    assert problems == [
        f"t.yaml:{_line('  default_state: TX') + 1}: us.default_city: "
        "Extra inputs are not permitted"
    ]


def test_loading_a_broken_file_names_the_first_problem_and_counts_the_rest() -> None:
    text = (
        BUNDLED.decode()
        .replace("rate_pct: 6.2", "rate_pct: -6.2")
        .replace("rate_pct: 1.45", "rate_pct: 145")
    )
    with pytest.raises(DataFileError, match=r"\(and 1 more: mlsal data validate --tax\)$"):
        parse_tax(text.encode(), "t.yaml")


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"nope.yaml: no such file or folder$"):
        read_tax_bytes(tmp_path / "nope.yaml")


def test_the_bundled_file_loads_through_the_snapshot() -> None:
    assert load_tax() == check_tax_bytes(BUNDLED, "bundled").rules
