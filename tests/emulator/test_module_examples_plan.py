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


def test_every_module_example_is_planned_here() -> None:
    """Every example, by module and name: `<module>_example_plans` plans `complete`, `<module>_minimal_example...`
    plans `minimal` (this file is also where the examples are validated)."""
    tests = [name for name in globals() if name.startswith("test_") and "example_plans" in name]
    planned_here = {
        (module, "complete") for module in (t.removeprefix("test_").removesuffix("_example_plans") for t in tests)
    }
    planned_here |= {
        (t.removeprefix("test_").split("_minimal_example")[0], "minimal") for t in tests if "_minimal_" in t
    }
    examples = {(path.parents[3].name, path.parent.name) for path in MODULES.glob("*/terraform/examples/*/main.tf")}
    assert examples and examples <= planned_here, sorted(examples - planned_here)


def planned(
    module: str, terraform: Terraform, emulator: Emulator, workdir: Path, example_name: str = "complete"
) -> dict[str, dict[str, Any]]:
    """Planned resource changes of the example `modules/<module>/terraform/examples/<example_name>`, by address."""
    shutil.copytree(MODULES / module / "terraform", workdir / "terraform")
    example = workdir / "terraform" / "examples" / example_name
    point_at_emulator(example, emulator)
    terraform.run(example, "init", "-input=false", "-no-color")
    # A plan validates the example first (so no separate `terraform validate` of it): valid, and without a warning.
    result = terraform.run(example, "plan", "-input=false", "-no-color", "-out=plan.tfplan")
    warnings_shown = [line for line in result.stdout.splitlines() + result.stderr.splitlines() if "Warning:" in line]
    assert not warnings_shown, f"{module}/examples/{example_name}: {warnings_shown}"
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
    # No password given: RDS manages it in Secrets Manager; nothing is written write-only.
    assert instance["manage_master_user_password"] is True
    assert instance["password_wo"] is None and instance["password_wo_version"] is None
    assert (instance["db_name"], instance["username"]) == ("app", "app_admin")  # the module's generic defaults
    assert after(resources, "module.database.aws_db_parameter_group.parameter_group")["family"] == "postgres16"
    # Cut by Terraform's substr (the name is shorter than 20 characters: nothing cut, nothing corrupted).
    role = after(resources, "module.database.aws_iam_role.monitoring_role[0]")
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


def test_network_example_plans(terraform: Terraform, emulator: Emulator, tmp_path: Path) -> None:
    resources = planned("network", terraform, emulator, tmp_path)
    # az_count = 3, nat_gateways = "per_az": three of each, counted.
    for kind in ("aws_subnet.public", "aws_subnet.private", "aws_nat_gateway.nat", "aws_route_table.private_routes"):
        assert [f"module.network.{kind}[{i}]" in resources for i in range(4)] == [True, True, True, False], kind
    private = after(resources, "module.network.aws_subnet.private[2]")
    assert private["cidr_block"] == "10.44.160.0/20"  # the eleventh /20: private subnets start at the ninth
    assert private["tags"] == {"Name": "example-network-private-2", "Tier": "private", "CostCenter": "1234"}
    assert private["tags_all"]["Project"] == "billing"  # the provider's default_tags still apply
    assert after(resources, "module.network.aws_cloudwatch_log_group.flow_log_group[0]")["retention_in_days"] == 90


def test_kms_key_example_plans(terraform: Terraform, emulator: Emulator, tmp_path: Path) -> None:
    resources = planned("kms_key", terraform, emulator, tmp_path)
    key = after(resources, "module.key.aws_kms_key.this")
    assert key["enable_key_rotation"] is True and key["deletion_window_in_days"] == 7
    statements = {statement["Sid"] for statement in json.loads(key["policy"])["Statement"]}
    # allow_cloudwatch_alarms = false left its statement out; the log statement stays.
    assert statements == {"AccountAdministers", "CloudWatchLogsEncrypt"}
    assert after(resources, "module.key.aws_kms_alias.alias")["name"] == "alias/example-billing"


def test_alarms_example_plans(terraform: Terraform, emulator: Emulator, tmp_path: Path) -> None:
    resources = planned("alarms", terraform, emulator, tmp_path)
    cpu = after(resources, "module.alarms.aws_cloudwatch_metric_alarm.service_cpu")
    assert (cpu["threshold"], cpu["alarm_description"]) == (75, "Service CPU above 75% for 15 minutes")
    storage = after(resources, "module.alarms.aws_cloudwatch_metric_alarm.database_free_storage")
    assert storage["threshold"] == 2 * 1024**3  # GiB times 1024^3, by Terraform
    subscription = after(resources, "module.alarms.aws_sns_topic_subscription.email[0]")
    assert subscription["endpoint"] == "ops@example.com"


def test_load_balancer_example_plans(terraform: Terraform, emulator: Emulator, tmp_path: Path) -> None:
    # The example's domain lives in a public zone the account already has.
    emulator.client("route53").create_hosted_zone(Name="example.com", CallerReference=str(tmp_path))
    resources = planned("load_balancer", terraform, emulator, tmp_path)
    https = after(resources, "module.load_balancer.aws_lb_listener.https[0]")
    assert (https["port"], https["ssl_policy"]) == (443, "ELBSecurityPolicy-TLS13-1-2-2021-06")
    (action,) = after(resources, "module.load_balancer.aws_lb_listener.http")["default_action"]
    assert action["type"] == "redirect" and action["redirect"][0]["protocol"] == "HTTPS"
    assert after(resources, "module.load_balancer.aws_acm_certificate.certificate[0]")["domain_name"] == (
        "app.example.com"
    )
    assert "module.load_balancer.aws_vpc_security_group_ingress_rule.ingress_443[0]" in resources
    # Access logs: the bucket exists and the load balancer writes to it.
    assert "module.load_balancer.aws_s3_bucket.access_logs[0]" in resources
    (logs,) = after(resources, "module.load_balancer.aws_lb.this")["access_logs"]
    assert (logs["enabled"], logs["prefix"]) == (True, "alb")
    target_group = after(resources, "module.load_balancer.aws_lb_target_group.target_group")
    assert (target_group["port"], target_group["health_check"][0]["path"]) == (8080, "/healthz")


def test_fargate_service_example_plans(terraform: Terraform, emulator: Emulator, tmp_path: Path) -> None:
    resources = planned("fargate_service", terraform, emulator, tmp_path)
    task = after(resources, "module.service.aws_ecs_task_definition.task_definition")
    assert (task["cpu"], task["memory"], task["family"]) == ("512", "1024", "example-api")
    # The container definitions hold the secret's ARN, known after apply (checked by the ecs_app apply test).
    assert resources["module.service.aws_ecs_task_definition.task_definition"]["change"]["after_unknown"][
        "container_definitions"
    ]
    migrate = after(resources, "module.service.aws_ecs_task_definition.migration_task_definition")
    assert migrate["family"] == "example-api-migrate"
    assert after(resources, "module.service.aws_appautoscaling_target.scaling_target")["max_capacity"] == 4
    # Secrets given: ECS's role may read exactly them. ECS Exec off: no policy for it.
    assert "module.service.aws_iam_role_policy.execution_role_secrets[0]" in resources
    assert not any("task_role_execute_command" in address for address in resources)


def test_ecs_app_example_plans(terraform: Terraform, emulator: Emulator, tmp_path: Path) -> None:
    resources = planned("ecs_app", terraform, emulator, tmp_path)
    prefix = "module.mission_control."
    # From an empty state everything is created (data sources whose inputs are unknown are read), nothing else.
    assert {tuple(change["change"]["actions"]) for change in resources.values()} <= {("create",), ("read",)}
    service = after(resources, prefix + "aws_ecs_service.service")
    assert service["name"] == "mc-example" and service["enable_execute_command"] is True
    database = after(resources, prefix + "aws_db_instance.database")
    assert (database["deletion_protection"], database["monitoring_interval"]) == (False, 0)
    assert not any("monitoring_role" in address for address in resources)  # interval 0: no role
    # Two zones, one NAT gateway that both private route tables use; no domain: HTTP only, no certificate.
    assert f"{prefix}aws_nat_gateway.network_nat[0]" in resources
    assert f"{prefix}aws_nat_gateway.network_nat[1]" not in resources
    for zone in (0, 1):
        route = after(resources, f"{prefix}aws_route.network_private_default_route[{zone}]")
        assert route["destination_cidr_block"] == "0.0.0.0/0"
    assert not any(
        "aws_acm_certificate" in address or "listener.load_balancer_https" in address for address in resources
    )
    assert after(resources, prefix + "aws_sns_topic_subscription.alarms_email[0]")["endpoint"] == "ops@example.com"
    assert after(resources, prefix + "aws_vpc.network")["tags"] == {"Name": "mc-example", "Environment": "example"}
    # waf = { enabled = true, rate_limit_per_5_minutes = 1000 }: the web ACL, its association, its logs.
    acl = after(resources, prefix + "aws_wafv2_web_acl.waf[0]")
    assert [rule["statement"][0]["rate_based_statement"][0]["limit"] for rule in acl["rule"] if rule["action"]] == [
        1000
    ]
    assert {
        f"{prefix}aws_wafv2_web_acl_association.waf_association[0]",
        f"{prefix}aws_wafv2_web_acl_logging_configuration.waf_logging[0]",
    } <= set(resources)
    assert after(resources, prefix + "aws_cloudwatch_log_group.waf_log_group[0]")["name"] == "aws-waf-logs-mc-example"
    # worker = { command = [...], max_capacity = 3 }: the ARQ worker's service, with the app's image and network.
    worker = after(resources, prefix + "aws_ecs_service.worker[0]")
    assert worker["name"] == "mc-example-worker" and worker["network_configuration"][0]["assign_public_ip"] is False
    assert after(resources, prefix + "aws_appautoscaling_target.worker_scaling_target[0]")["max_capacity"] == 3
    assert f"{prefix}aws_vpc_security_group_ingress_rule.database_from_worker[0]" in resources


def test_lightsail_app_example_plans(terraform: Terraform, emulator: Emulator, tmp_path: Path) -> None:
    resources = planned("lightsail_app", terraform, emulator, tmp_path)
    prefix = "module.mission_control."
    service = after(resources, prefix + "aws_lightsail_container_service.service")
    assert (service["power"], service["scale"]) == ("micro", 1)
    assert service["public_domain_names"][0]["certificate"][0]["domain_names"] == ["mc.example.com"]
    assert after(resources, prefix + "aws_lightsail_certificate.certificate[0]")["domain_name"] == "mc.example.com"
    deployment = after(resources, prefix + "aws_lightsail_container_service_deployment_version.deployment")
    containers = {container["container_name"]: container for container in deployment["container"]}
    assert set(containers) == {"app", "redis"}  # the Redis sidecar
    assert containers["app"]["ports"] == {"8000": "HTTP"}  # a map key from a variable
    assert containers["redis"]["command"][:3] == ["redis-server", "--bind", "127.0.0.1"]
    database = after(resources, prefix + "aws_lightsail_database.database")
    assert (database["blueprint_id"], database["master_database_name"]) == ("postgres_16", "app")


def test_ecs_app_minimal_example_plans_with_the_safe_defaults(
    terraform: Terraform, emulator: Emulator, tmp_path: Path
) -> None:
    resources = planned("ecs_app", terraform, emulator, tmp_path, "minimal")
    prefix = "module.app."
    database = after(resources, prefix + "aws_db_instance.database")
    assert database["deletion_protection"] is True and database["storage_encrypted"] is True
    assert database["publicly_accessible"] is False and database["multi_az"] is False
    cache = after(resources, prefix + "aws_elasticache_replication_group.cache")
    assert cache["transit_encryption_enabled"] is True
    assert after(resources, prefix + "aws_ecs_service.service")["name"] == "app-minimal"
    # Left out: no WAF, no email subscription, no certificate (HTTP until a domain is given).
    assert not any("waf" in address or "alarms_email" in address or "acm" in address for address in resources)


def test_lightsail_app_minimal_example_plans_without_a_domain(
    terraform: Terraform, emulator: Emulator, tmp_path: Path
) -> None:
    resources = planned("lightsail_app", terraform, emulator, tmp_path, "minimal")
    prefix = "module.app."
    service = after(resources, prefix + "aws_lightsail_container_service.service")
    assert service["name"] == "app-minimal" and service["public_domain_names"] == []
    assert not any("aws_lightsail_certificate" in address for address in resources)
    assert after(resources, prefix + "aws_lightsail_database.database")["skip_final_snapshot"] is False
