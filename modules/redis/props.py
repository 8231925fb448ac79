"""Options and props of `Redis`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from modules.aws_names import longest_base
from modules.instance_classes import ELASTICACHE, check_instance_class
from modules.options import Options, Props
from modules.rules import Rule, and_python, at_least, check, in_range, matches, weekly_window
from modules.validation import is_token, require

NAME_LENGTH = longest_base("elasticache_replication_group")  # `name` is the replication group ID


@dataclass(frozen=True, kw_only=True)
class RedisOptions(Options):
    """What a user chooses about the cache: node size and count, failover, snapshots."""

    RULES: ClassVar[Sequence[Rule]] = (
        # Python also knows the ElastiCache node families and sizes (modules/instance_classes.py).
        and_python(
            matches(
                "node_type",
                r"cache\.[a-z0-9]+\.[a-z0-9]+",
                "a cache node type",
                example="cache.t3.micro",
                refused=("t3.micro", "cache.t3"),
            ),
            lambda setting, value, _: check_instance_class(setting, value, ELASTICACHE),
        ),
        in_range("node_count", 1, 6),
        check(
            "enable_automatic_failover",
            "!{{value}} || {{node_count}} >= 2",
            "enable_automatic_failover needs a replica to promote: set node_count to 2 or more.",
            python=lambda _, value, options: (
                None
                if not value or is_token(options.node_count)
                else require(
                    options.node_count >= 2,
                    setting="node_count",
                    value=options.node_count,
                    problem="automatic failover needs a replica to promote",
                    fix="set node_count=2 or more, or enable_automatic_failover=False",
                )
            ),
        ),
        matches(
            "engine_version", r"[67]\.\d+", "a Redis engine version (major.minor)", example="7.1", refused=("7", "8.0")
        ),
        in_range("snapshot_retention_days", 0, 35),
        weekly_window("maintenance_window"),
    )

    node_type: str = "cache.t3.micro"
    """Cache node type (cache.t3.micro: 2 vCPU burstable, 0.5 GiB)."""
    node_count: int = 1
    """Nodes in the group: 1 primary plus replicas (1-6). Automatic failover needs at least 2."""
    enable_automatic_failover: bool = False
    """Promote a replica in another zone when the primary fails (also turns on Multi-AZ)."""
    engine_version: str = "7.1"
    """Redis engine version (major.minor)."""
    snapshot_retention_days: int = 0
    """Daily snapshots kept (0-35); 0 turns snapshots off. The queue is transient, so dev keeps none."""
    maintenance_window: str = "sun:05:00-sun:06:00"
    """Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC."""


@dataclass(frozen=True, kw_only=True)
class RedisProps(RedisOptions, Props):
    """Everything `Redis` needs: the options plus its name, network, AUTH token and key."""

    name: str
    """Replication group ID (at most 40 characters); also names the subnet group and security group."""
    vpc_id: str
    """VPC of the cache's security group."""
    subnet_ids: Sequence[str]
    """Private subnets of the cache nodes."""
    auth_token: str
    """AUTH token reference (16-128 characters). ElastiCache has no write-only form: the value is kept in state."""
    kms_key_arn: str | None = None
    """KMS key for encryption at rest. When left out, the AWS-managed ElastiCache key."""

    RULES: ClassVar[Sequence[Rule]] = (
        *RedisOptions.RULES,
        matches(
            "name",
            rf"[a-z][a-z0-9-]{{0,{NAME_LENGTH - 2}}}[a-z0-9]",
            f"an ElastiCache replication group ID (lowercase letters, digits, hyphens, at most {NAME_LENGTH} "
            "characters)",
            example="billing-prod",
            refused=("Cache", "cache-", "a" * (NAME_LENGTH + 1)),
        ),
        at_least("subnet_ids", 1, "private subnet", problem="no subnets", fix="pass the private subnets"),
        check(
            "auth_token",
            "length({{value}}) >= 16 && length({{value}}) <= 128",
            "auth_token must be 16 to 128 characters.",
        ),
    )
