"""The `dev` and `prod` ECS environments as synthesized: placement, encryption, reachability, secrets, sizes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from modules.ecs_app import contract
from tests.support import tfjson

ECS_ENVIRONMENTS = ("dev", "prod")
APP_SECRETS = {"MC_DATABASE_URL", "MC_REDIS_URL", "MC_SECRET_KEY"}


@pytest.fixture(scope="module")
def stacks(stack_dir: Callable[[str], Path]) -> dict[str, tfjson.TfJson]:
    return {name: tfjson.load(stack_dir(name) / "cdk.tf.json") for name in ECS_ENVIRONMENTS}


@pytest.fixture(scope="module", params=ECS_ENVIRONMENTS)
def stack(request: pytest.FixtureRequest, stacks: dict[str, tfjson.TfJson]) -> tfjson.TfJson:
    return stacks[request.param]


def containers(task_definition: dict[str, Any]) -> list[dict[str, Any]]:
    parsed: list[dict[str, Any]] = json.loads(task_definition["container_definitions"])
    return parsed


def service_task(stack: tfjson.TfJson) -> dict[str, Any]:
    service = tfjson.one(stack, "aws_ecs_service")
    return tfjson.target(stack, service["task_definition"])[1]


def migration_task(stack: tfjson.TfJson) -> dict[str, Any]:
    (task,) = [t for t in tfjson.resources(stack, "aws_ecs_task_definition") if t["family"].endswith("-migrate")]
    return task


def tiers(stack: tfjson.TfJson, subnet_references: list[str]) -> set[str]:
    return {subnet["tags"]["Tier"] for subnet in tfjson.targets(stack, subnet_references)}


# Placement


def test_tasks_have_public_ips_exactly_when_the_network_has_no_nat(stack: tfjson.TfJson) -> None:
    """With NAT (prod) tasks run in private subnets without public IPs; without (dev) in the public subnets with
    public IPs, and every private route table then has no way out (only the VPC's local route)."""
    network = tfjson.one(stack, "aws_ecs_service")["network_configuration"]
    has_nat = bool(tfjson.resources(stack, "aws_nat_gateway"))
    assert tiers(stack, network["subnets"]) == ({"private"} if has_nat else {"public"})
    assert network["assign_public_ip"] is (not has_nat)
    assert stack["output"][contract.TASK_ASSIGN_PUBLIC_IP]["value"] is (not has_nat)
    if not has_nat:
        private_tables = [
            t
            for t in tfjson.resources(stack, "aws_route_table")
            if t["tags"]["Name"].endswith(tuple(f"-private-{i}" for i in range(6)))
        ]
        assert private_tables and all(table["route"] == [] for table in private_tables)


def test_the_task_security_group_admits_only_the_load_balancer(stack: tfjson.TfJson) -> None:
    """Public IPs or not, nothing but the load balancer reaches the tasks (tests/synth/test_network_paths.py has
    every rule)."""
    (group,) = tfjson.one(stack, "aws_ecs_service")["network_configuration"]["security_groups"]
    (alb_group,) = tfjson.one(stack, "aws_lb")["security_groups"]
    rules = [
        r for r in tfjson.resources(stack, "aws_vpc_security_group_ingress_rule") if r["security_group_id"] == group
    ]
    assert [r.get("referenced_security_group_id") for r in rules] == [alb_group]
    assert not [r for r in rules if "cidr_ipv4" in r or "cidr_ipv6" in r]


def test_database_and_redis_live_in_private_subnets(stack: tfjson.TfJson) -> None:
    assert tiers(stack, tfjson.one(stack, "aws_db_subnet_group")["subnet_ids"]) == {"private"}
    assert tiers(stack, tfjson.one(stack, "aws_elasticache_subnet_group")["subnet_ids"]) == {"private"}
    assert tfjson.one(stack, "aws_db_instance")["publicly_accessible"] is False


def test_load_balancer_is_public_in_public_subnets(stack: tfjson.TfJson) -> None:
    alb = tfjson.one(stack, "aws_lb")
    assert alb["internal"] is False
    assert tiers(stack, alb["subnets"]) == {"public"}
    assert alb["drop_invalid_header_fields"] is True


def test_subnets_span_looked_up_zones(stack: tfjson.TfJson) -> None:
    subnets = tfjson.resources(stack, "aws_subnet")
    zones = {subnet["availability_zone"] for subnet in subnets}
    assert len(zones) >= 2
    assert all("data.aws_availability_zones." in zone for zone in zones), zones


def test_default_security_group_is_closed_and_flow_logs_are_on(stack: tfjson.TfJson) -> None:
    default = tfjson.one(stack, "aws_default_security_group")
    assert not default.get("ingress") and not default.get("egress")
    flow_log = tfjson.one(stack, "aws_flow_log")
    assert flow_log["traffic_type"] == "ALL"


# Encryption


def test_database_storage_and_insights_are_encrypted_with_the_stack_key(stack: tfjson.TfJson) -> None:
    database = tfjson.one(stack, "aws_db_instance")
    assert database["storage_encrypted"] is True
    assert database["kms_key_id"].startswith("${aws_kms_key.")
    assert database["performance_insights_enabled"] is True
    assert database["performance_insights_kms_key_id"] == database["kms_key_id"]


def test_database_forces_tls(stack: tfjson.TfJson) -> None:
    database = tfjson.one(stack, "aws_db_instance")
    _, group = tfjson.target(stack, database["parameter_group_name"])
    assert {"name": "rds.force_ssl", "value": "1"} in group["parameter"]


def test_redis_is_encrypted_at_rest_and_in_transit_with_auth(stack: tfjson.TfJson) -> None:
    redis = tfjson.one(stack, "aws_elasticache_replication_group")
    assert redis["at_rest_encryption_enabled"] == "true"
    assert redis["transit_encryption_enabled"] is True
    assert redis["kms_key_id"].startswith("${aws_kms_key.")
    assert redis["auth_token"].startswith("${data.aws_secretsmanager_secret_version.")


def test_secrets_logs_and_alarm_topic_use_the_rotating_stack_key(stack: tfjson.TfJson) -> None:
    key = tfjson.one(stack, "aws_kms_key")
    assert key["enable_key_rotation"] is True
    for secret in tfjson.resources(stack, "aws_secretsmanager_secret"):
        assert secret["kms_key_id"].startswith("${aws_kms_key."), secret["name"]
    for group in tfjson.resources(stack, "aws_cloudwatch_log_group"):
        assert group["kms_key_id"].startswith("${aws_kms_key."), group["name"]
    assert tfjson.one(stack, "aws_sns_topic")["kms_master_key_id"].startswith("${aws_kms_key.")


def test_app_urls_use_tls(stack: tfjson.TfJson) -> None:
    values = {s["name"].rsplit("/", 1)[-1]: s for s in tfjson.resources(stack, "aws_secretsmanager_secret")}
    versions = {v["secret_id"]: v for v in tfjson.resources(stack, "aws_secretsmanager_secret_version")}

    def written(name: str) -> str:
        secret_reference = next(ref for ref in versions if tfjson.target(stack, ref)[1]["name"] == values[name]["name"])
        value: str = versions[secret_reference]["secret_string_wo"]
        return value

    assert written("redis-url").startswith("rediss://:${")
    assert written("database-url").startswith("postgresql://") and written("database-url").endswith("sslmode=require")


# Backups and deletion


def test_database_keeps_7_days_of_backups_and_a_final_snapshot(stack: tfjson.TfJson) -> None:
    database = tfjson.one(stack, "aws_db_instance")
    assert database["backup_retention_period"] == 7
    assert database["skip_final_snapshot"] is False
    assert database["final_snapshot_identifier"]
    assert database["copy_tags_to_snapshot"] is True


def test_database_monitoring_role_is_for_rds(stack: tfjson.TfJson) -> None:
    database = tfjson.one(stack, "aws_db_instance")
    assert database["monitoring_interval"] > 0
    _, role = tfjson.target(stack, database["monitoring_role_arn"])
    assert "monitoring.rds.amazonaws.com" in role["assume_role_policy"]


# Reachability


def test_only_the_load_balancer_listener_ports_are_open_to_the_world(stack: tfjson.TfJson) -> None:
    alb_groups = set(tfjson.one(stack, "aws_lb")["security_groups"])
    listener_ports = {listener["port"] for listener in tfjson.resources(stack, "aws_lb_listener")}
    open_rules = [
        rule
        for rule in tfjson.resources(stack, "aws_vpc_security_group_ingress_rule")
        if rule.get("cidr_ipv4") == "0.0.0.0/0" or rule.get("cidr_ipv6") == "::/0"
    ]
    assert open_rules
    for rule in open_rules:
        assert rule["security_group_id"] in alb_groups, rule
        assert rule["from_port"] == rule["to_port"] and rule["from_port"] in listener_ports, rule
    for group in tfjson.resources(stack, "aws_security_group"):
        assert not group.get("ingress"), f"inline ingress on {group['name']}"


def test_database_and_redis_accept_only_the_app(stack: tfjson.TfJson) -> None:
    service_groups = tfjson.one(stack, "aws_ecs_service")["network_configuration"]["security_groups"]
    for resource_type, port in (("aws_db_instance", 5432), ("aws_elasticache_replication_group", 6379)):
        (resource,) = tfjson.resources(stack, resource_type)
        groups: list[str] = resource.get("vpc_security_group_ids") or resource["security_group_ids"]
        rules = [
            r
            for r in tfjson.resources(stack, "aws_vpc_security_group_ingress_rule")
            if r["security_group_id"] in groups
        ]
        assert rules, resource_type
        for rule in rules:
            assert rule["referenced_security_group_id"] in service_groups, rule
            assert (rule["from_port"], rule["to_port"]) == (port, port)


def test_app_accepts_only_the_load_balancer(stack: tfjson.TfJson) -> None:
    service_groups = tfjson.one(stack, "aws_ecs_service")["network_configuration"]["security_groups"]
    alb_groups = tfjson.one(stack, "aws_lb")["security_groups"]
    rules = [
        r
        for r in tfjson.resources(stack, "aws_vpc_security_group_ingress_rule")
        if r["security_group_id"] in service_groups
    ]
    assert [r["referenced_security_group_id"] for r in rules] == alb_groups


# Secrets


def test_app_secrets_reach_the_container_only_through_secrets(stack: tfjson.TfJson) -> None:
    for task in (service_task(stack), migration_task(stack)):
        (container,) = containers(task)
        assert {s["name"] for s in container["secrets"]} == APP_SECRETS
        assert not APP_SECRETS & {e["name"] for e in container["environment"]}
        for secret in container["secrets"]:
            resource_type, _ = tfjson.target(stack, secret["valueFrom"])
            assert resource_type == "aws_secretsmanager_secret"


def test_execution_role_may_read_exactly_the_app_secrets(stack: tfjson.TfJson) -> None:
    task = service_task(stack)
    (container,) = containers(task)
    _, role = tfjson.target(stack, task["execution_role_arn"])
    assert task["execution_role_arn"] != task["task_role_arn"]
    policies = [
        json.loads(p["policy"])
        for p in tfjson.resources(stack, "aws_iam_role_policy")
        if tfjson.target(stack, p["role"])[1] is not None and tfjson.target(stack, p["role"])[1] == role
    ]
    readable = {
        arn
        for policy in policies
        for statement in policy["Statement"]
        if statement["Action"] == "secretsmanager:GetSecretValue"
        for arn in statement["Resource"]
    }
    assert readable == {s["valueFrom"] for s in container["secrets"]}


# Service behaviour


def test_service_rolls_back_failed_deployments_and_keeps_autoscaled_count(stack: tfjson.TfJson) -> None:
    """Rolling: the circuit breaker rolls back; blue/green: CodeDeploy does (tests/synth/test_blue_green.py)."""
    service = tfjson.one(stack, "aws_ecs_service")
    if service.get("deployment_controller") == {"type": "CODE_DEPLOY"}:
        rollback = tfjson.one(stack, "aws_codedeploy_deployment_group")["auto_rollback_configuration"]
        assert rollback["enabled"] and "DEPLOYMENT_FAILURE" in rollback["events"]
    else:
        assert service["deployment_circuit_breaker"] == {"enable": True, "rollback": True}
    assert service["health_check_grace_period_seconds"] > 0
    assert "desired_count" in service["lifecycle"]["ignore_changes"]
    target = tfjson.one(stack, "aws_appautoscaling_target")
    assert target["min_capacity"] <= service["desired_count"] <= target["max_capacity"]
    metrics = {
        p["target_tracking_scaling_policy_configuration"]["predefined_metric_specification"]["predefined_metric_type"]
        for p in tfjson.resources(stack, "aws_appautoscaling_policy")
    }
    assert metrics == {"ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization"}


def test_cluster_has_container_insights_and_logs_go_to_the_named_group(stack: tfjson.TfJson) -> None:
    cluster = tfjson.one(stack, "aws_ecs_cluster")
    assert {"name": "containerInsights", "value": "enabled"} in cluster["setting"]
    (container,) = containers(service_task(stack))
    group_reference = container["logConfiguration"]["options"]["awslogs-group"]
    _, group = tfjson.target(stack, group_reference)
    environment = tfjson.one(stack, "aws_ecs_service")["name"].rsplit("-", 1)[-1]
    assert group["name"] == f"/ecs/mission-control-{environment}"
    assert group["retention_in_days"] > 0


def test_the_image_tag_comes_from_a_parameter_that_deploys_never_overwrite(stack: tfjson.TfJson) -> None:
    """A release writes the parameter; the next infrastructure deploy keeps it (ignore_changes) and reads it."""
    parameter = tfjson.one(stack, "aws_ssm_parameter")
    environment = tfjson.one(stack, "aws_ecs_service")["name"].rsplit("-", 1)[-1]
    assert parameter["name"] == f"/mission-control-{environment}/image-tag" and parameter["type"] == "String"
    assert parameter["insecure_value"] == "latest"  # the setting's tag, only when the parameter is created
    assert parameter["lifecycle"]["ignore_changes"] == ["insecure_value"]
    (check,) = parameter["lifecycle"]["postcondition"]
    assert "self.insecure_value" in check["condition"] and "sha256" in check["condition"]
    (address,) = stack["resource"]["aws_ssm_parameter"]
    (local, expression), *_ = stack["locals"].items()
    assert f"aws_ssm_parameter.{address}.insecure_value" in expression
    for task in (service_task(stack), migration_task(stack)):
        (container,) = containers(task)
        assert container["image"] == f"${{local.{local}}}"


def test_target_group_health_checks_the_app(stack: tfjson.TfJson) -> None:
    """Every target group (blue/green has two: CodeDeploy moves the tasks between them)."""
    (container,) = containers(service_task(stack))
    groups = tfjson.resources(stack, "aws_lb_target_group")
    assert groups
    for group in groups:
        assert group["target_type"] == "ip"
        assert group["health_check"]["path"] == "/health"
        assert group["port"] == container["portMappings"][0]["containerPort"]


def test_migration_task_runs_alembic_with_the_app_image_and_secrets(stack: tfjson.TfJson) -> None:
    (app,) = containers(service_task(stack))
    (migration,) = containers(migration_task(stack))
    assert migration["command"] == ["alembic", "upgrade", "head"]
    assert migration["image"] == app["image"]
    assert migration["secrets"] == app["secrets"]
    command = stack["output"][contract.MIGRATION_COMMAND]["value"]
    assert command.startswith("aws ecs run-task ")
    expected = "ENABLED" if stack["output"][contract.TASK_ASSIGN_PUBLIC_IP]["value"] else "DISABLED"
    assert ".family}" in command and f"assignPublicIp={expected}" in command


def test_alarms_cover_service_database_and_load_balancer(stack: tfjson.TfJson) -> None:
    alarms = tfjson.resources(stack, "aws_cloudwatch_metric_alarm")
    metrics = {(a["namespace"], a["metric_name"]) for a in alarms}
    assert metrics >= {
        ("AWS/ECS", "CPUUtilization"),
        ("AWS/ECS", "MemoryUtilization"),
        ("AWS/RDS", "DatabaseConnections"),
        ("AWS/RDS", "FreeStorageSpace"),
        ("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count"),
        ("AWS/ApplicationELB", "UnHealthyHostCount"),
    }
    topics = {action for alarm in alarms for action in alarm["alarm_actions"]}
    assert len(topics) == 1 and next(iter(topics)).startswith("${aws_sns_topic.")


def test_outputs_are_described(stack: tfjson.TfJson) -> None:
    """Which outputs exist is the contract's (tests/synth/test_contract.py); each says what it holds."""
    for name, output in stack["output"].items():
        assert output.get("description"), name


# dev and prod


def test_prod_is_bigger_and_safer_than_dev(stacks: dict[str, tfjson.TfJson]) -> None:
    dev, prod = stacks["dev"], stacks["prod"]

    def db(s: tfjson.TfJson) -> dict[str, Any]:
        return tfjson.one(s, "aws_db_instance")

    def cache(s: tfjson.TfJson) -> dict[str, Any]:
        return tfjson.one(s, "aws_elasticache_replication_group")

    assert (db(dev)["instance_class"], db(prod)["instance_class"]) == ("db.t3.micro", "db.t3.small")
    assert (db(dev)["multi_az"], db(prod)["multi_az"]) == (False, True)
    assert (db(dev)["deletion_protection"], db(prod)["deletion_protection"]) == (False, True)
    assert (cache(dev)["node_type"], cache(prod)["node_type"]) == ("cache.t3.micro", "cache.t3.small")
    assert (cache(dev)["automatic_failover_enabled"], cache(prod)["automatic_failover_enabled"]) == (False, True)
    # A primary and one replica in another zone: what automatic failover needs, and what prod's estimate prices.
    assert (cache(dev)["num_cache_clusters"], cache(prod)["num_cache_clusters"]) == (1, 2)
    assert (service_task(dev)["cpu"], service_task(dev)["memory"]) == ("256", "512")
    assert (service_task(prod)["cpu"], service_task(prod)["memory"]) == ("1024", "2048")
    assert tfjson.one(prod, "aws_ecs_service")["desired_count"] == 2
    assert len(tfjson.resources(dev, "aws_nat_gateway")) == 0  # dev: no NAT, tasks in public subnets
    assert len(tfjson.resources(prod, "aws_nat_gateway")) == len(tfjson.resources(prod, "aws_subnet")) // 2


def test_prod_writes_alb_access_logs_to_an_encrypted_private_bucket(stacks: dict[str, tfjson.TfJson]) -> None:
    prod = stacks["prod"]
    logs = tfjson.one(prod, "aws_lb")["access_logs"]
    assert logs["enabled"] is True
    bucket_reference = logs["bucket"]
    for resource_type in (
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_policy",
    ):
        assert tfjson.one(prod, resource_type)["bucket"] == bucket_reference
    assert all(
        tfjson.one(prod, "aws_s3_bucket_public_access_block")[k] is True
        for k in ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
    )
    assert "access_logs" not in tfjson.one(stacks["dev"], "aws_lb")
