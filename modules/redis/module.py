"""The `redis` Terraform module (modules/redis/terraform), generated from `Redis`: `make modules`."""

from __future__ import annotations

from modules.module_inputs import Validation, variables_from
from modules.redis.construct import Redis
from modules.redis.props import RedisProps
from modules.terraform_module import ModuleDefinition, ModuleStack, inputs

USAGE = """
module "redis" {
  source     = "./modules/redis/terraform"
  name       = "billing-prod"
  vpc_id     = module.network.vpc_id
  subnet_ids = module.network.private_subnet_ids
  # ElastiCache keeps the token in state (it has no write-only form); see example/main.tf for one made in AWS.
  auth_token = data.aws_secretsmanager_secret_version.redis_auth.secret_string

  node_count                = 2
  enable_automatic_failover = true
}

# Clients connect with TLS: rediss://:<auth_token>@${module.redis.primary_endpoint}:${module.redis.port}/0
"""

VARIABLES = variables_from(
    RedisProps,
    [
        "name",
        "vpc_id",
        "subnet_ids",
        "auth_token",
        "node_type",
        "node_count",
        "enable_automatic_failover",
        "engine_version",
        "snapshot_retention_days",
        "kms_key_arn",
        "maintenance_window",
    ],
    descriptions={
        "vpc_id": "VPC of the cache's security group.",
        "subnet_ids": "Private subnets for the cache nodes (one per zone the nodes may use).",
        "node_type": "Cache node type, such as cache.t3.micro or cache.r7g.large.",
        "engine_version": "Redis engine version, such as 7.1.",
        "maintenance_window": "Weekly maintenance window, ddd:hh24:mi-ddd:hh24:mi UTC.",
    },
    sensitive=["auth_token"],
    validations={
        "auth_token": Validation(
            "length(var.auth_token) >= 16 && length(var.auth_token) <= 128",
            "auth_token must be 16 to 128 characters.",
        ),
        "node_count": Validation(
            "var.node_count >= 1 && var.node_count <= 6", "node_count must be 1 (primary only) to 6."
        ),
        "enable_automatic_failover": Validation(
            "!var.enable_automatic_failover || var.node_count >= 2",
            "enable_automatic_failover needs a replica to promote: set node_count to 2 or more.",
        ),
        "snapshot_retention_days": Validation(
            "var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35",
            "snapshot_retention_days must be 0 (off) to 35.",
        ),
    },
)


def build(stack: ModuleStack) -> None:
    redis = Redis(stack, "this", RedisProps(**inputs(stack, VARIABLES)))
    group = redis.replication_group
    stack.output("replication_group_id", group.id, "ElastiCache replication group ID.")
    stack.output("primary_endpoint", group.primary_endpoint_address, "Host name of the primary (writes).")
    stack.output("reader_endpoint", group.reader_endpoint_address, "Host name that spreads reads over replicas.")
    stack.output("port", group.port, "Redis port (TLS only).")
    stack.output(
        "security_group_id",
        redis.security_group.id,
        "Security group of the cache: add ingress rules from your app's group (it has none).",
    )


MODULE = ModuleDefinition(
    title="ElastiCache Redis in private subnets: encrypted at rest and in transit (TLS only), AUTH token, optional "
    "replicas with automatic failover and Multi-AZ, daily snapshots with a final snapshot on delete; reachable only "
    "from the security groups you allow.",
    build=build,
    usage=USAGE,
)
