"""The `redis` Terraform module (modules/redis/terraform), generated from `Redis`: `make modules`."""

from __future__ import annotations

from modulegen.stack import ModuleDefinition, ModuleStack, inputs
from modulegen.variables import variables_from
from modules.redis.construct import Redis
from modules.redis.props import RedisProps
from modules.rules import Rule

USAGE = """
module "redis" {
  source     = "git::https://github.com/<org>/<repo>.git//modules/redis/terraform?ref=<tag>"
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

# Declared beside the fields (`RedisOptions.RULES`, `RedisProps.RULES`): Python checks them; here they become the
# module's validation blocks.
RULES: list[Rule] = list(RedisProps.RULES)

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
        "snapshot_retention_days": "Daily snapshots kept (0-35); 0 turns snapshots off (and the final snapshot "
        "on delete).",
    },
    sensitive=["auth_token"],
    rules=RULES,
)


def build(stack: ModuleStack) -> None:
    props = RedisProps(**inputs(stack, VARIABLES))
    redis = Redis(stack, "this", props)
    group = redis.replication_group
    # The construct's description names the product it was written for.
    group.description = f"Redis {props.name}"
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
    sample={
        "name": "example-cache",
        "vpc_id": "vpc-0123456789abcdef0",
        "subnet_ids": ["subnet-a"],
        "auth_token": "0123456789abcdef0123",
    },
    build=build,
    usage=USAGE,
    fixed={
        "Encryption": "at rest (with `kms_key_arn` or the AWS-managed key) and in transit: clients must use TLS "
        "(`rediss://`) and the AUTH token.",
        "Port": "6379; the security group has no rules until you add them.",
        "Upgrades": "minor versions are applied automatically in the maintenance window; changes wait for it "
        "(`apply_immediately = false`).",
        "Multi-AZ": "follows `enable_automatic_failover` (a failover target in another zone is what Multi-AZ is).",
    },
)
