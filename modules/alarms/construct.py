"""The `Alarms` construct; see the package docstring."""

from __future__ import annotations

from dataclasses import dataclass, replace

from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
from cdktf_cdktf_provider_aws.sns_topic_subscription import SnsTopicSubscription
from constructs import Construct

from modules.alarms.props import AlarmsProps
from modules.tokens import as_text, count_for, is_set, present, times

GIB = 1024**3
DEPLOYMENT_ALARMS = ("alb_5xx", "target_5xx", "unhealthy_hosts")
"""Rules whose alarm means a new version fails (with `alt_` for the other target group): they stop a deployment."""


@dataclass(frozen=True)
class Rule:
    id: str
    namespace: str
    metric: str
    dimensions: dict[str, str]
    statistic: str
    comparison: str
    threshold: float
    description: str
    periods: int = 3


class Alarms(Construct):
    """Thresholds may be Terraform tokens (the construct used as an HCL module): descriptions and the free-storage
    threshold are then written by Terraform; an `email` that may be null makes the subscription a `count` 0 or 1."""

    topic: SnsTopic
    alarms: dict[str, CloudwatchMetricAlarm]
    deployment_alarms: list[CloudwatchMetricAlarm]
    """The alarms that mean the app's new version is failing (5xx, unhealthy tasks): CodeDeploy stops and rolls
    back a blue/green deployment when one fires."""
    email_subscription: SnsTopicSubscription | None

    def __init__(self, scope: Construct, id: str, props: AlarmsProps) -> None:
        super().__init__(scope, id)
        self.topic = SnsTopic(self, "topic", name=f"{props.name}-alarms", kms_master_key_id=props.kms_key_arn)
        self.email_subscription = None
        if present(is_set(props.email)):
            self.email_subscription = SnsTopicSubscription(
                self,
                "email",
                count=count_for(is_set(props.email)),
                topic_arn=self.topic.arn,
                protocol="email",
                endpoint=str(props.email),
            )

        service = {"ClusterName": props.cluster_name, "ServiceName": props.service_name}
        database = {"DBInstanceIdentifier": props.database_instance_id}
        alb = {"LoadBalancer": props.load_balancer_arn_suffix}
        target = {"LoadBalancer": props.load_balancer_arn_suffix, "TargetGroup": props.target_group_arn_suffix}
        above, below = "GreaterThanThreshold", "LessThanThreshold"
        rules = [
            Rule(
                "service_cpu",
                "AWS/ECS",
                "CPUUtilization",
                service,
                "Average",
                above,
                props.cpu_percent,
                f"Service CPU above {as_text(props.cpu_percent)}% for 15 minutes",
            ),
            Rule(
                "service_memory",
                "AWS/ECS",
                "MemoryUtilization",
                service,
                "Average",
                above,
                props.memory_percent,
                f"Service memory above {as_text(props.memory_percent)}% for 15 minutes",
            ),
            Rule(
                "database_connections",
                "AWS/RDS",
                "DatabaseConnections",
                database,
                "Maximum",
                above,
                props.database_connections,
                f"More than {as_text(props.database_connections)} database connections",
            ),
            Rule(
                "database_free_storage",
                "AWS/RDS",
                "FreeStorageSpace",
                database,
                "Minimum",
                below,
                times(props.database_free_storage_gib, GIB),
                f"Database free storage below {as_text(props.database_free_storage_gib)} GiB",
                periods=1,
            ),
            Rule(
                "alb_5xx",
                "AWS/ApplicationELB",
                "HTTPCode_ELB_5XX_Count",
                alb,
                "Sum",
                above,
                props.alb_5xx_per_5_minutes,
                "Load balancer 5xx responses (no healthy target, timeouts)",
                periods=1,
            ),
            Rule(
                "target_5xx",
                "AWS/ApplicationELB",
                "HTTPCode_Target_5XX_Count",
                target,
                "Sum",
                above,
                props.alb_5xx_per_5_minutes,
                "App 5xx responses",
                periods=1,
            ),
            Rule(
                "unhealthy_hosts",
                "AWS/ApplicationELB",
                "UnHealthyHostCount",
                target,
                "Maximum",
                above,
                0,
                "A task fails the load balancer health check",
            ),
        ]
        if props.alt_target_group_arn_suffix is not None:
            alt = {"LoadBalancer": props.load_balancer_arn_suffix, "TargetGroup": props.alt_target_group_arn_suffix}
            rules += [
                replace(rule, id=f"alt_{rule.id}", dimensions=alt, description=f"{rule.description} (target group alt)")
                for rule in rules
                if rule.dimensions is target
            ]
        self.alarms = {
            rule.id: CloudwatchMetricAlarm(
                self,
                rule.id,
                alarm_name=f"{props.name}-{rule.id.replace('_', '-')}",
                alarm_description=rule.description,
                namespace=rule.namespace,
                metric_name=rule.metric,
                dimensions=rule.dimensions,
                statistic=rule.statistic,
                comparison_operator=rule.comparison,
                threshold=rule.threshold,
                period=300,
                evaluation_periods=rule.periods,
                # No data from a scaled-in or idle resource is not an incident.
                treat_missing_data="notBreaching",
                alarm_actions=[self.topic.arn],
                ok_actions=[self.topic.arn],
            )
            for rule in rules
        }
        self.deployment_alarms = [
            alarm for id, alarm in self.alarms.items() if id.removeprefix("alt_") in DEPLOYMENT_ALARMS
        ]
