"""Options and props of `Alarms`. No cdktf import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from modules.options import Options, Props
from modules.rules import Rule, in_range, matches

EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[a-z]{2,}"


@dataclass(frozen=True, kw_only=True)
class AlarmsOptions(Options):
    """What a user chooses about alarms: who is told, and the thresholds."""

    RULES: ClassVar[Sequence[Rule]] = (
        matches(
            "email",
            EMAIL_PATTERN,
            "an email address",
            example="ops@acme.io",
            refused=("ops", "ops@example"),
            nullable=True,
        ),
        in_range("cpu_percent", 1, 100),
        in_range("memory_percent", 1, 100),
        in_range("database_connections", 1, 100000),
        in_range("database_free_storage_gib", 1, 65536),
        in_range("alb_5xx_per_5_minutes", 1, 1000000),
    )

    email: str | None = None
    """Subscribe this address to the topic (AWS emails a confirmation link). When left out, no subscription:
    subscribe a pager or chat integration to the `alarm_topic_arn` output yourself."""
    cpu_percent: int = 85
    """Service CPU (average over 3 periods of 5 minutes) above which the alarm fires."""
    memory_percent: int = 85
    """Service memory (average over 3 periods of 5 minutes) above which the alarm fires."""
    database_connections: int = 70
    """Alarm above this many connections (db.t3.micro allows about 80 by default)."""
    database_free_storage_gib: int = 2
    """Alarm when the database has less free storage than this."""
    alb_5xx_per_5_minutes: int = 10
    """5xx responses (from the ALB itself or the targets) in five minutes before the alarm fires."""


@dataclass(frozen=True, kw_only=True)
class AlarmsProps(AlarmsOptions, Props):
    """Everything `Alarms` needs: the options plus the names of what it watches."""

    name: str
    """Prefix of every alarm name and the SNS topic name."""
    cluster_name: str
    """ECS cluster of the watched service."""
    service_name: str
    """ECS service watched for CPU, memory and running tasks."""
    database_instance_id: str
    """RDS instance watched for CPU, connections and free storage."""
    load_balancer_arn_suffix: str
    """ARN suffix of the load balancer watched for 5xx responses."""
    target_group_arn_suffix: str
    """ARN suffix of the target group watched for unhealthy hosts."""
    alt_target_group_arn_suffix: str | None = None
    """Blue/green: the other target group, watched the same way (5xx, unhealthy hosts): CodeDeploy moves the
    traffic between the two on each deployment. When left out, one target group."""
    kms_key_arn: str | None = None
    """KMS key of the topic; its policy must let CloudWatch use it (AWS-managed SNS keys do not).
    When left out, the topic is not encrypted."""

    RULES: ClassVar[Sequence[Rule]] = (
        *AlarmsOptions.RULES,
        matches(
            "name",
            r"[A-Za-z0-9_-]{1,200}",
            "an alarm name prefix (letters, digits, _ and -)",
            example="billing-prod",
            refused=("a b",),
        ),
    )
