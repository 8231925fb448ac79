"""Blue/green deployments as synthesized: prod (the default) hands its service to CodeDeploy, dev keeps rolling.

Resources are found by type and properties; references are followed to what they name.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from modules.ecs_app import contract
from tests.support import tfjson

ROLLBACK = {"DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"}


@pytest.fixture(scope="module")
def prod(stack_dir: Callable[[str], Path]) -> tfjson.TfJson:
    return tfjson.load(stack_dir("prod") / "cdk.tf.json")


@pytest.fixture(scope="module")
def dev(stack_dir: Callable[[str], Path]) -> tfjson.TfJson:
    return tfjson.load(stack_dir("dev") / "cdk.tf.json")


@pytest.fixture(scope="module")
def prod_https(synth_app: Callable[[dict[str, str]], Path]) -> tfjson.TfJson:
    return tfjson.load(synth_app({"MC_PROD_DOMAIN_NAME": "mc.example.com"}) / "prod" / "cdk.tf.json")


def app_service(stack: tfjson.TfJson) -> dict[str, Any]:
    return tfjson.one(stack, "aws_ecs_service", name=f"mission-control-{environment(stack)}")


def environment(stack: tfjson.TfJson) -> str:
    return str(tfjson.one(stack, "aws_ecs_cluster")["name"]).rsplit("-", 1)[-1]


def group(stack: tfjson.TfJson) -> dict[str, Any]:
    return tfjson.one(stack, "aws_codedeploy_deployment_group")


def listener(stack: tfjson.TfJson, reference: str) -> dict[str, Any]:
    resource_type, found = tfjson.target(stack, reference)
    assert resource_type == "aws_lb_listener", reference
    return found


def address(reference: str) -> str:
    """`${aws_x.name.attr}` -> `aws_x.name`."""
    return ".".join(reference.removeprefix("${").split(".")[:2])


# The service


def test_prod_service_is_deployed_by_codedeploy_without_circuit_breaker_or_forced_redeploys(
    prod: tfjson.TfJson,
) -> None:
    service = app_service(prod)
    assert service["deployment_controller"] == {"type": "CODE_DEPLOY"}
    # CodeDeploy refuses both on its services (UpdateService: InvalidParameterException).
    for refused in ("deployment_circuit_breaker", "force_new_deployment", "triggers"):
        assert service.get(refused) is None, (refused, service.get(refused))


def test_terraform_leaves_to_codedeploy_what_its_deployments_change(prod: tfjson.TfJson) -> None:
    """Neither an apply nor the nightly drift plan reverts or reports CodeDeploy's swaps."""
    ignored = set(app_service(prod)["lifecycle"]["ignore_changes"])
    assert {"task_definition", "load_balancer", "network_configuration", "desired_count"} <= ignored
    routes = group(prod)["load_balancer_info"]["target_group_pair_info"]
    for route in ("prod_traffic_route", "test_traffic_route"):
        (reference,) = routes[route]["listener_arns"]
        assert listener(prod, reference)["lifecycle"]["ignore_changes"] == ["default_action"], route


def test_dev_keeps_rolling_with_its_circuit_breaker(dev: tfjson.TfJson) -> None:
    service = app_service(dev)
    assert "deployment_controller" not in service
    assert service["deployment_circuit_breaker"] == {"enable": True, "rollback": True}
    assert service["force_new_deployment"] is True and service["triggers"]
    assert service["lifecycle"]["ignore_changes"] == ["desired_count"]
    for resource_type in ("aws_codedeploy_app", "aws_codedeploy_deployment_group"):
        assert not tfjson.resources(dev, resource_type), resource_type
    assert len(tfjson.resources(dev, "aws_lb_target_group")) == 1
    assert not any("ignore_changes" in r.get("lifecycle", {}) for r in tfjson.resources(dev, "aws_lb_listener"))


# Target groups and listeners


def test_two_target_groups_the_service_starting_on_the_first(prod: tfjson.TfJson) -> None:
    names = [tg["name"] for tg in group(prod)["load_balancer_info"]["target_group_pair_info"]["target_group"]]
    pair = [tfjson.target(prod, name)[1] for name in names]
    assert {tg["name"] for tg in pair} == {tg["name"] for tg in tfjson.resources(prod, "aws_lb_target_group")}
    assert len({tg["name"] for tg in pair}) == 2
    (load_balancer,) = app_service(prod)["load_balancer"]
    assert address(load_balancer["target_group_arn"]) == address(names[0])


def test_production_listener_serves_the_first_group_and_the_test_listener_the_other(prod: tfjson.TfJson) -> None:
    routes = group(prod)["load_balancer_info"]["target_group_pair_info"]
    first, other = (address(tg["name"]) for tg in routes["target_group"])
    (production,) = routes["prod_traffic_route"]["listener_arns"]
    (test,) = routes["test_traffic_route"]["listener_arns"]
    forwards = {
        name: address(listener(prod, reference)["default_action"][0]["target_group_arn"])
        for name, reference in (("production", production), ("test", test))
    }
    assert forwards == {"production": first, "test": other}
    assert listener(prod, production)["port"] == 80 and listener(prod, test)["port"] == 8080


def test_with_a_domain_both_listeners_are_https_and_the_redirect_stays_terraforms(prod_https: tfjson.TfJson) -> None:
    routes = group(prod_https)["load_balancer_info"]["target_group_pair_info"]
    (production,) = routes["prod_traffic_route"]["listener_arns"]
    (test,) = routes["test_traffic_route"]["listener_arns"]
    assert (listener(prod_https, production)["port"], listener(prod_https, production)["protocol"]) == (443, "HTTPS")
    test_listener = listener(prod_https, test)
    assert (test_listener["port"], test_listener["protocol"]) == (8443, "HTTPS")
    assert test_listener["ssl_policy"] == listener(prod_https, production)["ssl_policy"]
    assert test_listener["certificate_arn"] == listener(prod_https, production)["certificate_arn"]
    redirect = tfjson.one(prod_https, "aws_lb_listener", port=80)
    assert redirect["default_action"][0]["type"] == "redirect" and "lifecycle" not in redirect


# The deployment group


def test_deployment_group_rolls_back_on_failure_and_on_alarms(prod: tfjson.TfJson) -> None:
    found = group(prod)
    assert found["auto_rollback_configuration"]["enabled"] is True
    assert set(found["auto_rollback_configuration"]["events"]) == ROLLBACK
    assert found["alarm_configuration"]["enabled"] is True
    assert found["deployment_style"] == {"deployment_option": "WITH_TRAFFIC_CONTROL", "deployment_type": "BLUE_GREEN"}


def test_the_attached_alarms_watch_both_target_groups_and_the_load_balancer(prod: tfjson.TfJson) -> None:
    alarms = [tfjson.target(prod, name)[1] for name in group(prod)["alarm_configuration"]["alarms"]]
    assert all(alarm["alarm_actions"] for alarm in alarms)
    watched = {
        (alarm["metric_name"], address(alarm["dimensions"]["TargetGroup"]))
        for alarm in alarms
        if "TargetGroup" in alarm["dimensions"]
    }
    groups = {address(tg["name"]) for tg in group(prod)["load_balancer_info"]["target_group_pair_info"]["target_group"]}
    for metric in ("HTTPCode_Target_5XX_Count", "UnHealthyHostCount"):
        assert {target for name, target in watched if name == metric} == groups, metric
    assert any(alarm["metric_name"] == "HTTPCode_ELB_5XX_Count" for alarm in alarms)
    # Capacity and database alarms do not mean the new version fails: they do not stop a deployment.
    assert not {alarm["namespace"] for alarm in alarms} & {"AWS/ECS", "AWS/RDS"}


def test_old_tasks_bake_before_they_go(prod: tfjson.TfJson) -> None:
    config = group(prod)["blue_green_deployment_config"]
    assert config["terminate_blue_instances_on_deployment_success"]["action"] == "TERMINATE"
    assert config["terminate_blue_instances_on_deployment_success"]["termination_wait_time_in_minutes"] >= 5
    assert config["deployment_ready_option"]["action_on_timeout"] == "CONTINUE_DEPLOYMENT"


def test_the_group_deploys_this_service_with_codedeploys_role(prod: tfjson.TfJson) -> None:
    found = group(prod)
    assert tfjson.target(prod, found["ecs_service"]["service_name"])[1] == app_service(prod)
    assert tfjson.target(prod, found["ecs_service"]["cluster_name"])[1] == tfjson.one(prod, "aws_ecs_cluster")
    _, application = tfjson.target(prod, found["app_name"])
    assert application["compute_platform"] == "ECS"
    _, role = tfjson.target(prod, found["service_role_arn"])
    trust = json.loads(role["assume_role_policy"])
    assert [s["Principal"] for s in trust["Statement"]] == [{"Service": "codedeploy.amazonaws.com"}]
    attached = [
        a["policy_arn"]
        for a in tfjson.resources(prod, "aws_iam_role_policy_attachment")
        if tfjson.target(prod, a["role"])[1] == role
    ]
    assert attached == ["arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS"]
    assert "aws_iam_role_policy_attachment." in found["depends_on"][0]


# Rotation, outputs, switches


def test_a_rotated_secret_changes_the_task_definition_codedeploy_then_deploys(prod: tfjson.TfJson) -> None:
    """No forced redeploy on a CodeDeploy service: the secrets' versions are labels of the task definition, so a
    rotation registers a new revision and the rollout deploys it."""
    service = app_service(prod)
    (container,) = json.loads(tfjson.target(prod, service["task_definition"])[1]["container_definitions"])
    labels = container["dockerLabels"]
    versions = {address(value) for value in labels.values()}
    secret_versions = {
        f"aws_secretsmanager_secret_version.{k}" for k in prod["resource"]["aws_secretsmanager_secret_version"]
    }
    assert versions and versions <= secret_versions
    assert all(value.endswith(".secret_string_wo_version}") for value in labels.values())
    assert len(labels) == 3  # the app's secret key, database URL and Redis URL


def test_the_rollout_finds_the_deployment_group_in_the_outputs(prod: tfjson.TfJson, dev: tfjson.TfJson) -> None:
    outputs = prod["output"]
    assert outputs[contract.CODEDEPLOY_APPLICATION]["value"] == group(prod)["app_name"]
    assert tfjson.target(prod, outputs[contract.CODEDEPLOY_DEPLOYMENT_GROUP]["value"]) == (
        "aws_codedeploy_deployment_group",
        group(prod),
    )
    assert outputs[contract.APP_CONTAINER_PORT]["value"] == 8000
    assert not set(contract.BLUE_GREEN_OUTPUTS) & set(dev["output"])


@pytest.mark.parametrize(
    ("env", "name", "controller"),
    [({"MC_PROD_DEPLOYMENT": "rolling"}, "prod", None), ({"MC_DEV_DEPLOYMENT": "blue_green"}, "dev", "CODE_DEPLOY")],
    ids=["prod-rolling", "dev-blue-green"],
)
def test_the_setting_switches_an_environment(
    env: dict[str, str], name: str, controller: str | None, synth_app: Callable[[dict[str, str]], Path]
) -> None:
    stack = tfjson.load(synth_app(env) / name / "cdk.tf.json")
    assert app_service(stack).get("deployment_controller", {}).get("type") == controller
    assert len(tfjson.resources(stack, "aws_codedeploy_deployment_group")) == (1 if controller else 0)


def test_the_worker_keeps_rolling_beside_a_blue_green_app(synth_settings: Callable[..., Path]) -> None:
    """The worker takes no traffic: nothing to shift, so it rolls with its circuit breaker and forced redeploys."""
    from environments import load
    from modules.worker.props import WorkerOptions

    prod = load("prod", env={})
    assert prod.ecs is not None
    worker = WorkerOptions(command=("arq", "mission_control.worker.WorkerSettings"))
    stack = tfjson.load(
        synth_settings(dataclasses.replace(prod, ecs=dataclasses.replace(prod.ecs, worker=worker))) / "cdk.tf.json"
    )
    found = tfjson.one(stack, "aws_ecs_service", name="mission-control-prod-worker")
    assert "deployment_controller" not in found
    assert found["deployment_circuit_breaker"] == {"enable": True, "rollback": True}
    assert found["force_new_deployment"] is True
    assert app_service(stack)["deployment_controller"] == {"type": "CODE_DEPLOY"}
    assert tfjson.target(stack, group(stack)["ecs_service"]["service_name"])[1] == app_service(stack)


def test_the_dashboard_shows_both_target_groups(prod: tfjson.TfJson) -> None:
    """After a deployment the app serves from the other group: every target graph shows both."""
    body = json.loads(tfjson.one(prod, "aws_cloudwatch_dashboard")["dashboard_body"])
    groups = {address(tg["name"]) for tg in group(prod)["load_balancer_info"]["target_group_pair_info"]["target_group"]}
    target_graphs = 0
    for widget in body["widgets"]:
        rows = widget["properties"].get("metrics", [])
        shown = {address(row[row.index("TargetGroup") + 1]) for row in rows if "TargetGroup" in row}
        if shown:
            target_graphs += 1
            assert shown == groups, widget["properties"]["title"]
    assert target_graphs == 3  # 5xx, response time, healthy/unhealthy targets


def test_the_diagram_draws_codedeploy_deploying_the_service(prod: tfjson.TfJson, dev: tfjson.TfJson) -> None:
    from diagrams.model import read_stack

    graph = read_stack(prod)
    (node,) = [n for n in graph.nodes.values() if n.label.startswith("CodeDeploy blue/green")]
    assert "15 min bake" in node.label
    service = next(n.id for n in graph.nodes.values() if n.label.startswith("App service"))
    assert [(r.source, r.target) for r in graph.relations if r.label == "deploys new versions"] == [(node.id, service)]
    assert not [n for n in read_stack(dev).nodes.values() if n.label.startswith("CodeDeploy")]
