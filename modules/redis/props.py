"""Options and props of `Redis`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from modules.instance_classes import ELASTICACHE, check_instance_class
from modules.options import Options, Props
from modules.validation import check_min_items, check_pattern, check_range, check_weekly_window, is_token, require


@dataclass(frozen=True, kw_only=True)
class RedisOptions(Options):
    """What a user chooses about the cache: node size and count, failover, snapshots."""

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

    def validate(self) -> None:
        check_pattern(
            "node_type",
            self.node_type,
            r"cache\.[a-z0-9]+\.[a-z0-9]+",
            meaning="a cache node type",
            example="cache.t3.micro",
        )
        check_instance_class("node_type", self.node_type, ELASTICACHE)
        check_range("node_count", self.node_count, 1, 6)
        if self.enable_automatic_failover and not is_token(self.node_count):
            require(
                self.node_count >= 2,
                setting="node_count",
                value=self.node_count,
                problem="automatic failover needs a replica to promote",
                fix="set node_count=2 or more, or enable_automatic_failover=False",
            )
        check_range("snapshot_retention_days", self.snapshot_retention_days, 0, 35)
        check_weekly_window("maintenance_window", self.maintenance_window)
        check_pattern(
            "engine_version", self.engine_version, r"[67]\.\d+", meaning="a Redis engine version", example="7.1"
        )


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

    def validate(self) -> None:
        check_pattern(
            "name",
            self.name,
            r"[a-z][a-z0-9-]{0,38}[a-z0-9]",
            meaning="an ElastiCache replication group ID (lowercase, at most 40 characters)",
            example="mission-control-dev",
        )
        super().validate()
        check_min_items("subnet_ids", self.subnet_ids, 1, problem="no subnets", fix="pass the private subnets")
