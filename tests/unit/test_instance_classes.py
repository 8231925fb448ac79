"""RDS instance classes and ElastiCache node types: one table (`modules/instance_classes.py`) that the postgres and
redis options check against and that agrees with the plan review's price file. No synth.

The accepted names below are taken from the AWS documentation (RDS "DB instance class types", ElastiCache API
reference `CacheNode`), not from the table under test."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from environments import ENVIRONMENTS, load
from modules.instance_classes import (
    ELASTICACHE,
    FAMILY_PATTERN,
    RDS,
    SIZE_PATTERN,
    ClassTable,
    UnlistedInstanceClass,
    check_instance_class,
    classify,
)
from modules.postgres.props import PostgresOptions
from modules.redis.props import RedisOptions
from modules.validation import InvalidSetting

ROOT = Path(__file__).resolve().parents[2]

DOCUMENTED = {
    "rds": ["db.t3.micro", "db.t4g.micro", "db.t4g.medium", "db.m5.large", "db.m6g.2xlarge", "db.m7g.16xlarge",
            "db.m6i.32xlarge", "db.r5.24xlarge", "db.r6g.large", "db.r7g.4xlarge", "db.r6i.8xlarge", "db.x2g.large"],
    "elasticache": ["cache.t3.micro", "cache.t4g.micro", "cache.t4g.medium", "cache.m5.24xlarge", "cache.m6g.large",
                    "cache.m7g.16xlarge", "cache.r5.12xlarge", "cache.r6g.16xlarge", "cache.r7g.large",
                    "cache.r6gd.xlarge", "cache.c7gn.large"],
}  # fmt: skip
TABLES = {"rds": RDS, "elasticache": ELASTICACHE}


def options(kind: str, value: str) -> PostgresOptions | RedisOptions:
    return PostgresOptions(instance_class=value) if kind == "rds" else RedisOptions(node_type=value)


@pytest.mark.parametrize(("kind", "value"), [(kind, value) for kind, values in DOCUMENTED.items() for value in values])
def test_documented_classes_are_accepted_without_a_warning(kind: str, value: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        options(kind, value).check()


@pytest.mark.parametrize(
    ("kind", "value", "problem"),
    [
        ("rds", "db.t3.gigantic", "'gigantic' is not an instance size"),
        ("rds", "db.t5.micro", "no RDS instance class family is called db.t5"),
        ("rds", "db.x9.huge", "db.x9"),
        ("elasticache", "cache.t3.gigantic", "'gigantic' is not an instance size"),
        ("elasticache", "cache.z9.large", "no ElastiCache node type family is called cache.z9"),
        ("elasticache", "cache.m3.medium", "cache.m3"),  # previous generation: no new cluster can use it
    ],
)
def test_a_class_no_family_has_is_refused_naming_the_closest_listed_one(kind: str, value: str, problem: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        options(kind, value).check()
    error = caught.value
    assert error.setting == ("instance_class" if kind == "rds" else "node_type")
    assert error.value == value and problem in error.problem
    (closest,) = re.findall(r"'((?:db|cache)\.[a-z0-9]+\.[a-z0-9]+)'", error.fix)
    assert classify(closest, TABLES[kind]).status == "known", closest


def test_the_closest_class_keeps_the_family_when_only_the_size_is_wrong() -> None:
    with pytest.raises(InvalidSetting) as caught:
        PostgresOptions(instance_class="db.m7g.larg").check()
    assert "'db.m7g.large'" in caught.value.fix


@pytest.mark.parametrize(
    ("kind", "value"), [("rds", "db.m7g.48xlarge"), ("rds", "db.t4g.metal"), ("elasticache", "cache.r7g.24xlarge")]
)
def test_a_well_formed_size_the_table_does_not_list_warns_naming_the_closest(kind: str, value: str) -> None:
    with pytest.warns(UnlistedInstanceClass) as caught:
        options(kind, value).check()
    (warning,) = caught
    message = str(warning.message)
    assert message.startswith(f"{'instance_class' if kind == 'rds' else 'node_type'}={value!r}: ")
    (closest,) = re.findall(r"closest listed class is '([a-z0-9.]+)'", message)
    assert closest.rsplit(".", 1)[0] == value.rsplit(".", 1)[0]  # same family
    assert classify(closest, TABLES[kind]).status == "known"


def test_an_unknown_class_in_an_environment_is_reported_under_its_settings_path() -> None:
    dev = load("dev", env={})
    assert dev.ecs is not None
    database = dataclasses.replace(dev.ecs.database, instance_class="db.t3.gigantic")
    with pytest.raises(InvalidSetting) as caught:
        dataclasses.replace(dev, ecs=dataclasses.replace(dev.ecs, database=database))
    assert caught.value.setting == "ecs.database.instance_class"


def test_the_shipped_environments_use_listed_classes_only() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnlistedInstanceClass)
        for name in ENVIRONMENTS:
            load(name, env={})


def test_terraform_tokens_are_left_to_terraform() -> None:
    check_instance_class("instance_class", "${TfToken[TOKEN.12]}", RDS)
    check_instance_class("node_type", "${TfToken[TOKEN.13]}", ELASTICACHE)


@pytest.mark.parametrize("table", [RDS, ELASTICACHE], ids=["rds", "elasticache"])
def test_the_table_is_well_formed(table: ClassTable) -> None:
    assert table.families
    for family, sizes in table.families.items():
        assert re.fullmatch(FAMILY_PATTERN, family), family
        assert sizes and len(set(sizes)) == len(sizes), family
        assert all(re.fullmatch(SIZE_PATTERN, size) for size in sizes), (family, sizes)
    assert classify(table.example, table).status == "known"


def price_table_classes(prefix: str) -> list[tuple[str, str]]:
    prices = json.loads((ROOT / "review" / "prices.json").read_text())
    return [
        (name, cls)
        for name, table in prices["tables"].items()
        for cls in table["usd"]
        if str(cls).startswith(f"{prefix}.")
    ]


@pytest.mark.parametrize("table", [RDS, ELASTICACHE], ids=["rds", "elasticache"])
def test_every_class_the_review_prices_is_in_the_table(table: ClassTable) -> None:
    """The review prices a subset of the classes (prices are per class); a class it prices that the table refuses or
    does not list means one of the two is wrong."""
    priced = price_table_classes(table.prefix)
    assert priced, f"review/prices.json has no {table.prefix}.* prices any more: update this test"
    verdicts = [(name, cls, classify(cls, table).status) for name, cls in priced]
    unknown = [verdict for verdict in verdicts if verdict[2] != "known"]
    assert not unknown, unknown


def test_the_table_imports_neither_cdktf_nor_the_settings_nor_the_review() -> None:
    code = (
        "import sys, modules.instance_classes; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('cdktf', 'constructs', 'jsii', 'environments', "
        "'review', 'stacks')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@settings(database=None, deadline=None)  # a timing limit is no property: it fails on a loaded machine
@given(value=st.text(max_size=30) | st.from_regex(r"(db|cache)\.[a-z0-9]{1,6}\.[a-z0-9]{1,9}", fullmatch=True))
def test_any_text_gets_a_verdict_and_refusals_name_a_listed_class(value: str) -> None:
    for table in (RDS, ELASTICACHE):
        verdict = classify(value, table)
        if verdict.status != "known":
            assert verdict.closest is not None and classify(verdict.closest, table).status == "known", verdict
