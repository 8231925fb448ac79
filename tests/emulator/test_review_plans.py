"""`python -m review` on real plans that Terraform made against the emulator.

- Our stacks (dev, prod), synthesized and planned from an empty state with only an override file: no findings, and
  a cost whose figures this test recomputes from the price file and the plan's own values.
- A small configuration applied to moto, then changed in every dangerous way the review must catch and, in the same
  plan, in ways it must never report (tags, a narrowed policy, a longer retention, web ports, a move). A database
  is put into that state by hand, because moto takes 80 s to create one; Terraform and the provider still make the
  plan that replaces it.

The plans run at the same time (threads: each is a Terraform process).
"""

from __future__ import annotations

import functools
import json
import logging
import shutil
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from rehearsal.emulator import Emulator, running_emulator
from rehearsal.terraform import Terraform
from stacks.emulator import PRIVATE_TEST_ENV, emulator_provider_arguments

ROOT = Path(__file__).resolve().parents[2]
PRICES = json.loads((ROOT / "review" / "prices.json").read_text())
HOURS = PRICES["hours_per_month"]
PASSWORD = "correct-horse-battery-staple"
KEY_ARN = "${aws_kms_key.data.arn}"


def price(key: str) -> float:
    return float(PRICES["items"][key]["usd"])


# The scenario: a base applied to moto, then changed -------------------------------------------------------------------

BASE: dict[str, str] = {
    "variables": f"""
variable "db_password" {{
  type      = string
  sensitive = true
  default   = "{PASSWORD}"
}}""",
    "network": """
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}""",
    "web": """
resource "aws_security_group" "web" {
  name   = "review-web"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}""",
    "data_bucket": """
resource "aws_s3_bucket" "data" {
  bucket = "review-data"
}""",
    "logs_bucket": """
resource "aws_s3_bucket" "logs" {
  bucket = "review-logs"
}""",
    "versioning": """
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}""",
    "public_access": """
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}""",
    "encryption": """
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}""",
    "jobs": """
resource "aws_dynamodb_table" "jobs" {
  name                        = "review-jobs"
  hash_key                    = "id"
  billing_mode                = "PAY_PER_REQUEST"
  deletion_protection_enabled = true
  attribute {
    name = "id"
    type = "S"
  }
  point_in_time_recovery {
    enabled = true
  }
}""",
    "events": """
resource "aws_dynamodb_table" "events" {
  name         = "review-events"
  hash_key     = "id"
  billing_mode = "PAY_PER_REQUEST"
  attribute {
    name = "id"
    type = "S"
  }
}""",
    "role": """
resource "aws_iam_role" "app" {
  name = "review-app"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ecs-tasks.amazonaws.com" } }]
  })
}""",
    "app_policy": """
resource "aws_iam_role_policy" "app" {
  name = "read-data"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "arn:aws:s3:::review-data/*" }]
  })
}""",
    "deployer_policy": """
resource "aws_iam_role_policy" "deployer" {
  name = "pass-app-role"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["iam:PassRole"], Resource = aws_iam_role.app.arn }]
  })
}""",
    "log_group": """
resource "aws_cloudwatch_log_group" "app" {
  name              = "/review/app"
  retention_in_days = 90
}""",
    "secrets": """
resource "aws_secretsmanager_secret" "immediate" {
  name                    = "review-immediate"
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret" "windowed" {
  name                    = "review-windowed"
  recovery_window_in_days = 7
}""",
    "alarm": """
resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "review-errors"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Errors"
  namespace           = "Review"
  period              = 300
  statistic           = "Sum"
  threshold           = 1
}""",
    "keys": """
resource "aws_kms_key" "data" {
  description             = "review data"
  deletion_window_in_days = 7
}

resource "aws_kms_key" "old" {
  description             = "review old"
  deletion_window_in_days = 7
}""",
    "files": """
resource "aws_efs_file_system" "files" {
  encrypted = true
}""",
    "reader_policy": """
resource "aws_iam_role_policy" "reader" {
  name = "read-reports"
  role = aws_iam_role.app.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:ListBucket"], Resource = "*" }]
  })
}""",
    "audit_log": """
resource "aws_cloudwatch_log_group" "audit" {
  name              = "/review/audit"
  retention_in_days = 30
}""",
    "latency_alarm": """
resource "aws_cloudwatch_metric_alarm" "latency" {
  alarm_name          = "review-latency"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "Latency"
  namespace           = "Review"
  period              = 300
  statistic           = "Average"
  threshold           = 1
}""",
    "sessions": """
resource "aws_dynamodb_table" "sessions" {
  name         = "review-sessions"
  hash_key     = "id"
  billing_mode = "PAY_PER_REQUEST"
  attribute {
    name = "id"
    type = "S"
  }
}""",
    "database": """
resource "aws_db_instance" "database" {
  identifier                = "review-db"
  engine                    = "postgres"
  engine_version            = "16"
  instance_class            = "db.t3.micro"
  allocated_storage         = 20
  storage_type              = "gp3"
  storage_encrypted         = true
  username                  = "mission_control"
  password                  = var.db_password
  skip_final_snapshot       = false
  final_snapshot_identifier = "review-db-final"
  backup_retention_period   = 7
}""",
}

TASKS = """
resource "aws_ecs_cluster" "tasks" {
  name = "review"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "review-app"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = "256"
  memory                   = "512"
  container_definitions    = jsonencode([{ name = "app", image = "nginx:1.27", essential = true }])
}
""" + "".join(
    f"""
resource "aws_security_group" "{name}" {{
  name   = "review-{name}"
  vpc_id = aws_vpc.main.id
  ingress {{
    from_port       = 8000
    to_port         = 8000
    protocol        = "tcp"
    {source}
  }}
}}

resource "aws_ecs_service" "{name}" {{
  name            = "review-{name}"
  cluster         = aws_ecs_cluster.tasks.arn
  task_definition = aws_ecs_task_definition.app.arn
  desired_count   = 1
  launch_type     = "FARGATE"
  network_configuration {{
    subnets          = [aws_subnet.a.id]
    security_groups  = [aws_security_group.{name}.id]
    assign_public_ip = true
  }}
}}"""
    for name, source in (
        ("open_tasks", 'cidr_blocks = ["0.0.0.0/0"]'),
        ("closed_tasks", "security_groups = [aws_security_group.web.id]"),
    )
)

CHANGES: dict[str, str | None] = {
    # Dangerous: each of these must be a finding (EXPECTED below).
    "web": BASE["web"].replace(
        "  }\n}",
        "  }\n"
        + "".join(
            f'  ingress {{\n    from_port   = {port}\n    to_port     = {port}\n    protocol    = "tcp"\n'
            f'    cidr_blocks = ["0.0.0.0/0"]\n  }}\n'
            for port in (22, 80)  # 80 from the world is intended (a web port): only 22 is a finding
        )
        + "}",
    ),
    "postgres_from_world": """
resource "aws_vpc_security_group_ingress_rule" "postgres_from_world" {
  security_group_id = aws_security_group.web.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
}""",
    "logs_bucket": None,
    "versioning": BASE["versioning"].replace('"Enabled"', '"Suspended"'),
    "public_access": BASE["public_access"]
    .replace("block_public_policy     = true", "block_public_policy     = false")
    .replace("restrict_public_buckets = true", "restrict_public_buckets = false"),
    "encryption": None,
    "bucket_policy": """
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::review-data/*" }
    ]
  })
}""",
    "jobs": BASE["jobs"]
    .replace("deletion_protection_enabled = true", "deletion_protection_enabled = false")
    .replace("enabled = true", "enabled = false"),
    "events": BASE["events"]
    .replace('hash_key     = "id"', 'hash_key     = "event_id"')
    .replace('name = "id"', 'name = "event_id"'),
    "role": BASE["role"].replace('Principal = { Service = "ecs-tasks.amazonaws.com" }', 'Principal = { AWS = "*" }'),
    "app_policy": BASE["app_policy"].replace(
        'Action = ["s3:GetObject"], Resource = "arn:aws:s3:::review-data/*"', 'Action = "*", Resource = "*"'
    ),
    "deployer_policy": BASE["deployer_policy"].replace("Resource = aws_iam_role.app.arn", 'Resource = "*"'),
    "log_group": BASE["log_group"].replace("retention_in_days = 90", "retention_in_days = 7"),
    "secrets": None,
    "alarm": None,
    "keys": BASE["keys"].split("\n\n")[0],
    "files": BASE["files"].replace("encrypted = true", f'encrypted  = true\n  kms_key_id = "{KEY_ARN}"'),
    "database": BASE["database"].replace(
        "  backup_retention_period   = 7", f'  backup_retention_period   = 7\n  kms_key_id                = "{KEY_ARN}"'
    ),
    "public_database": BASE["database"]
    .replace('"database"', '"public"')
    .replace('"review-db"', '"review-public"')
    .replace('"review-db-final"', '"review-public-final"')
    .replace("  backup_retention_period   = 7", "  backup_retention_period   = 7\n  publicly_accessible       = true"),
    "tasks": TASKS,
}

BENIGN_CHANGES: dict[str, str | None] = {
    # Benign: none of these may be a finding (BENIGN below).
    "data_bucket": BASE["data_bucket"].replace("}", '  tags = { Team = "core" }\n}'),
    "https_from_world": """
resource "aws_vpc_security_group_ingress_rule" "https_from_world" {
  security_group_id = aws_security_group.web.id
  cidr_ipv6         = "::/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}""",
    "reader_policy": BASE["reader_policy"].replace('Resource = "*"', 'Resource = "arn:aws:s3:::review-data/reports/*"'),
    "audit_log": BASE["audit_log"].replace("retention_in_days = 30", "retention_in_days = 180"),
    "latency_alarm": BASE["latency_alarm"].replace('"latency"', '"latency_p99"')
    + "\n\nmoved {\n  from = aws_cloudwatch_metric_alarm.latency\n  to   = aws_cloudwatch_metric_alarm.latency_p99\n}",
    "sessions": BASE["sessions"].replace(
        'billing_mode = "PAY_PER_REQUEST"', 'billing_mode = "PAY_PER_REQUEST"\n  tags         = { Team = "core" }'
    ),
}
BENIGN = {
    "aws_s3_bucket.data": "update",
    "aws_vpc_security_group_ingress_rule.https_from_world": "create",
    "aws_iam_role_policy.reader": "update",
    "aws_cloudwatch_log_group.audit": "update",
    "aws_cloudwatch_metric_alarm.latency_p99": "no-op",
    "aws_dynamodb_table.sessions": "update",
}


def configuration(changes: dict[str, str | None]) -> str:
    blocks = {**BASE, **changes}
    return "\n".join(block for block in blocks.values() if block is not None) + "\n"


# The database, put into the state by hand (moto needs 80 s to create one) ---------------------------------------------

DATABASE_STATE: dict[str, Any] = {
    "id": "db-REVIEW",
    "resource_id": "db-REVIEW",
    "identifier": "review-db",
    "arn": "arn:aws:rds:us-east-1:123456789012:db:review-db",
    "engine": "postgres",
    "engine_version": "16",
    "engine_version_actual": "16.4",
    "instance_class": "db.t3.micro",
    "allocated_storage": 20,
    "storage_type": "gp3",
    "storage_encrypted": True,
    "kms_key_id": "",
    "username": "mission_control",
    "password": PASSWORD,
    "skip_final_snapshot": False,
    "final_snapshot_identifier": "review-db-final",
    "backup_retention_period": 7,
    "publicly_accessible": False,
    "deletion_protection": False,
    "multi_az": False,
    "port": 5432,
    "apply_immediately": False,
    "auto_minor_version_upgrade": True,
    "copy_tags_to_snapshot": False,
    "delete_automated_backups": True,
    "tags": {},
    "tags_all": {},
    "max_allocated_storage": 0,
    "monitoring_interval": 0,
    "performance_insights_enabled": False,
    "performance_insights_retention_period": 0,
    "iam_database_authentication_enabled": False,
    "network_type": "IPV4",
    "license_model": "postgresql-license",
    "option_group_name": "default:postgres-16",
    "parameter_group_name": "default.postgres16",
    "db_subnet_group_name": "default",
    "vpc_security_group_ids": [],
    "security_group_names": [],
    "availability_zone": "us-east-1a",
    "backup_window": "03:00-03:30",
    "maintenance_window": "sun:04:00-sun:04:30",
    "ca_cert_identifier": "rds-ca-rsa2048-g1",
    "storage_throughput": 125,
    "iops": 3000,
    "dedicated_log_volume": False,
    "customer_owned_ip_enabled": False,
    "blue_green_update": [],
    "restore_to_point_in_time": [],
    "s3_import": [],
    "enabled_cloudwatch_logs_exports": [],
    "replicas": [],
    "listener_endpoint": [],
    "master_user_secret": [],
    "domain_dns_ips": [],
    "address": "review-db.emulator",
    "endpoint": "review-db.emulator:5432",
    "hosted_zone_id": "Z2R2ITUGPM61AM",
    "status": "available",
    "engine_lifecycle_support": "open-source-rds-extended-support",
    "backup_target": "region",
    "database_insights_mode": "standard",
}


def put_database_in_state(terraform: Terraform, folder: Path) -> None:
    state = json.loads(terraform.run(folder, "state", "pull").stdout)
    sensitive = [[{"type": "get_attr", "value": name}] for name in ("password", "password_wo")]
    state["resources"].append(
        {
            "mode": "managed",
            "type": "aws_db_instance",
            "name": "database",
            "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
            "instances": [{"schema_version": 2, "attributes": DATABASE_STATE, "sensitive_attributes": sensitive}],
        }
    )
    state["serial"] += 1
    (folder / "with_database.tfstate").write_text(json.dumps(state))
    terraform.run(folder, "state", "push", "with_database.tfstate")


# Fixtures -------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with running_emulator() as running:
            yield running


def override(folder: Path, emulator: Emulator, *, local_state: bool) -> None:
    provider = emulator_provider_arguments(emulator.url)
    provider["endpoints"][0]["efs"] = emulator.url  # the scenario's file system
    provider["region"] = "us-east-1"
    body: dict[str, Any] = {"provider": {"aws": provider}}
    if local_state:
        body["terraform"] = {"backend": {"local": {"path": str(folder / "terraform.tfstate")}}}
    (folder / "emulator_override.tf.json").write_text(json.dumps(body))


STEPS: dict[str, float] = {}


def timed(what: str, step: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = step()
    STEPS[what] = time.perf_counter() - start
    return result


def show(terraform: Terraform, folder: Path, *plan_args: str) -> Path:
    name = folder.name
    timed(
        f"plan {name}",
        lambda: terraform.run(folder, "plan", "-input=false", "-no-color", "-out=review.tfplan", *plan_args),
    )
    path = folder / "plan.json"
    path.write_text(terraform.run(folder, "show", "-json", "review.tfplan").stdout)
    return path


def plan_stack(terraform: Terraform, emulator: Emulator, source: Path, folder: Path) -> Path:
    shutil.copytree(source, folder)
    override(folder, emulator, local_state=True)
    timed(f"init {folder.name}", lambda: terraform.run(folder, "init", "-input=false", "-no-color"))
    return show(terraform, folder)


def plan_scenario(terraform: Terraform, emulator: Emulator, folder: Path) -> Path:
    folder.mkdir()
    (folder / "main.tf").write_text(configuration({"database": None}))  # applied without it: see put_database_in_state
    override(folder, emulator, local_state=False)
    timed("init scenario", lambda: terraform.run(folder, "init", "-input=false", "-no-color"))
    timed("apply scenario", lambda: terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color"))
    timed("put the database in the state", lambda: put_database_in_state(terraform, folder))
    (folder / "main.tf").write_text(configuration({**CHANGES, **BENIGN_CHANGES}))
    # -refresh=false: the hand-made database exists only in the state; everything else was just applied.
    return show(terraform, folder, "-refresh=false")


@pytest.fixture(scope="module")
def plans(
    terraform: Terraform, emulator: Emulator, stack_dir: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    from tests.conftest import TIMINGS

    workdir = tmp_path_factory.mktemp("review-plans")
    start = time.perf_counter()
    with pytest.MonkeyPatch.context() as patch, ThreadPoolExecutor(3) as pool:
        for name, value in PRIVATE_TEST_ENV.items():  # prod without a domain, planned as a private test
            patch.setenv(name, value)
        scenario = pool.submit(plan_scenario, terraform, emulator, workdir / "scenario")
        stacks = {
            name: pool.submit(plan_stack, terraform, emulator, stack_dir(name), workdir / name)
            for name in ("dev", "prod")
        }
        made = {"scenario": scenario.result(), **{name: future.result() for name, future in stacks.items()}}
    TIMINGS["review: apply the scenario and plan its change, plan dev and prod (in parallel)"] = (
        time.perf_counter() - start
    )
    TIMINGS.update({f"review: {what}": seconds for what, seconds in STEPS.items()})
    return made


@functools.cache
def review(plan: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    """`python -m review` as other tooling calls it: exit code, the JSON report, the Markdown report (once per
    plan and arguments: the tests only read them)."""
    command = [sys.executable, "-m", "review", *args]
    as_json = subprocess.run([*command, "--format", "json", str(plan)], cwd=ROOT, capture_output=True, text=True)
    markdown = subprocess.run([*command, str(plan)], cwd=ROOT, capture_output=True, text=True)
    assert as_json.returncode == markdown.returncode and as_json.stderr == "", as_json.stderr
    return as_json.returncode, json.loads(as_json.stdout)["plans"][0], markdown.stdout


def resource_changes(plan: Path) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = json.loads(plan.read_text())["resource_changes"]
    return [change for change in changes if change["mode"] == "managed"]


# The change -----------------------------------------------------------------------------------------------------------

EXPECTED = {
    # address: (severity, category) of the finding the review must make
    ("aws_s3_bucket.logs", "high", "data-loss"),
    ("aws_dynamodb_table.events", "high", "data-loss"),
    ("aws_efs_file_system.files", "high", "data-loss"),
    ("aws_db_instance.database", "high", "data-loss"),
    ("aws_kms_key.old", "high", "data-loss"),
    ("aws_s3_bucket_versioning.data", "high", "protection"),
    ("aws_dynamodb_table.jobs", "high", "protection"),
    ("aws_secretsmanager_secret.immediate", "high", "protection"),
    ("aws_secretsmanager_secret.windowed", "medium", "data-loss"),
    ("aws_security_group.web", "high", "exposure"),
    ("aws_vpc_security_group_ingress_rule.postgres_from_world", "high", "exposure"),
    ("aws_s3_bucket_public_access_block.data", "high", "exposure"),
    ("aws_s3_bucket_policy.data", "high", "exposure"),
    ("aws_db_instance.public", "high", "exposure"),
    ("aws_ecs_service.open_tasks", "high", "exposure"),
    ("aws_ecs_service.closed_tasks", "medium", "exposure"),
    ("aws_security_group.open_tasks", "high", "exposure"),
    ("aws_iam_role_policy.app", "high", "privilege"),
    ("aws_iam_role_policy.deployer", "high", "privilege"),
    ("aws_iam_role.app", "high", "privilege"),
    ("aws_s3_bucket_server_side_encryption_configuration.data", "high", "encryption"),
    ("aws_cloudwatch_log_group.app", "medium", "retention"),
    ("aws_cloudwatch_metric_alarm.errors", "low", "monitoring"),
}


def test_every_dangerous_change_is_found_and_nothing_else(plans: dict[str, Path]) -> None:
    code, report, _ = review(plans["scenario"])
    found = {(f["address"], f["severity"], f["category"]) for f in report["findings"]}
    assert code == 1
    assert found == EXPECTED, {"missing": EXPECTED - found, "unexpected": found - EXPECTED}


def test_the_replacements_name_the_attribute_that_forces_them(plans: dict[str, Path]) -> None:
    _, report, _ = review(plans["scenario"])
    data_loss = {f["address"]: f for f in report["findings"] if f["category"] == "data-loss"}
    assert data_loss["aws_dynamodb_table.events"]["attribute"] == "hash_key"
    database = data_loss["aws_db_instance.database"]
    assert (database["action"], database["attribute"], database["before"]) == ("replace", "kms_key_id", "")
    assert database["after"].startswith("arn:aws:kms:us-east-1:")
    assert "looks like hardening" in database["why"] and "review-db-final" in database["why"]
    assert data_loss["aws_efs_file_system.files"]["attribute"] == "kms_key_id"


def test_the_open_ports_are_named_and_https_from_the_world_is_not(plans: dict[str, Path]) -> None:
    _, report, _ = review(plans["scenario"])
    web = [f["after"] for f in report["findings"] if f["address"] == "aws_security_group.web"]
    assert web == ["tcp 22 from 0.0.0.0/0"]


def test_the_sensitive_password_never_appears(plans: dict[str, Path]) -> None:
    assert PASSWORD in plans["scenario"].read_text() or "(sensitive" in plans["scenario"].read_text()
    _, report, markdown = review(plans["scenario"])
    assert PASSWORD not in json.dumps(report) and PASSWORD not in markdown


def test_allowing_every_high_finding_leaves_the_exit_code_to_the_rest(plans: dict[str, Path]) -> None:
    highs = sorted({address for address, severity, _ in EXPECTED if severity == "high"})
    allow = [argument for address in highs for argument in ("--allow", address)]
    code, report, _ = review(plans["scenario"], *allow)
    assert code == 0
    assert all(f["allowed"] == (f["severity"] == "high") for f in report["findings"])
    assert review(plans["scenario"], *allow, "--fail-on", "medium")[0] == 1


def test_the_cost_of_the_change_is_after_minus_before(plans: dict[str, Path]) -> None:
    _, report, _ = review(plans["scenario"])
    cost = report["cost"]
    old_key = [line for line in cost["lines"] if line["address"] == "aws_kms_key.old"]
    assert [(line["before"], line["after"]) for line in old_key] == [(price("kms_key_month"), None)]
    database = [
        line for line in cost["lines"] if line["address"] == "aws_db_instance.database" and line["kind"] == "fixed"
    ]
    instance = PRICES["tables"]["rds_instance_hour_postgres"]["usd"]["db.t3.micro"] * HOURS
    expected = instance + 20 * price("rds_storage_gp3_gb_month")
    assert sum(line["before"] for line in database) == pytest.approx(expected, abs=0.01)
    assert sum(line["after"] for line in database) == pytest.approx(expected, abs=0.01)
    assert cost["fixed_monthly_delta"] == pytest.approx(
        sum(line["delta"] for line in cost["lines"] if line["kind"] == "fixed"), abs=0.01
    )


# What must not be reported --------------------------------------------------------------------------------------------


def test_tags_a_narrowed_policy_longer_retention_web_ports_and_a_move_are_not_findings(plans: dict[str, Path]) -> None:
    _, report, _ = review(plans["scenario"])
    actions = {c["address"]: "/".join(c["change"]["actions"]) for c in resource_changes(plans["scenario"])}
    assert {address: actions.get(address) for address in BENIGN} == BENIGN
    assert not [f for f in report["findings"] if f["address"] in BENIGN]
    assert report["summary"]["moved"] == 1


# Our stacks, planned from an empty state ------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_our_stacks_plan_without_findings_and_every_resource_is_priced(plans: dict[str, Path], stack: str) -> None:
    # dev's tasks have public IPs by design (no NAT; their group admits only the load balancer): the review reports
    # that as a medium exposure, which dev accepts for its service.
    allowed = ["--allow", "aws_ecs_service.service"] if stack == "dev" else []
    code, report, _ = review(plans[stack], "--fail-on", "low", *allowed)
    active = [finding for finding in report["findings"] if not finding["allowed"]]
    assert (code, active) == (0, []), active
    if stack == "dev":
        (accepted,) = report["findings"]
        assert (accepted["category"], accepted["severity"]) == ("exposure", "medium"), accepted
    assert report["cost"]["not_priced"] == [] and report["unknown_types"] == {}
    assert report["cost"]["fixed_monthly_before"] == 0


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_nat_gateways_and_public_addresses_cost_count_times_hourly_times_730(
    plans: dict[str, Path], stack: str
) -> None:
    _, report, _ = review(plans[stack])
    changes = resource_changes(plans[stack])
    nat_count = sum(change["type"] == "aws_nat_gateway" for change in changes)
    nat = [line for line in report["cost"]["lines"] if line["item"] == "NAT gateway hours"]
    assert nat_count >= (1 if stack == "prod" else 0)  # dev runs without NAT
    assert sum(line["after"] for line in nat) == pytest.approx(nat_count * price("nat_gateway_hour") * HOURS, abs=0.01)
    configuration = json.loads(plans[stack].read_text())["configuration"]["root_module"]["resources"]
    load_balancer = next(r for r in configuration if r["type"] == "aws_lb")
    subnets = {ref for ref in load_balancer["expressions"]["subnets"]["references"] if ref.count(".") == 1}
    # Tasks with public IPs (dev: no NAT) hold one address each.
    task_addresses = sum(
        change["change"]["after"]["desired_count"]
        for change in changes
        if change["type"] == "aws_ecs_service"
        and change["change"]["after"]["network_configuration"][0]["assign_public_ip"]
    )
    addresses = sum(change["type"] == "aws_eip" for change in changes) + len(subnets) + task_addresses
    ipv4 = [line for line in report["cost"]["lines"] if "IPv4" in line["item"]]
    assert sum(line["after"] for line in ipv4) == pytest.approx(addresses * price("public_ipv4_hour") * HOURS, abs=0.01)


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_fargate_and_the_database_cost_what_the_plan_asks_for(plans: dict[str, Path], stack: str) -> None:
    _, report, _ = review(plans[stack])
    by_address = {change["address"]: change["change"]["after"] for change in resource_changes(plans[stack])}
    configuration = json.loads(plans[stack].read_text())["configuration"]["root_module"]["resources"]
    service_config = next(r for r in configuration if r["type"] == "aws_ecs_service")
    task_address = next(
        ref for ref in service_config["expressions"]["task_definition"]["references"] if ref.count(".") == 1
    )
    task, service = by_address[task_address], by_address[service_config["address"]]
    vcpu, memory = int(task["cpu"]) / 1024, int(task["memory"]) / 1024
    fargate = (
        service["desired_count"]
        * HOURS
        * (vcpu * price("fargate_vcpu_hour_x86_64") + memory * price("fargate_gb_hour_x86_64"))
    )
    lines = report["cost"]["lines"]
    assert sum(line["after"] for line in lines if line["item"].startswith("Fargate")) == pytest.approx(
        fargate, abs=0.01
    )
    database = next(values for address, values in by_address.items() if address.startswith("aws_db_instance."))
    copies = 2 if database["multi_az"] else 1
    hourly = PRICES["tables"]["rds_instance_hour_postgres"]["usd"][database["instance_class"]]
    expected = copies * (hourly * HOURS + database["allocated_storage"] * price("rds_storage_gp3_gb_month"))
    assert sum(line["after"] for line in lines if line["type"] == "aws_db_instance" and line["kind"] == "fixed") == (
        pytest.approx(expected, abs=0.01)
    )


def test_prod_costs_more_than_dev_and_every_line_is_after_minus_before(plans: dict[str, Path]) -> None:
    (_, dev, _), (_, prod, _) = review(plans["dev"]), review(plans["prod"])
    assert prod["cost"]["fixed_monthly_after"] > dev["cost"]["fixed_monthly_after"] > 0
    for report in (dev, prod):
        for line in report["cost"]["lines"]:
            assert line["delta"] == pytest.approx((line["after"] or 0) - (line["before"] or 0), abs=0.0001), line
        fixed = sum(line["after"] or 0 for line in report["cost"]["lines"] if line["kind"] == "fixed")
        assert report["cost"]["fixed_monthly_after"] == pytest.approx(fixed, abs=0.01)


def test_the_checked_in_estimates_are_the_review_s(plans: dict[str, Path]) -> None:
    """environments/cost_estimates.json, which dev's and prod's default budgets follow, is what the review prices
    today from these plans (dev and prod from an empty state, as `make estimates` plans them). A stack or a price
    that changes without `make estimates` fails here."""
    from environments.budget import ESTIMATES_FILE
    from scripts.cost_estimates import ENVIRONMENTS, content, priced_figures, text

    fresh = content({name: priced_figures(plans[name].read_text(), name) for name in ENVIRONMENTS})
    assert ESTIMATES_FILE.read_text() == text(fresh), (
        f"{ESTIMATES_FILE} differs from the review's estimate {json.dumps(fresh['environments'])}. Fix: make estimates"
    )
