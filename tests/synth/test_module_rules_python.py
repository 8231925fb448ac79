"""The Terraform modules' `validation` blocks and the Python options check the same rules: every value a module
rule refuses (its `refused` examples) is refused by the props too, under the same setting. Terraform's side of the
same values: tests/terraform/test_module_rules_terraform.py."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from modules.validation import InvalidSetting

PROPS = {
    "alarms": "modules.alarms.props.AlarmsProps",
    "ecs_app": "modules.ecs_app.props.EcsAppProps",
    "fargate_service": "modules.fargate_service.props.FargateServiceProps",
    "kms_key": "modules.kms_key.props.KmsKeyProps",
    "lightsail_app": "modules.lightsail_app.props.LightsailAppProps",
    "load_balancer": "modules.load_balancer.props.LoadBalancerProps",
    "network": "modules.network.props.NetworkProps",
    "postgres": "modules.postgres.props.PostgresProps",
    "redis": "modules.redis.props.RedisProps",
    "state_backend": "modules.state_backend.props.StateBackendProps",
}
# What the modules take from the provider instead of an input, and module-only inputs Python has no field for.
DERIVED = {"region": "us-east-1"}
MODULE_ONLY = {"tags"}


def props_type(module: str) -> Any:
    import importlib

    path, _, name = PROPS[module].rpartition(".")
    return getattr(importlib.import_module(path), name)


@pytest.fixture(scope="module")
def variables(stacks_loaded: None) -> dict[str, list[Any]]:
    from tests.support.module_inputs import declared_variables

    return declared_variables()


@pytest.fixture(scope="module")
def samples(stacks_loaded: None) -> dict[str, dict[str, Any]]:
    from modulegen.definitions import MODULES

    return {name: dict(definition.sample) for name, definition in MODULES.items()}


def python_props(module: str, variables: list[Any], sample: dict[str, Any], **changes: Any) -> Any:
    """The module's props as Terraform gets them: the module's defaults, what it derives, its sample call, and
    `changes`."""
    cls = props_type(module)
    names = {field.name for field in dataclasses.fields(cls)}
    defaults = {
        v.name: tuple(v.default) if isinstance(v.default, list) else v.default
        for v in variables
        if v.name in names and v.options_type is None and v.default is not dataclasses.MISSING
    }
    values = {**defaults, **{k: v for k, v in DERIVED.items() if k in names}, **sample, **changes}
    return cls(**values)


def refused_cases(variables: dict[str, list[Any]]) -> Iterator[tuple[str, str, str, Any]]:
    """(module, variable, field, refused value) for every rule with refused examples."""
    for module, declared in sorted(variables.items()):
        for variable in declared:
            for rule in variable.rules:
                for value in rule.refused:
                    yield module, variable.name, rule.field, value


def test_every_module_has_a_sample_call_that_python_accepts(
    variables: dict[str, list[Any]], samples: dict[str, dict[str, Any]]
) -> None:
    assert set(PROPS) <= set(variables), "a module without a props entry here"
    for module in PROPS:
        required = {v.name for v in variables[module] if v.default is dataclasses.MISSING}
        assert required == set(samples[module]), f"{module}: the sample must give exactly the required inputs"
        python_props(module, variables[module], samples[module])  # no InvalidSetting


def test_every_module_input_is_a_props_field(variables: dict[str, list[Any]]) -> None:
    for module in PROPS:
        fields = {field.name for field in dataclasses.fields(props_type(module))}
        extra = {v.name for v in variables[module]} - fields - MODULE_ONLY
        assert extra == set(), f"{module}: inputs without a props field: {extra}"


def test_python_refuses_every_value_a_module_rule_refuses(
    variables: dict[str, list[Any]], samples: dict[str, dict[str, Any]]
) -> None:
    checked, disagreements = 0, []
    for module, variable_name, field, value in refused_cases(variables):
        variable = next(v for v in variables[module] if v.name == variable_name)
        try:
            if variable.options_type is not None:  # one section of an object variable: its options class
                variable.options_type(**{field: value}).check()
            else:
                python_props(module, variables[module], samples[module], **{field: value})
        except InvalidSetting as error:
            checked += 1
            if error.setting.rpartition(".")[2] != field:
                disagreements.append(f"{module}.{variable_name}.{field}={value!r}: Python names {error.setting}")
            continue
        disagreements.append(f"{module}.{variable_name}.{field}={value!r}: Terraform refuses it, Python accepts it")
    assert disagreements == []
    assert checked > 100, checked


def test_every_option_with_a_python_check_has_a_module_rule(variables: dict[str, list[Any]]) -> None:
    """Each options field that Python refuses some value of (found by trying the `refused` values of every rule
    of that field name) has a rule in every module that takes it."""
    for module, declared in variables.items():
        for variable in declared:
            if variable.options_type is None:
                continue
            fields_with_rules = {rule.field for rule in variable.rules}
            for field in dataclasses.fields(variable.options_type):
                # A bool or a free-text field has nothing to refuse; everything else needs a rule.
                if field.type in ("bool", "str | None") or field.name in FREE_FIELDS:
                    continue
                assert field.name in fields_with_rules, f"{module}.{variable.name}.{field.name} has no rule"


# Options fields whose every value of the right type is accepted by Python (so a module rule has nothing to add).
FREE_FIELDS = {"scale_in_cooldown_seconds", "scale_out_cooldown_seconds", "environment"}


def test_module_defaults_are_the_python_defaults_unless_a_listed_difference_says_why(
    variables: dict[str, list[Any]],
) -> None:
    """Every input's default (and every attribute's, in an object input) is the props field's default, except the
    differences the module lists with their reason (its README shows them); a listed difference really differs."""
    from modulegen.variables import field_default

    unexplained, stale = [], []
    for module in PROPS:
        fields = {field.name: field for field in dataclasses.fields(props_type(module))}
        for variable in variables[module]:
            listed = {difference.setting: difference for difference in variable.differences}
            if variable.options_type is not None:
                pairs = [
                    (f"{variable.name}.{field.name}", field_default(field), variable.attribute_defaults[field.name])
                    for field in dataclasses.fields(variable.options_type)
                ]
            elif variable.name in fields:
                pairs = [(variable.name, field_default(fields[variable.name]), variable.default)]
            else:
                pairs = []  # `tags`: a module-only input
            for setting, python, module_default in pairs:
                if python != module_default and not (setting in listed and listed[setting].reason):
                    unexplained.append(f"{module}.{setting}: module {module_default!r}, Python {python!r}")
                if python == module_default and setting in listed:
                    stale.append(f"{module}.{setting}")
    assert unexplained == []
    assert stale == []
