"""Terraform refuses, at plan time, every value a module rule refuses (the same values Python refuses, see
tests/synth/test_module_rules_python.py), and accepts the module's sample call with every default. Run with `terraform
test` on each module's own `variables.tf`: validations need no provider and no emulator."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from rehearsal.terraform import Terraform

MODULES = Path(__file__).resolve().parents[2] / "modules"
GENERATED = sorted(path.parent.parent.name for path in MODULES.glob("*/terraform/variables.tf"))


def hcl(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {hcl(item)}" for key, item in value.items()) + "}"
    return json.dumps(value)  # strings, numbers, booleans and lists are the same in HCL


def run_block(name: str, values: dict[str, Any], expect_failure: str | None = None) -> str:
    lines = [f'run "{name}" {{', "  command = plan", "  variables {"]
    lines += [f"    {key} = {hcl(value)}" for key, value in values.items()]
    lines.append("  }")
    if expect_failure:
        lines.append(f"  expect_failures = [var.{expect_failure}]")
    lines.append("}")
    return "\n".join(lines)


def cases(module: str) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any], str]]]:
    """The module's sample call, and (name, values, variable expected to fail) for every refused value."""
    from modulegen.definitions import MODULES
    from tests.support.module_inputs import declared_variables

    sample = dict(MODULES[module].sample)
    refused = []
    for variable in declared_variables()[module]:
        for rule_index, rule in enumerate(variable.rules):
            for index, value in enumerate(rule.refused):
                change = {rule.field: value} if variable.options_type is None else {variable.name: {rule.field: value}}
                name = f"{variable.name}_{rule.field}_{rule_index}_{index}"
                refused.append((name, {**sample, **change}, variable.name))
        if variable.options_type is not None:
            # A misspelled attribute is refused, not dropped; and so is a value of the wrong type.
            for field in dataclasses.fields(variable.options_type):
                typo = field.name.replace("_", "") if "_" in field.name else f"{field.name}s"
                refused.append((f"{variable.name}_{typo}_typo", {**sample, variable.name: {typo: 1}}, variable.name))
            refused.append((f"{variable.name}_not_an_object", {**sample, variable.name: "yes"}, variable.name))
    return sample, refused


@pytest.mark.parametrize("module", GENERATED)
def test_terraform_refuses_what_the_rules_refuse(
    module: str, terraform: Terraform, tmp_path: Path, stacks_loaded: None
) -> None:
    sample, refused = cases(module)
    # Only the variables: a plan of them evaluates every validation and needs no provider.
    (tmp_path / "variables.tf").write_text((MODULES / module / "terraform" / "variables.tf").read_text())
    blocks = [run_block("sample_call_with_defaults", sample)]
    blocks += [run_block(re.sub(r"\W", "_", name), values, variable) for name, values, variable in refused]
    (tmp_path / "rules.tftest.hcl").write_text("\n\n".join(blocks) + "\n")
    terraform.run(tmp_path, "init", "-input=false", "-no-color")
    result = terraform.run(tmp_path, "test", "-no-color", check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert f"{len(blocks)} passed, 0 failed" in result.stdout, result.stdout[-3000:]


def test_postgres_takes_exactly_one_way_to_set_the_master_password(
    terraform: Terraform, tmp_path: Path, stacks_loaded: None
) -> None:
    sample, _ = cases("postgres")
    (tmp_path / "variables.tf").write_text((MODULES / "postgres" / "terraform" / "variables.tf").read_text())
    password = "0123456789abcdefghij"
    blocks = [
        run_block("managed_by_rds_by_default", sample),
        run_block("own_password", {**sample, "password": password, "manage_master_user_password": False}),
        run_block("password_and_rds_management", {**sample, "password": password}, "manage_master_user_password"),
        run_block("neither", {**sample, "manage_master_user_password": False}, "manage_master_user_password"),
    ]
    (tmp_path / "password.tftest.hcl").write_text("\n\n".join(blocks) + "\n")
    terraform.run(tmp_path, "init", "-input=false", "-no-color")
    result = terraform.run(tmp_path, "test", "-no-color", check=False)
    assert result.returncode == 0 and "4 passed, 0 failed" in result.stdout, result.stdout[-3000:]


def test_a_misspelled_attribute_is_named_with_the_closest_valid_one(
    terraform: Terraform, tmp_path: Path, stacks_loaded: None
) -> None:
    sample, _ = cases("ecs_app")
    (tmp_path / "variables.tf").write_text((MODULES / "ecs_app" / "terraform" / "variables.tf").read_text())
    values = {**sample, "database": {"multiaz": True, "backup_retention_days": 14}, "network": {"zones": 3}}
    (tmp_path / "terraform.tfvars.json").write_text(json.dumps(values))
    terraform.run(tmp_path, "init", "-input=false", "-no-color")
    result = terraform.run(tmp_path, "plan", "-input=false", "-no-color", check=False)
    assert result.returncode != 0
    message = " ".join(result.stderr.split())
    assert "Unknown attribute database.multiaz (did you mean multi_az?)" in message, message
    # No close name: the message lists what the object takes.
    assert "Unknown attribute network.zones: network takes cidr_block, az_count," in message, message
