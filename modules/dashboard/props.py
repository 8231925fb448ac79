"""Props of `Dashboard`. No cdktf import."""

from __future__ import annotations

from dataclasses import dataclass

from modules.options import Props
from modules.validation import check_pattern, require

PERIODS = (60, 300, 900, 3600)


@dataclass(frozen=True, kw_only=True)
class DashboardProps(Props):
    """What the dashboard shows: the names and IDs of the watched resources (tokens in a stack)."""

    name: str
    """The dashboard's name (the environment's resource name, `mission-control-dev`)."""
    region: str
    """Region of the metrics and of the console URL."""
    cluster_name: str
    """ECS cluster of the app and the worker (AWS/ECS and Container Insights metrics)."""
    service_name: str
    """ECS service of the app."""
    load_balancer_arn_suffix: str
    """ARN suffix of the load balancer (the AWS/ApplicationELB `LoadBalancer` dimension)."""
    target_group_arn_suffix: str
    """ARN suffix of the app's target group (the `TargetGroup` dimension)."""
    alt_target_group_arn_suffix: str | None = None
    """Blue/green: the other target group, shown beside the first in every target graph (CodeDeploy moves the app
    between them). When left out, one target group."""
    database_instance_id: str
    """RDS instance identifier (AWS/RDS)."""
    cache_cluster_ids: tuple[str, ...]
    """The replication group's member clusters (AWS/ElastiCache publishes per cache cluster), one line each."""
    worker_service_name: str | None = None
    """The worker's ECS service, in the same cluster. When left out, no worker row."""
    period_seconds: int = 300
    """Period of every graph (60, 300, 900 or 3600)."""

    def validate(self) -> None:
        check_pattern("name", self.name, r"[A-Za-z0-9_-]{1,255}", meaning="a dashboard name", example="mc-dev")
        require(
            self.period_seconds in PERIODS,
            setting="period_seconds",
            value=self.period_seconds,
            problem="not a period the dashboard offers",
            fix=f"use one of {', '.join(map(str, PERIODS))}",
        )
        require(
            len(self.cache_cluster_ids) > 0,
            setting="cache_cluster_ids",
            value=self.cache_cluster_ids,
            problem="Redis metrics are published per cache cluster: without one the Redis row is empty",
            fix="pass the replication group's member clusters",
        )
