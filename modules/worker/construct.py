"""The `Worker` construct; see the package docstring."""

from __future__ import annotations

import json
from typing import Any

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_aws.appautoscaling_policy import AppautoscalingPolicy
from cdktf_cdktf_provider_aws.appautoscaling_policy import (
    AppautoscalingPolicyTargetTrackingScalingPolicyConfiguration as TargetTracking,
)
from cdktf_cdktf_provider_aws.appautoscaling_policy import (
    AppautoscalingPolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecification as PredefinedMetric,
)
from cdktf_cdktf_provider_aws.appautoscaling_target import AppautoscalingTarget
from cdktf_cdktf_provider_aws.cloudwatch_metric_alarm import CloudwatchMetricAlarm
from cdktf_cdktf_provider_aws.ecs_service import (
    EcsService,
    EcsServiceDeploymentCircuitBreaker,
    EcsServiceNetworkConfiguration,
)
from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition, EcsTaskDefinitionRuntimePlatform
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from constructs import Construct

from modules.security import security_group
from modules.tokens import as_text
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
        VpcSecurityGroupEgressRule(
            self,
            "egress_https",
            security_group_id=self.security_group.id,
            cidr_ipv4="0.0.0.0/0",
            ip_protocol="tcp",
            from_port=443,
            to_port=443,
            description="HTTPS to AWS APIs and the internet",
        )
        container: dict[str, Any] = {
            "name": CONTAINER,
            "image": props.image,
            "essential": True,
            "command": list(props.command),
            "secrets": [{"name": k, "valueFrom": v} for k, v in sorted(props.secrets.items())],
            "environment": [{"name": k, "value": v} for k, v in sorted(props.environment.items())],
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
        self.task_definition = EcsTaskDefinition(
            self,
            "task_definition",
            family=name,
            requires_compatibilities=["FARGATE"],
            network_mode="awsvpc",
            cpu=as_text(props.cpu),
            memory=as_text(props.memory_mib),
            runtime_platform=EcsTaskDefinitionRuntimePlatform(
                operating_system_family="LINUX", cpu_architecture="X86_64"
            ),
            execution_role_arn=props.execution_role_arn,
            task_role_arn=props.task_role_arn,
            container_definitions=json.dumps([container]),
        )
        self.service = EcsService(
            self,
            "this",
            name=name,
            cluster=props.cluster_arn,
            task_definition=self.task_definition.arn,
            desired_count=props.desired_count,
            launch_type="FARGATE",
            platform_version="LATEST",
            network_configuration=EcsServiceNetworkConfiguration(
                subnets=props.subnet_ids,
                security_groups=[self.security_group.id],
                assign_public_ip=props.assign_public_ip,
            ),
            deployment_circuit_breaker=EcsServiceDeploymentCircuitBreaker(enable=True, rollback=True),
            deployment_minimum_healthy_percent=100,
            deployment_maximum_percent=200,
            enable_ecs_managed_tags=True,
            propagate_tags="SERVICE",
            wait_for_steady_state=False,
            triggers=dict(props.redeploy_triggers) or None,
            force_new_deployment=True if props.redeploy_triggers else None,
            lifecycle=TerraformResourceLifecycle(ignore_changes=["desired_count"]),
        )
        target = AppautoscalingTarget(
            self,
            "scaling_target",
            service_namespace="ecs",
            scalable_dimension="ecs:service:DesiredCount",
            resource_id=f"service/{props.cluster_name}/{self.service.name}",
            min_capacity=props.min_capacity,
            max_capacity=props.max_capacity,
        )
        AppautoscalingPolicy(
            self,
            "scale_on_cpu",
            name=f"{name}-cpu",
            policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            target_tracking_scaling_policy_configuration=TargetTracking(
                target_value=props.cpu_target_percent,
                predefined_metric_specification=PredefinedMetric(
                    predefined_metric_type="ECSServiceAverageCPUUtilization"
                ),
                scale_in_cooldown=300,
                scale_out_cooldown=60,
            ),
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
