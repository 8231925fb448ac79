"""The `Dashboard` construct; see the package docstring."""

from __future__ import annotations

from typing import Any

from cdktf_cdktf_provider_aws.cloudwatch_dashboard import CloudwatchDashboard
from constructs import Construct

from modules.dashboard.props import DashboardProps
from modules.tokens import json_document

WIDTH, HEIGHT, PER_ROW = 8, 6, 3
"""Three graphs a row on CloudWatch's 24-column grid."""

Metric = list[Any]
"""CloudWatch's metric array: namespace, metric name, dimension name, value, ..., then optional rendering options."""


def metric(namespace: str, name: str, dimensions: dict[str, str], **options: Any) -> Metric:
    return [namespace, name, *(part for pair in dimensions.items() for part in pair), *([options] if options else [])]


class Dashboard(Construct):
    """`url` is the dashboard's console URL."""

    dashboard: CloudwatchDashboard
    url: str

    def __init__(self, scope: Construct, id: str, props: DashboardProps) -> None:
        super().__init__(scope, id)
        app = {"ClusterName": props.cluster_name, "ServiceName": props.service_name}
        alb = {"LoadBalancer": props.load_balancer_arn_suffix}
        target = {"TargetGroup": props.target_group_arn_suffix, "LoadBalancer": props.load_balancer_arn_suffix}
        # Blue/green: CodeDeploy moves the app between two target groups, so each target graph shows both.
        targets = [("", target)]
        if props.alt_target_group_arn_suffix is not None:
            alt = {"TargetGroup": props.alt_target_group_arn_suffix, "LoadBalancer": props.load_balancer_arn_suffix}
            targets.append((" (alt)", alt))
        database = {"DBInstanceIdentifier": props.database_instance_id}
        caches = [{"CacheClusterId": cluster} for cluster in props.cache_cluster_ids]
        graphs: list[tuple[str, str, list[Metric]]] = [
            (
                "App service: CPU and memory (%)",
                "Average",
                [
                    metric("AWS/ECS", "CPUUtilization", app, label="CPU"),
                    metric("AWS/ECS", "MemoryUtilization", app, label="memory"),
                ],
            ),
            (
                "App service: running tasks",
                "Average",
                [
                    metric("ECS/ContainerInsights", "RunningTaskCount", app, label="running"),
                    metric("ECS/ContainerInsights", "DesiredTaskCount", app, label="desired"),
                ],
            ),
            ("Load balancer: requests", "Sum", [metric("AWS/ApplicationELB", "RequestCount", alb, label="requests")]),
            (
                "5xx responses",
                "Sum",
                [
                    metric("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", alb, label="from the load balancer"),
                    *(
                        metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", dims, label=f"from the app{suffix}")
                        for suffix, dims in targets
                    ),
                ],
            ),
            (
                "Response time p95 (seconds)",
                "p95",
                [
                    metric("AWS/ApplicationELB", "TargetResponseTime", dims, label=f"p95{suffix}")
                    for suffix, dims in targets
                ],
            ),
            (
                "Targets",
                "Minimum",
                [
                    item
                    for suffix, dims in targets
                    for item in (
                        metric("AWS/ApplicationELB", "HealthyHostCount", dims, label=f"healthy{suffix}"),
                        metric(
                            "AWS/ApplicationELB", "UnHealthyHostCount", dims, label=f"unhealthy{suffix}", stat="Maximum"
                        ),
                    )
                ],
            ),
            ("Database: CPU (%)", "Average", [metric("AWS/RDS", "CPUUtilization", database, label="CPU")]),
            (
                "Database: connections",
                "Maximum",
                [metric("AWS/RDS", "DatabaseConnections", database, label="connections")],
            ),
            (
                "Database: free storage (bytes)",
                "Minimum",
                [metric("AWS/RDS", "FreeStorageSpace", database, label="free")],
            ),
            (
                "Redis: engine CPU (%)",
                "Average",
                [metric("AWS/ElastiCache", "EngineCPUUtilization", cache) for cache in caches],
            ),
            (
                "Redis: memory used (%)",
                "Average",
                [metric("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", cache) for cache in caches],
            ),
            ("Redis: evictions", "Sum", [metric("AWS/ElastiCache", "Evictions", cache) for cache in caches]),
        ]
        if props.worker_service_name is not None:
            worker = {"ClusterName": props.cluster_name, "ServiceName": props.worker_service_name}
            graphs += [
                (
                    "Worker: CPU and memory (%)",
                    "Average",
                    [
                        metric("AWS/ECS", "CPUUtilization", worker, label="CPU"),
                        metric("AWS/ECS", "MemoryUtilization", worker, label="memory"),
                    ],
                ),
                (
                    "Worker: running tasks",
                    "Average",
                    [
                        metric("ECS/ContainerInsights", "RunningTaskCount", worker, label="running"),
                        metric("ECS/ContainerInsights", "DesiredTaskCount", worker, label="desired"),
                    ],
                ),
            ]
        widgets = [
            {
                "type": "metric",
                "x": (number % PER_ROW) * WIDTH,
                "y": (number // PER_ROW) * HEIGHT,
                "width": WIDTH,
                "height": HEIGHT,
                "properties": {
                    "title": title,
                    "region": props.region,
                    "stat": stat,
                    "period": props.period_seconds,
                    "view": "timeSeries",
                    "metrics": metrics,
                },
            }
            for number, (title, stat, metrics) in enumerate(graphs)
        ]
        self.dashboard = CloudwatchDashboard(
            self, "this", dashboard_name=props.name, dashboard_body=json_document({"widgets": widgets})
        )
        self.url = (
            f"https://{props.region}.console.aws.amazon.com/cloudwatch/home?region={props.region}"
            f"#dashboards/dashboard/{self.dashboard.dashboard_name}"
        )
