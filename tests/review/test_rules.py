"""The rule registry (review/rules/): every rule is registered, for resource types the provider has, in the file of
its concern, and the engine hands a rule only changes of the types it registered for."""

from __future__ import annotations

import ast
import functools
import importlib.util
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

from review.findings import judge
from review.plan import Change
from review.rules import CONCERN_MODULES, REGISTRY
from review.rules.core import CONCERNS, Context
from review.rules.registry import Registry
from tests.review.builders import change, create, delete, parsed, update

ACTIONS = (["create"], ["update"], ["delete"], ["delete", "create"], ["create", "delete"])


@functools.cache
def provider_resource_types() -> frozenset[str]:
    """Every resource type of the aws provider we pin (5.100.0), read from its generated Python bindings without
    importing them (importing takes 20-30 s): each resource's package opens with a "# `aws_...`" title. That set equals
    `terraform providers schema -json`'s resource_schemas (1,526 types, compared when this test was written); the
    bindings are here wherever the tests run, Terraform and its provider mirror are not."""
    spec = importlib.util.find_spec("cdktf_cdktf_provider_aws")
    assert spec is not None and spec.origin is not None, "cdktf-cdktf-provider-aws is not installed"
    found = set()
    for init in Path(spec.origin).parent.glob("*/__init__.py"):
        with init.open(encoding="utf-8") as file:
            head = file.readline() + file.readline()
        title = re.search(r"^# `(aws_[a-z0-9_]+)`$", head, re.MULTILINE)
        if title:
            found.add(title.group(1))
    return frozenset(found)


def test_the_provider_types_are_read_from_the_bindings() -> None:
    types = provider_resource_types()
    assert len(types) > 1000 and {"aws_db_instance", "aws_lb_listener", "aws_iam_role"} <= types
    assert "aws_fancy_new_thing" not in types


def test_every_type_a_rule_names_is_a_provider_resource_type() -> None:
    unknown = {
        registered.name: sorted(registered.types - provider_resource_types())
        for registered in REGISTRY.rules
        if registered.types - provider_resource_types()
    }
    assert unknown == {}


def test_every_rule_is_registered_for_at_least_one_type() -> None:
    assert REGISTRY.rules
    assert [registered.name for registered in REGISTRY.rules if not registered.types] == []


def rule_functions(module: Any) -> list[str]:
    """The functions a concern file defines with a rule's signature: (change, context)."""
    return [
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and list(inspect.signature(function).parameters) == ["change", "context"]
    ]


@pytest.mark.parametrize("module", CONCERN_MODULES, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_every_rule_function_of_a_concern_file_is_registered_under_that_concern(module: Any) -> None:
    concern = next(c for c in CONCERNS if module.__name__.endswith("." + c.replace("-", "_")))
    registered = {r.function.__name__ for r in REGISTRY.rules if r.function.__module__ == module.__name__}
    assert sorted(rule_functions(module)) == sorted(registered)
    assert {r.concern for r in REGISTRY.rules if r.function.__module__ == module.__name__} == {concern}


def test_every_concern_has_its_file() -> None:
    assert [module.__name__.rsplit(".", 1)[-1] for module in CONCERN_MODULES] == [
        concern.replace("-", "_") for concern in CONCERNS
    ]


# Dispatch


def every_type_every_action() -> list[dict[str, Any]]:
    """One change of each action for every type a rule names, for a type no rule names and for one the review does
    not know at all."""
    types = sorted(REGISTRY.types() | {"aws_vpc", "aws_fancy_new_thing"})
    return [
        change(f"{resource_type}.{'_'.join(actions)}", list(actions), None if actions == ["create"] else {}, {})
        for resource_type in types
        for actions in ACTIONS
    ]


def watched(calls: list[tuple[str, str]]) -> Registry:
    """A copy of the registry whose rules record (rule, type of the change) before judging it (only a change of
    their types: a rule may rely on that)."""
    copy = Registry()
    for registered in REGISTRY.rules:

        def spy(change: Change, context: Context, rule: Any = registered) -> None:
            calls.append((rule.name, change.type))
            if change.type in rule.types:  # else the rule might crash before the test names what went wrong
                rule.function(change, context)

        functools.update_wrapper(spy, registered.function)
        copy.add(spy, registered.concern, tuple(sorted(registered.types)))
    return copy


def test_a_rule_sees_only_changes_of_the_types_it_registered_for() -> None:
    calls: list[tuple[str, str]] = []
    judge(parsed({"format_version": "1.2", "resource_changes": every_type_every_action()}), watched(calls))
    types = {registered.name: registered.types for registered in REGISTRY.rules}
    assert [(rule, seen) for rule, seen in calls if seen not in types[rule]] == []
    assert {rule for rule, _ in calls} == set(types), "every rule judged at least one change"
    assert {seen for _, seen in calls} == REGISTRY.types()


def test_the_rules_of_a_type_run_by_concern_then_in_the_order_of_their_file() -> None:
    rules = REGISTRY.rules_for("aws_db_instance")
    concerns = [r.concern for r in rules]
    assert concerns == sorted(concerns, key=CONCERNS.index)
    lines = [(r.concern, inspect.getsourcelines(r.function)[1]) for r in rules]
    assert lines == sorted(lines, key=lambda item: (CONCERNS.index(item[0]), item[1]))


def test_one_change_reports_its_equal_findings_by_concern() -> None:
    """Deletion protection off, backups to none, public, unencrypted: four high findings of one database, listed
    protection first, then exposure, then encryption (review/rules/core.py's CONCERNS)."""
    database = {
        "identifier": "mc-prod",
        "deletion_protection": True,
        "backup_retention_period": 7,
        "publicly_accessible": False,
        "storage_encrypted": True,
    }
    risky = {
        "deletion_protection": False,
        "backup_retention_period": 0,
        "publicly_accessible": True,
        "storage_encrypted": False,
    }
    findings, _ = judge(
        parsed({"format_version": "1.2", "resource_changes": [update("aws_db_instance.db", database, risky)]})
    )
    assert [(f.category, f.attribute) for f in findings] == [
        ("protection", "deletion_protection"),
        ("protection", "backup_retention_period"),
        ("exposure", "publicly_accessible"),
        ("encryption", "storage_encrypted"),
    ]


def test_findings_are_most_severe_first_then_in_plan_order() -> None:
    key = {"description": "k", "is_enabled": True, "enable_key_rotation": True}
    findings, _ = judge(
        parsed(
            {
                "format_version": "1.2",
                "resource_changes": [
                    update("aws_kms_key.a", key, {"enable_key_rotation": False}),
                    delete("aws_cloudwatch_metric_alarm.cpu", {"alarm_name": "cpu"}),
                    create("aws_db_instance.public", {"publicly_accessible": True}),
                    update("aws_kms_key.b", key, {"is_enabled": False}),
                ],
            }
        )
    )
    assert [(f.severity, f.address) for f in findings] == [
        ("high", "aws_db_instance.public"),
        ("medium", "aws_kms_key.b"),
        ("low", "aws_kms_key.a"),
        ("low", "aws_cloudwatch_metric_alarm.cpu"),
    ]


# Registering


def a_rule(change: Change, context: Context) -> None:
    del change, context


def test_a_rule_without_types_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match=r"rule tests\.review\.test_rules\.a_rule names no resource type"):
        Registry().concern("exposure")()(a_rule)


def test_a_type_that_is_not_a_resource_type_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'aws_DB_Instance' is not a resource type"):
        Registry().concern("exposure")("aws_DB_Instance")(a_rule)


def test_an_unknown_concern_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown concern 'safety': use one of data-loss, protection"):
        Registry().concern("safety")


def test_a_rule_registered_twice_is_refused() -> None:
    registry = Registry()
    rule = registry.concern("exposure")
    rule("aws_lb")(a_rule)
    with pytest.raises(ValueError, match="registered twice"):
        rule("aws_alb")(a_rule)


# Imports inside review/


def review_imports(path: Path) -> set[str]:
    """The review modules a file imports (`from review.rules import x` counts as review.rules.x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            packages = ("review", "review.rules")
            found |= {f"{node.module}.{a.name}" for a in node.names} if node.module in packages else {node.module}
    return {name for name in found if name.startswith("review")}


def test_a_concern_file_imports_only_the_shared_rule_modules() -> None:
    """Concerns are siblings: what two of them share lives in core, values, flags or registry; the engine
    (review.findings) imports the rules, never the other way round."""
    allowed = {"review.plan", "review.policy"} | {
        f"review.rules.{name}" for name in ("core", "values", "flags", "registry")
    }
    for module in CONCERN_MODULES:
        assert module.__file__ is not None
        assert review_imports(Path(module.__file__)) - allowed == set(), module.__name__
