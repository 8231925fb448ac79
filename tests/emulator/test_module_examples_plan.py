"""Each generated module's HCL example plans against moto: Terraform evaluates the module as an HCL user runs it
(variables, validations, functions, ephemeral values), with the provider pointed at the emulator only through an
override file beside the example."""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rehearsal.emulator import Emulator, running_emulator
from rehearsal.terraform import Terraform
from stacks.emulator import emulator_provider_arguments

MODULES = Path(__file__).resolve().parents[2] / "modules"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with running_emulator() as running:
            yield running


def point_at_emulator(folder: Path, emulator: Emulator) -> None:
    """An override file beside the configuration: the only change that sends its provider to the emulator."""
    override = {"provider": {"aws": emulator_provider_arguments(emulator.url)}}
    (folder / "emulator_override.tf.json").write_text(json.dumps(override))


def planned(module: str, terraform: Terraform, emulator: Emulator, workdir: Path) -> dict[str, dict[str, Any]]:
    """Planned resource changes of the example, by address."""
    for part in ("terraform", "example"):
        shutil.copytree(MODULES / module / part, workdir / part)
    example = workdir / "example"
    point_at_emulator(example, emulator)
    terraform.run(example, "init", "-input=false", "-no-color")
    terraform.run(example, "plan", "-input=false", "-no-color", "-out=plan.tfplan")
    plan = json.loads(terraform.run(example, "show", "-json", "plan.tfplan").stdout)
    return {change["address"]: change for change in plan["resource_changes"]}


def after(resources: dict[str, dict[str, Any]], address: str) -> dict[str, Any]:
    assert address in resources, sorted(resources)
    change = resources[address]["change"]
    assert change["actions"] == ["create"], change["actions"]
    values: dict[str, Any] = change["after"]
    return values


def test_postgres_example_plans(terraform: Terraform, emulator: Emulator, tmp_path: Path) -> None:
    resources = planned("postgres", terraform, emulator, tmp_path)
    instance = after(resources, "module.database.aws_db_instance.this")
    assert instance["identifier"] == "example-db"
    assert instance["engine_version"] == "16"  # the number variable, as the string RDS wants
    assert instance["deletion_protection"] is False  # the example's choice reached the resource
    assert instance["storage_encrypted"] is True and instance["publicly_accessible"] is False
    assert instance["password_wo"] is None  # write-only: never in the plan
    assert after(resources, "module.database.aws_db_parameter_group.parameter_group")["family"] == "postgres16"
    # Cut by Terraform's substr (the name is shorter than 20 characters: nothing cut, nothing corrupted).
    role = after(resources, "module.database.aws_iam_role.monitoring_role")
    assert role["name_prefix"] == "example-db-rds-monitoring-"
    assert "aws_vpc_security_group_ingress_rule.app_to_database" in resources


def test_state_backend_example_plans(terraform: Terraform, emulator: Emulator, tmp_path: Path) -> None:
    resources = planned("state_backend", terraform, emulator, tmp_path)
    bucket = after(resources, "module.terraform_state.aws_s3_bucket.bucket")
    assert bucket["bucket"] == "example-billing-tfstate"
    table = after(resources, "module.terraform_state.aws_dynamodb_table.lock_table")
    assert table["name"] == "example-billing-terraform-locks" and table["hash_key"] == "LockID"
    alias = after(resources, "module.terraform_state.aws_kms_alias.key_alias")
    assert alias["name"] == "alias/example-billing-tfstate-state"


def test_redis_example_plans(terraform: Terraform, emulator: Emulator, tmp_path: Path) -> None:
    resources = planned("redis", terraform, emulator, tmp_path)
    group = after(resources, "module.redis.aws_elasticache_replication_group.this")
    assert group["replication_group_id"] == "example-cache"
    assert (group["num_cache_clusters"], group["automatic_failover_enabled"], group["multi_az_enabled"]) == (
        2,
        True,
        True,
    )
    # The example keeps 7 daily snapshots, so Terraform named a final one.
    assert group["final_snapshot_identifier"] == "example-cache-final"
    assert group["transit_encryption_enabled"] is True


def test_a_bad_module_input_stops_the_plan_with_the_fix(
    terraform: Terraform, emulator: Emulator, tmp_path: Path
) -> None:
    shutil.copytree(MODULES / "redis" / "terraform", tmp_path / "terraform")
    root = tmp_path / "root"
    root.mkdir()
    (root / "main.tf").write_text(
        """
provider "aws" {
  region = "eu-west-1"
}

module "redis" {
  source                    = "../terraform"
  name                      = "bad-input"
  vpc_id                    = "vpc-0123456789abcdef0"
  subnet_ids                = ["subnet-0123456789abcdef0"]
  auth_token                = "0123456789abcdef0123"
  node_count                = 1
  enable_automatic_failover = true
}
"""
    )
    point_at_emulator(root, emulator)
    terraform.run(root, "init", "-input=false", "-no-color")
    result = terraform.run(root, "plan", "-input=false", "-no-color", check=False)
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "var.enable_automatic_failover" in message
    assert "needs a replica to promote: set node_count to 2 or more" in message
