"""The `Worker` construct; see the package docstring. What it shares with the app's service (HTTPS out, the task
definition, rollout rules, autoscaling) is in `modules/fargate_service/parts.py`."""

from __future__ import annotations

from typing import Any

from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.ecs_service import EcsService
from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from constructs import Construct

from modules.fargate_service.parts import allow_https_out, autoscaling, fargate_service, fargate_task_definition
from modules.security import security_group
from modules.tokens import as_text, named_entries
from modules.worker.props import WorkerProps

CONTAINER = "worker"


class Worker(Construct):
    service: EcsService
    task_definition: EcsTaskDefinition
    security_group: SecurityGroup
    alarms: dict[str, CloudwatchMetricAlarm]
    peer_id = "worker"
    peer_label = "worker"

    def __init__(self, scope: Construct, id: str, props: WorkerProps) -> None:
        super().__init__(scope, id)
        name = f"{props.name}-worker"
        self.security_group = security_group(
            self, name=name, description=f"ARQ worker of {props.name}: connects out only", vpc_id=props.vpc_id
        )
        allow_https_out(self, self.security_group.id)
        container: dict[str, Any] = {
            "name": CONTAINER,
            "image": props.image,
            "essential": True,
            "command": list(props.command),
            "secrets": named_entries(props.secrets, "valueFrom"),
            "environment": named_entries(props.environment, "value"),
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": props.log_group_name,
                    "awslogs-region": props.region,
                    "awslogs-stream-prefix": "worker",
                },
            },
            "linuxParameters": {"initProcessEnabled": True},
            # ARQ finishes the job in hand on SIGTERM; give it the longest time Fargate allows.
            "stopTimeout": 120,
        }
        self.task_definition = fargate_task_definition(
            self,
            "task_definition",
            family=name,
            cpu=props.cpu,
            memory_mib=props.memory_mib,
            execution_role_arn=props.execution_role_arn,
            task_role_arn=props.task_role_arn,
            container=container,
        )
        self.service = fargate_service(
            self,
            name=name,
            cluster=props.cluster_arn,
            task_definition_arn=self.task_definition.arn,
            desired_count=props.desired_count,
            subnet_ids=props.subnet_ids,
            security_group_id=self.security_group.id,
            assign_public_ip=props.assign_public_ip,
            redeploy_triggers=props.redeploy_triggers,
        )
        autoscaling(
            self,
            self.service,
            name=name,
            cluster_name=props.cluster_name,
            min_capacity=props.min_capacity,
            max_capacity=props.max_capacity,
            target_percents={"cpu": props.cpu_target_percent},
            scale_in_cooldown_seconds=300,
            scale_out_cooldown_seconds=60,
        )
        dimensions = {"ClusterName": props.cluster_name, "ServiceName": self.service.name}
        actions = [props.alarm_topic_arn] if props.alarm_topic_arn else None
        self.alarms = {
            metric: CloudwatchMetricAlarm(
                self,
                f"{metric}_alarm",
                alarm_name=f"{name}-{metric}",
                alarm_description=f"Worker {metric} above {as_text(threshold)}% for 15 minutes",
                namespace="AWS/ECS",
                metric_name="CPUUtilization" if metric == "cpu" else "MemoryUtilization",
                dimensions=dimensions,
                statistic="Average",
                comparison_operator="GreaterThanThreshold",
                threshold=threshold,
                period=300,
                evaluation_periods=3,
                treat_missing_data="notBreaching",
                alarm_actions=actions,
                ok_actions=actions,
            )
            for metric, threshold in (("cpu", props.alarm_cpu_percent), ("memory", props.alarm_memory_percent))
        }
