"""The `FargateService` construct; see the package docstring."""

from __future__ import annotations

import json
from typing import Any

from cdktf import Fn
from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
from cdktf_cdktf_provider_aws.ecs_cluster import EcsCluster, EcsClusterSetting
from cdktf_cdktf_provider_aws.ecs_service import (
    EcsService,
    EcsServiceLoadBalancer,
)
from cdktf_cdktf_provider_aws.ecs_task_definition import EcsTaskDefinition
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from constructs import Construct

from modules.fargate_service.parts import (
    allow_https_out,
    autoscaling,
    fargate_service,
    fargate_task_definition,
)
from modules.fargate_service.props import FargateServiceProps
from modules.iam import service_trust_policy
from modules.security import security_group
from modules.tokens import (
    choose,
    count_for,
    is_nonempty,
    is_set,
    joined,
    json_document,
    named_entries,
    optional_items,
    present,
    sorted_values,
    truncated,
)

CONTAINER = "app"
REDEPLOY_LABEL_PREFIX = "redeploy-trigger."
"""Docker labels of a blue/green service's task definition that carry its redeploy triggers."""
ECS_TASKS_TRUST = service_trust_policy("ecs-tasks.amazonaws.com")


class FargateService(Construct):
    cluster: EcsCluster
    service: EcsService
    task_definition: EcsTaskDefinition
    migration_task_definition: EcsTaskDefinition
    log_group: CloudwatchLogGroup
    execution_role: IamRole
    task_role: IamRole
    security_group: SecurityGroup
    subnet_ids: list[str]
    container_port: int | float
    blue_green: bool
    peer_id = "app"
    peer_label = "app"

    def __init__(self, scope: Construct, id: str, props: FargateServiceProps) -> None:
        super().__init__(scope, id)
        self.subnet_ids, self.container_port = list(props.subnet_ids), props.container_port
        self.assign_public_ip = props.assign_public_ip
        self.blue_green = props.deployment == "blue_green"
        """CodeDeploy deploys the service (`deployment = "blue_green"`): see `BlueGreenDeployment`."""
        self.public_ip_setting: str = choose(props.assign_public_ip, "ENABLED", "DISABLED")
        """`ENABLED` or `DISABLED`, as `aws ecs run-task` takes it."""
        self.cluster = EcsCluster(
            self,
            "cluster",
            name=props.name,
            setting=[
                EcsClusterSetting(
                    name="containerInsights", value=choose(props.enable_container_insights, "enabled", "disabled")
                )
            ],
        )
        self.log_group = CloudwatchLogGroup(
            self,
            "log_group",
            name=f"/ecs/{props.name}",
            retention_in_days=props.log_retention_days,
            kms_key_id=props.kms_key_arn,
        )

        # The execution role is ECS's (pull the image, fetch secrets, write logs); the task role is the app's.
        self.execution_role = IamRole(
            self, "execution_role", name_prefix=f"{truncated(props.name, 24)}-exec-", assume_role_policy=ECS_TASKS_TRUST
        )
        IamRolePolicyAttachment(
            self,
            "execution_role_managed_policy",
            role=self.execution_role.name,
            policy_arn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
        )
        # Token-safe (modules/tokens.py): with plain values the same as `if props.secrets:` and `json.dumps`; an
        # HCL module's map and nullable key are decided by Terraform.
        if present(is_nonempty(props.secrets)):
            statements: list[dict[str, Any]] = [
                {
                    "Effect": "Allow",
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": sorted_values(props.secrets),
                }
            ]
            decrypt = {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": props.kms_key_arn}
            IamRolePolicy(
                self,
                "execution_role_secrets",
                count=count_for(is_nonempty(props.secrets)),
                role=self.execution_role.id,
                policy=json_document(
                    {
                        "Version": "2012-10-17",
                        "Statement": joined(statements, optional_items(is_set(props.kms_key_arn), [decrypt])),
                    }
                ),
            )
        self.task_role = IamRole(
            self, "task_role", name_prefix=f"{truncated(props.name, 24)}-task-", assume_role_policy=ECS_TASKS_TRUST
        )
        if present(props.enable_execute_command):
            IamRolePolicy(
                self,
                "task_role_execute_command",
                count=count_for(props.enable_execute_command),
                role=self.task_role.id,
                policy=json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": [
                                    "ssmmessages:CreateControlChannel",
                                    "ssmmessages:CreateDataChannel",
                                    "ssmmessages:OpenControlChannel",
                                    "ssmmessages:OpenDataChannel",
                                ],
                                "Resource": "*",
                            }
                        ],
                    }
                ),
            )

        self.security_group = security_group(
            self,
            name=f"{props.name}-app",
            description=f"Tasks of {props.name}: reachable only from the load balancer",
            vpc_id=props.vpc_id,
        )
        allow_https_out(self, self.security_group.id)

        self.task_definition = self._task_definition(props, "task_definition", props.name, command=None)
        self.migration_task_definition = self._task_definition(
            props, "migration_task_definition", f"{props.name}-migrate", command=list(props.migration_command)
        )

        self.service = fargate_service(
            self,
            name=props.name,
            cluster=self.cluster.arn,
            task_definition_arn=self.task_definition.arn,
            desired_count=props.desired_count,
            subnet_ids=props.subnet_ids,
            security_group_id=self.security_group.id,
            assign_public_ip=props.assign_public_ip,
            redeploy_triggers=props.redeploy_triggers,
            code_deploy=self.blue_green,
            load_balancer=[
                EcsServiceLoadBalancer(
                    target_group_arn=props.target_group_arn,
                    container_name=CONTAINER,
                    container_port=props.container_port,
                )
            ],
            health_check_grace_period_seconds=props.health_check_grace_period_seconds,
            enable_execute_command=props.enable_execute_command,
        )
        autoscaling(
            self,
            self.service,
            name=props.name,
            cluster_name=self.cluster.name,
            min_capacity=props.min_capacity,
            max_capacity=props.max_capacity,
            target_percents={"cpu": props.cpu_target_percent, "memory": props.memory_target_percent},
            scale_in_cooldown_seconds=props.scale_in_cooldown_seconds,
            scale_out_cooldown_seconds=props.scale_out_cooldown_seconds,
        )

    def _task_definition(
        self, props: FargateServiceProps, id: str, family: str, *, command: list[str] | None
    ) -> EcsTaskDefinition:
        container: dict[str, Any] = {
            "name": CONTAINER,
            "image": props.image,
            "essential": True,
            "secrets": named_entries(props.secrets, "valueFrom"),
            "environment": named_entries(props.environment, "value"),
            "logConfiguration": {
                "logDriver": "awslogs",
                "options": {
                    "awslogs-group": self.log_group.name,
                    "awslogs-region": props.region,
                    "awslogs-stream-prefix": "migrate" if command else "app",
                },
            },
            # ECS Exec needs an init process to reap the agent's child processes.
            "linuxParameters": {"initProcessEnabled": True},
            "stopTimeout": 30,
        }
        if command:
            container["command"] = command
        else:
            container["portMappings"] = [{"containerPort": props.container_port, "protocol": "tcp"}]
            if self.blue_green and props.redeploy_triggers:
                # A CodeDeploy service cannot be forced to redeploy: a changed trigger (a rotated secret) changes
                # the task definition instead, and the rollout deploys any revision the service does not run.
                container["dockerLabels"] = {
                    f"{REDEPLOY_LABEL_PREFIX}{key}": value for key, value in sorted(props.redeploy_triggers.items())
                }
        return fargate_task_definition(
            self,
            id,
            family=family,
            cpu=props.cpu,
            memory_mib=props.memory_mib,
            execution_role_arn=self.execution_role.arn,
            task_role_arn=self.task_role.arn,
            container=container,
        )

    def run_migration_command(self, region: str) -> str:
        """The exact `aws ecs run-task` command that runs the migration task once, in the service's network."""
        subnets = Fn.join(",", self.subnet_ids)
        return (
            f"aws ecs run-task --region {region} --cluster {self.cluster.name} "
            f"--task-definition {self.migration_task_definition.family} --launch-type FARGATE "
            f"--network-configuration 'awsvpcConfiguration={{subnets=[{subnets}],"
            f"securityGroups=[{self.security_group.id}],assignPublicIp={self.public_ip_setting}}}'"
        )
