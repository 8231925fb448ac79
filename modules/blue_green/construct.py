"""The `BlueGreenDeployment` construct; see the package docstring."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.codedeploy_app import CodedeployApp
from cdktf_cdktf_provider_aws.codedeploy_deployment_group import (
    CodedeployDeploymentGroup,
    CodedeployDeploymentGroupAlarmConfiguration,
    CodedeployDeploymentGroupAutoRollbackConfiguration,
    CodedeployDeploymentGroupBlueGreenDeploymentConfig,
    CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption,
    CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess,
    CodedeployDeploymentGroupDeploymentStyle,
    CodedeployDeploymentGroupEcsService,
    CodedeployDeploymentGroupLoadBalancerInfo,
    CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfo,
    CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRoute,
    CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup,
    CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute,
)
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
from constructs import Construct

from modules.blue_green.props import ROLLBACK_EVENTS, BlueGreenDeploymentProps
from modules.iam import service_trust_policy
from modules.tokens import truncated

CODEDEPLOY_ECS_POLICY = "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS"
"""AWS's policy for CodeDeploy on ECS: task sets, listeners and rules, alarms, and passing the tasks' roles."""


class BlueGreenDeployment(Construct):
    application: CodedeployApp
    deployment_group: CodedeployDeploymentGroup
    role: IamRole

    def __init__(self, scope: Construct, id: str, props: BlueGreenDeploymentProps) -> None:
        super().__init__(scope, id)
        self.role = IamRole(
            self,
            "role",
            name_prefix=f"{truncated(props.name, 24)}-codedeploy-",
            assume_role_policy=service_trust_policy("codedeploy.amazonaws.com"),
        )
        policy = IamRolePolicyAttachment(self, "role_policy", role=self.role.name, policy_arn=CODEDEPLOY_ECS_POLICY)
        self.application = CodedeployApp(self, "application", name=props.name, compute_platform="ECS")
        self.deployment_group = CodedeployDeploymentGroup(
            self,
            "group",
            app_name=self.application.name,
            deployment_group_name=props.name,
            service_role_arn=self.role.arn,
            deployment_config_name=props.traffic_shift,
            deployment_style=CodedeployDeploymentGroupDeploymentStyle(
                deployment_option="WITH_TRAFFIC_CONTROL", deployment_type="BLUE_GREEN"
            ),
            blue_green_deployment_config=CodedeployDeploymentGroupBlueGreenDeploymentConfig(
                # Traffic moves as soon as the new tasks are healthy; the bake time comes after.
                deployment_ready_option=CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption(
                    action_on_timeout="CONTINUE_DEPLOYMENT"
                ),
                terminate_blue_instances_on_deployment_success=(
                    CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess(
                        action="TERMINATE", termination_wait_time_in_minutes=props.termination_wait_minutes
                    )
                ),
            ),
            ecs_service=CodedeployDeploymentGroupEcsService(
                cluster_name=props.cluster_name, service_name=props.service_name
            ),
            load_balancer_info=CodedeployDeploymentGroupLoadBalancerInfo(
                target_group_pair_info=CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfo(
                    prod_traffic_route=CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRoute(
                        listener_arns=[props.production_listener_arn]
                    ),
                    test_traffic_route=CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute(
                        listener_arns=[props.test_listener_arn]
                    ),
                    target_group=[
                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup(name=name)
                        for name in props.target_group_names
                    ],
                )
            ),
            auto_rollback_configuration=CodedeployDeploymentGroupAutoRollbackConfiguration(
                enabled=True, events=list(ROLLBACK_EVENTS)
            ),
            alarm_configuration=CodedeployDeploymentGroupAlarmConfiguration(
                enabled=True, alarms=list(props.alarm_names)
            )
            if props.alarm_names
            else None,
            # CodeDeploy checks its role when the group is created: the policy must be attached first.
            depends_on=[policy],
        )
