"""Blue/green against the emulator: the blue/green part of the ECS stack, built from the constructs `EcsApp` composes
(network, load balancer with its second target group and test listener, the CODE_DEPLOY service, the alarms, the
CodeDeploy application and deployment group with its role), applied with the real Terraform and provider against
moto, planned again with no changes; a deployment is started as `ops.rollout` starts it and read back with its
revision and the group's rollback settings; CodeDeploy's own swap (both listeners on the other target group, the
service on a new task definition) leaves the next plan empty, as the nightly drift plan must.

moto 5.2.5's CodeDeploy has no delete, update or stop calls and drops the alarm configuration it stores:
rehearsal/moto_patches.py fills those gaps. What the emulator cannot show (see the runbook, "Blue/green
deployments"): moto never runs a deployment (it stays `Created`: no replacement task set, no traffic shift, no
health checks, no bake time, no alarm-triggered roll-back), its load balancer routes nothing, and its alarms never
fire. Those are CodeDeploy's and ECS's own behaviour on AWS; `tests/unit/test_rollout_blue_green.py` drives the
rollout through each outcome with a stand-in.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from modules.ecs_app import contract
from ops import codedeploy
from ops.aws import EXIT_TIMEOUT
from rehearsal.emulator import Emulator, running_emulator
from rehearsal.terraform import Terraform
from stacks.emulator import emulator_provider_arguments

pytestmark = pytest.mark.filterwarnings("ignore:Unverified HTTPS request")
NAME = "mc-bluegreen"


def blue_green(stack: Any) -> None:
    """The blue/green slice of the ECS stack, wired as `EcsApp` wires it (no database, cache or secrets)."""
    from cdktf import TerraformOutput

    from modules.alarms.construct import Alarms
    from modules.alarms.props import AlarmsProps
    from modules.blue_green.construct import BlueGreenDeployment
    from modules.blue_green.props import BlueGreenDeploymentProps
    from modules.fargate_service.construct import FargateService
    from modules.fargate_service.props import FargateServiceProps
    from modules.load_balancer.construct import LoadBalancer
    from modules.load_balancer.props import LoadBalancerProps
    from modules.network.construct import Network
    from modules.network.props import NetworkProps
    from modules.security import connect

    network = Network(stack, "network", NetworkProps(name=NAME, nat_gateways="none", enable_flow_logs=False))
    load_balancer = LoadBalancer(
        stack,
        "load_balancer",
        LoadBalancerProps(
            name=NAME, vpc_id=network.vpc.id, subnet_ids=network.public_subnet_ids, enable_test_listener=True
        ),
    )
    service = FargateService(
        stack,
        "service",
        FargateServiceProps(
            name=NAME,
            vpc_id=network.vpc.id,
            subnet_ids=network.public_subnet_ids,
            assign_public_ip=True,
            image="ghcr.io/acme/mc:1.4.2",
            target_group_arn=load_balancer.target_group.arn,
            region="us-east-1",
            redeploy_triggers={"secret_key": "1"},
            deployment="blue_green",
        ),
    )
    listeners = (load_balancer.http_listener, load_balancer.test_listener)
    service.service.add_override(
        "depends_on", [f"{item.terraform_resource_type}.{item.friendly_unique_id}" for item in listeners if item]
    )
    connect(load_balancer, service, service.container_port, "app port")
    alt = load_balancer.alt_target_group
    assert alt is not None and load_balancer.test_listener is not None
    alarms = Alarms(
        stack,
        "alarms",
        AlarmsProps(
            name=NAME,
            cluster_name=service.cluster.name,
            service_name=service.service.name,
            database_instance_id=NAME,
            load_balancer_arn_suffix=load_balancer.load_balancer.arn_suffix,
            target_group_arn_suffix=load_balancer.target_group.arn_suffix,
            alt_target_group_arn_suffix=alt.arn_suffix,
        ),
    )
    deployment = BlueGreenDeployment(
        stack,
        "deployment",
        BlueGreenDeploymentProps(
            name=NAME,
            cluster_name=service.cluster.name,
            service_name=service.service.name,
            production_listener_arn=load_balancer.production_listener.arn,
            test_listener_arn=load_balancer.test_listener.arn,
            target_group_names=(load_balancer.target_group.name, alt.name),
            alarm_names=[alarm.alarm_name for alarm in alarms.deployment_alarms],
        ),
    )
    outputs = {
        contract.TASK_DEFINITION_ARN: service.task_definition.arn,
        contract.CODEDEPLOY_APPLICATION: deployment.application.name,
        contract.CODEDEPLOY_DEPLOYMENT_GROUP: deployment.deployment_group.deployment_group_name,
        contract.CLUSTER_NAME: service.cluster.name,
        contract.SERVICE_NAME: service.service.name,
        contract.TASK_SECURITY_GROUP_ID: service.security_group.id,
        contract.TASK_SUBNET_IDS: network.public_subnet_ids,
        "production_listener_arn": load_balancer.production_listener.arn,
        "test_listener_arn": load_balancer.test_listener.arn,
        "alt_target_group_arn": alt.arn,
    }
    for name, value in outputs.items():
        TerraformOutput(stack, name, value=value)


@pytest.fixture(scope="module")
def applied(
    synth_construct: Callable[[str, Callable[[Any], object]], Path],
    terraform: Terraform,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Emulator, Path, Terraform, dict[str, Any]]]:
    folder = tmp_path_factory.mktemp("blue-green-apply") / "stack"
    shutil.copytree(synth_construct("blue_green", blue_green), folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MOTO_ECS_SERVICE_RUNNING", "1")
        with running_emulator() as emulator:
            (folder / "emulator_override.tf.json").write_text(
                json.dumps({"provider": {"aws": emulator_provider_arguments(emulator.url)}})
            )
            terraform.run(folder, "init", "-input=false", "-no-color")
            terraform.run(folder, "apply", "-auto-approve", "-input=false", "-no-color")
            raw = json.loads(terraform.run(folder, "output", "-json").stdout)
            yield emulator, folder, terraform, {name: item["value"] for name, item in raw.items()}


def no_changes(folder: Path, terraform: Terraform) -> None:
    result = terraform.run(folder, "plan", "-input=false", "-no-color", "-detailed-exitcode", check=False)
    assert result.returncode == 0 and "No changes." in result.stdout, result.stdout + result.stderr


def test_the_stack_converges(applied: tuple[Emulator, Path, Terraform, dict[str, Any]]) -> None:
    _, folder, terraform, _ = applied
    no_changes(folder, terraform)


def test_the_service_is_deployed_by_codedeploy(applied: tuple[Emulator, Path, Terraform, dict[str, Any]]) -> None:
    emulator, _, _, outputs = applied
    (service,) = emulator.client("ecs").describe_services(
        cluster=outputs[contract.CLUSTER_NAME], services=[outputs[contract.SERVICE_NAME]]
    )["services"]
    assert service["deploymentController"] == {"type": "CODE_DEPLOY"}
    assert service["taskDefinition"] == outputs[contract.TASK_DEFINITION_ARN]


def test_the_group_reads_back_with_its_rollback_alarms_and_bake_time(
    applied: tuple[Emulator, Path, Terraform, dict[str, Any]],
) -> None:
    emulator, _, _, outputs = applied
    info = emulator.client("codedeploy").get_deployment_group(
        applicationName=outputs[contract.CODEDEPLOY_APPLICATION],
        deploymentGroupName=outputs[contract.CODEDEPLOY_DEPLOYMENT_GROUP],
    )["deploymentGroupInfo"]
    assert info["computePlatform"] == "ECS"
    assert info["autoRollbackConfiguration"]["enabled"] is True
    assert set(info["autoRollbackConfiguration"]["events"]) == {"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"}
    alarm_names = {alarm["name"] for alarm in info["alarmConfiguration"]["alarms"]}
    assert {f"{NAME}-target-5xx", f"{NAME}-alt-target-5xx", f"{NAME}-unhealthy-hosts"} <= alarm_names
    terminate = info["blueGreenDeploymentConfiguration"]["terminateBlueInstancesOnDeploymentSuccess"]
    assert terminate == {"action": "TERMINATE", "terminationWaitTimeInMinutes": 15}
    pair = info["loadBalancerInfo"]["targetGroupPairInfoList"][0]
    assert [group["name"] for group in pair["targetGroups"]] == [f"{NAME}-app", f"{NAME}-alt"]
    assert pair["prodTrafficRoute"]["listenerArns"] == [outputs["production_listener_arn"]]
    assert pair["testTrafficRoute"]["listenerArns"] == [outputs["test_listener_arn"]]


def test_a_deployment_is_created_with_the_new_revision(
    applied: tuple[Emulator, Path, Terraform, dict[str, Any]],
) -> None:
    """As `ops.rollout` starts it: the AppSpec names the task definition, the container and port, the network."""
    emulator, _, _, outputs = applied
    client = emulator.client("codedeploy")
    deployments = codedeploy.Deployments(
        client,
        application=outputs[contract.CODEDEPLOY_APPLICATION],
        group=outputs[contract.CODEDEPLOY_DEPLOYMENT_GROUP],
    )
    spec = codedeploy.app_spec(
        outputs[contract.TASK_DEFINITION_ARN],
        container_port=8000,
        subnets=outputs[contract.TASK_SUBNET_IDS],
        security_groups=[outputs[contract.TASK_SECURITY_GROUP_ID]],
        assign_public_ip=True,
    )
    deployment_id = deployments.start(spec, "emulator: rollout of 1.4.3")
    info = client.get_deployment(deploymentId=deployment_id)["deploymentInfo"]
    assert info["deploymentGroupName"] == outputs[contract.CODEDEPLOY_DEPLOYMENT_GROUP]
    assert info["deploymentConfigName"] == "CodeDeployDefault.ECSAllAtOnce"
    content = json.loads(info["revision"]["appSpecContent"]["content"])
    properties = content["Resources"][0]["TargetService"]["Properties"]
    assert properties["TaskDefinition"] == outputs[contract.TASK_DEFINITION_ARN]
    assert properties["LoadBalancerInfo"] == {"ContainerName": "app", "ContainerPort": 8000}
    # moto never runs it: the rollout's timeout path stops it with a roll-back.
    assert deployments.wait(deployment_id, timeout_seconds=0) == EXIT_TIMEOUT
    assert client.get_deployment(deploymentId=deployment_id)["deploymentInfo"]["status"] == "Stopped"


def test_codedeploys_swap_leaves_the_next_plan_empty(
    applied: tuple[Emulator, Path, Terraform, dict[str, Any]],
) -> None:
    """What a finished deployment leaves (both listeners on the other target group, the service on a new
    revision), done here by hand as moto cannot: Terraform neither reverts it nor reports it."""
    emulator, folder, terraform, outputs = applied
    elbv2, ecs = emulator.client("elbv2"), emulator.client("ecs")
    for listener in (outputs["production_listener_arn"], outputs["test_listener_arn"]):
        elbv2.modify_listener(
            ListenerArn=listener,
            DefaultActions=[{"Type": "forward", "TargetGroupArn": outputs["alt_target_group_arn"]}],
        )
    described = ecs.describe_task_definition(taskDefinition=outputs[contract.TASK_DEFINITION_ARN])["taskDefinition"]
    fields = ("family", "containerDefinitions", "requiresCompatibilities", "networkMode", "cpu", "memory")
    new = ecs.register_task_definition(**{k: described[k] for k in fields if k in described})
    ecs.update_service(
        cluster=outputs[contract.CLUSTER_NAME],
        service=outputs[contract.SERVICE_NAME],
        taskDefinition=new["taskDefinition"]["taskDefinitionArn"],
    )
    no_changes(folder, terraform)
