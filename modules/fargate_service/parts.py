"""What every Fargate service of ours is made of, shared by `FargateService` (the app) and `Worker` (the ARQ
worker): HTTPS out, a task definition of one container, the service with its rollout rules, and target-tracking
autoscaling. What differs (the container, the load balancer, the cooldowns) is passed in."""

from __future__ import annotations

from collections.abc import Mapping
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
from cdktf_cdktf_provider_aws.ecs_service import (
    EcsService,
    EcsServiceDeploymentCircuitBreaker,
    EcsServiceDeploymentController,
    EcsServiceNetworkConfiguration,
)
from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition, EcsTaskDefinitionRuntimePlatform
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from constructs import Construct

from modules.tokens import as_text, json_document

SCALING_METRICS = {"cpu": "ECSServiceAverageCPUUtilization", "memory": "ECSServiceAverageMemoryUtilization"}


def allow_https_out(scope: Construct, security_group_id: str) -> VpcSecurityGroupEgressRule:
    """HTTPS out (image pulls, Secrets Manager, CloudWatch Logs, AWS APIs, webhooks): through NAT, or straight out
    from a public subnet. The database and Redis rules are added by `connect`."""
    return VpcSecurityGroupEgressRule(
        scope,
        "egress_https",
        security_group_id=security_group_id,
        cidr_ipv4="0.0.0.0/0",
        ip_protocol="tcp",
        from_port=443,
        to_port=443,
        description="HTTPS to AWS APIs and the internet",
    )


def fargate_task_definition(
    scope: Construct,
    id: str,
    *,
    family: str,
    cpu: int,
    memory_mib: int,
    execution_role_arn: str,
    task_role_arn: str,
    container: dict[str, Any],
) -> EcsTaskDefinition:
    """A Fargate (x86_64 Linux) task definition of one container."""
    return EcsTaskDefinition(
        scope,
        id,
        family=family,
        requires_compatibilities=["FARGATE"],
        network_mode="awsvpc",
        cpu=as_text(cpu),
        memory=as_text(memory_mib),
        runtime_platform=EcsTaskDefinitionRuntimePlatform(operating_system_family="LINUX", cpu_architecture="X86_64"),
        execution_role_arn=execution_role_arn,
        task_role_arn=task_role_arn,
        # Plain JSON with `${...}` references inside: what `aws ecs describe-task-definition` shows, and readable
        # in a plan.
        container_definitions=json_document([container]),
    )


def fargate_service(
    scope: Construct,
    *,
    name: str,
    cluster: str,
    task_definition_arn: str,
    desired_count: int,
    subnet_ids: Any,
    security_group_id: str,
    assign_public_ip: Any,
    redeploy_triggers: Mapping[str, str],
    code_deploy: bool = False,
    **extra: Any,
) -> EcsService:
    """The service (construct id `this`): rolled out with a circuit breaker and rollback, never below the running
    count; new tasks whenever a trigger changes (a rotated secret), while running tasks keep the values they started
    with; the running count belongs to autoscaling. `extra`: the load balancer and what goes with it.

    With `code_deploy` (blue/green), CodeDeploy's deployments own what ECS would roll: the service takes the
    CODE_DEPLOY controller, no circuit breaker and no forced redeploy (UpdateService refuses both on such a
    service, and refuses a new task definition, load balancer or network too: those reach the service in the next
    CodeDeploy deployment's AppSpec, so Terraform ignores them after creating the service). The triggers are then
    the caller's to carry (in the task definition, so that a change registers a revision to deploy)."""
    if code_deploy:
        rollout: dict[str, Any] = {
            "deployment_controller": EcsServiceDeploymentController(type="CODE_DEPLOY"),
            # CodeDeploy swaps the task set, with its target group and network; autoscaling owns the count.
            "lifecycle": TerraformResourceLifecycle(
                ignore_changes=["desired_count", "task_definition", "load_balancer", "network_configuration"]
            ),
        }
    else:
        rollout = {
            "deployment_circuit_breaker": EcsServiceDeploymentCircuitBreaker(enable=True, rollback=True),
            "triggers": dict(redeploy_triggers) or None,
            "force_new_deployment": True if redeploy_triggers else None,
            # Autoscaling owns the running count: a later deploy must not reset it to desired_count.
            "lifecycle": TerraformResourceLifecycle(ignore_changes=["desired_count"]),
        }
    return EcsService(
        scope,
        "this",
        name=name,
        cluster=cluster,
        task_definition=task_definition_arn,
        desired_count=desired_count,
        launch_type="FARGATE",
        platform_version="LATEST",
        network_configuration=EcsServiceNetworkConfiguration(
            subnets=subnet_ids, security_groups=[security_group_id], assign_public_ip=assign_public_ip
        ),
        deployment_minimum_healthy_percent=100,
        deployment_maximum_percent=200,
        enable_ecs_managed_tags=True,
        propagate_tags="SERVICE",
        wait_for_steady_state=False,
        **rollout,
        **extra,
    )


def autoscaling(
    scope: Construct,
    service: EcsService,
    *,
    name: str,
    cluster_name: str,
    min_capacity: int,
    max_capacity: int,
    target_percents: Mapping[str, Any],
    scale_in_cooldown_seconds: Any,
    scale_out_cooldown_seconds: Any,
) -> AppautoscalingTarget:
    """The service's running count between `min_capacity` and `max_capacity`, tracking each of `target_percents`
    (`cpu`, `memory`: average utilization in percent) with a policy named `<name>-<cpu|memory>`."""
    target = AppautoscalingTarget(
        scope,
        "scaling_target",
        service_namespace="ecs",
        scalable_dimension="ecs:service:DesiredCount",
        resource_id=f"service/{cluster_name}/{service.name}",
        min_capacity=min_capacity,
        max_capacity=max_capacity,
    )
    for short, percent in target_percents.items():
        AppautoscalingPolicy(
            scope,
            f"scale_on_{short}",
            name=f"{name}-{short}",
            policy_type="TargetTrackingScaling",
            service_namespace=target.service_namespace,
            scalable_dimension=target.scalable_dimension,
            resource_id=target.resource_id,
            target_tracking_scaling_policy_configuration=TargetTracking(
                target_value=percent,
                predefined_metric_specification=PredefinedMetric(predefined_metric_type=SCALING_METRICS[short]),
                scale_in_cooldown=scale_in_cooldown_seconds,
                scale_out_cooldown=scale_out_cooldown_seconds,
            ),
        )
    return target
