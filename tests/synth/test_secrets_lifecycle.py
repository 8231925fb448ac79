"""Secrets stay right through replacement and rotation, and the environments' life cycle settings: dev can be
rebuilt at once, prod refuses a destroy at plan time. Read from the synthesized dev and prod stacks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support import tfjson

RANDOM = re.compile(r"\$\{ephemeral\.aws_secretsmanager_random_password\.(\w+)\.random_password\}")
STORED = re.compile(r"\$\{ephemeral\.aws_secretsmanager_secret_version\.(\w+)\.secret_string\}")


@pytest.fixture(scope="module", params=["dev", "prod"])
def stack(request: pytest.FixtureRequest, stack_dir: Callable[[str], Path]) -> tfjson.TfJson:
    return tfjson.load(stack_dir(request.param) / "cdk.tf.json")


def secret_named(stack: tfjson.TfJson, suffix: str) -> str:
    """The reference of the secret whose name ends with `suffix` (as its `.id` reference)."""
    (address,) = [
        name
        for name, body in stack["resource"]["aws_secretsmanager_secret"].items()
        if body["name"].endswith(f"/{suffix}")
    ]
    return f"${{aws_secretsmanager_secret.{address}.id}}"


def version_of(stack: tfjson.TfJson, secret_suffix: str) -> dict[str, Any]:
    secret = secret_named(stack, secret_suffix)
    return tfjson.one(stack, "aws_secretsmanager_secret_version", secret_id=secret)


def test_a_generated_value_is_used_only_to_fill_its_own_secret(stack: tfjson.TfJson) -> None:
    uses = [(path, value) for path, value in tfjson.strings(stack["resource"]) if RANDOM.search(value)]
    generators = set(stack["ephemeral"]["aws_secretsmanager_random_password"])
    assert len(uses) == len(generators) == 3
    for path, _ in uses:
        assert path.startswith("aws_secretsmanager_secret_version.") and path.endswith(".secret_string_wo"), path


def test_the_database_and_its_url_both_read_the_stored_password(stack: tfjson.TfJson) -> None:
    password_secret = secret_named(stack, "database-password")
    database = tfjson.one(stack, "aws_db_instance")
    url = version_of(stack, "database-url")
    for consumer in (database["password_wo"], url["secret_string_wo"]):
        (label,) = STORED.findall(consumer)
        read = stack["ephemeral"]["aws_secretsmanager_secret_version"][label]
        assert read["secret_id"] == password_secret
        # Read only after this run's write, so a rotation is seen by both.
        (write,) = read["depends_on"]
        assert stack["resource"]["aws_secretsmanager_secret_version"][write.split(".")[1]]["secret_id"] == (
            password_secret
        )


@pytest.mark.parametrize(
    ("secret", "resource_type", "host", "port"),
    [
        ("database-url", "aws_db_instance", "address", "port"),
        ("redis-url", "aws_elasticache_replication_group", "primary_endpoint_address", "port"),
    ],
)
def test_url_secrets_are_rewritten_when_host_port_or_rotation_change(
    stack: tfjson.TfJson, secret: str, resource_type: str, host: str, port: str
) -> None:
    version = str(version_of(stack, secret)["secret_string_wo_version"])
    (address,) = stack["resource"][resource_type]
    assert f"{resource_type}.{address}.{host}" in version and f"{resource_type}.{address}.{port}" in version
    rotation = version_of(stack, "database-password")["secret_string_wo_version"]
    assert version.startswith("${parseint(substr(sha256(") and f", {rotation}]" in version


def test_the_service_rolls_out_new_tasks_when_a_secret_it_reads_changes(stack: tfjson.TfJson) -> None:
    """Rolling: the versions are triggers of a forced redeploy. Blue/green (CodeDeploy refuses a forced redeploy):
    they are labels of the task definition, so a rotation registers a revision that the rollout deploys."""
    service = tfjson.one(stack, "aws_ecs_service")
    if service.get("deployment_controller") == {"type": "CODE_DEPLOY"}:
        (container,) = json.loads(tfjson.target(stack, service["task_definition"])[1]["container_definitions"])
        triggers = set(container["dockerLabels"].values())
    else:
        assert service["force_new_deployment"] is True
        triggers = set(service["triggers"].values())
    for secret in ("database-url", "redis-url", "secret-key"):
        address = secret_named(stack, secret).split(".")[1]
        (version,) = [
            name
            for name, body in stack["resource"]["aws_secretsmanager_secret_version"].items()
            if body["secret_id"] == f"${{aws_secretsmanager_secret.{address}.id}}"
        ]
        assert f"${{aws_secretsmanager_secret_version.{version}.secret_string_wo_version}}" in triggers


def test_the_final_snapshot_is_named_per_instance_and_plans_stay_quiet(stack: tfjson.TfJson) -> None:
    database = tfjson.one(stack, "aws_db_instance")
    assert database["skip_final_snapshot"] is False
    assert "timestamp()" in database["final_snapshot_identifier"]
    assert "final_snapshot_identifier" in database["lifecycle"]["ignore_changes"]


def test_rotation_is_one_setting(synth_settings: Callable[..., Path]) -> None:
    import dataclasses

    from environments import load

    dev = load("dev", env={})
    assert dev.ecs is not None
    rotated = dataclasses.replace(
        dev, ecs=dataclasses.replace(dev.ecs, secrets=dataclasses.replace(dev.ecs.secrets, rotation=2))
    )
    stack = tfjson.load(synth_settings(rotated) / "cdk.tf.json")
    generated = [version_of(stack, name) for name in ("database-password", "redis-auth-token", "secret-key")]
    assert [item["secret_string_wo_version"] for item in generated] == [2, 2, 2]
    assert tfjson.one(stack, "aws_db_instance")["password_wo_version"] == 2
    assert ", 2]" in str(version_of(stack, "database-url")["secret_string_wo_version"])


def test_dev_can_be_rebuilt_at_once(stack_dir: Callable[[str], Path]) -> None:
    dev = tfjson.load(stack_dir("dev") / "cdk.tf.json")
    assert {s["recovery_window_in_days"] for s in tfjson.resources(dev, "aws_secretsmanager_secret")} == {0}
    assert tfjson.one(dev, "aws_kms_key")["deletion_window_in_days"] == 7
    assert tfjson.one(dev, "aws_db_instance")["deletion_protection"] is False
    for resources in dev["resource"].values():
        for body in resources.values():
            assert "prevent_destroy" not in body.get("lifecycle", {})


PROTECTED = (
    "aws_kms_key",
    "aws_secretsmanager_secret",
    "aws_db_instance",
    "aws_elasticache_replication_group",
    "aws_lb",
    "aws_ecs_cluster",
    "aws_ecs_service",
    "aws_vpc",
)


def test_prod_refuses_a_destroy_of_what_holds_data_or_serves_users(stack_dir: Callable[[str], Path]) -> None:
    prod = tfjson.load(stack_dir("prod") / "cdk.tf.json")
    for resource_type in PROTECTED:
        for body in tfjson.resources(prod, resource_type):
            assert body.get("lifecycle", {}).get("prevent_destroy") is True, (resource_type, body.get("name"))
    assert {s["recovery_window_in_days"] for s in tfjson.resources(prod, "aws_secretsmanager_secret")} == {7}
    assert tfjson.one(prod, "aws_db_instance")["deletion_protection"] is True
