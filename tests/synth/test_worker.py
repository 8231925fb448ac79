"""The optional ARQ worker on ECS: off by default; on, a second service with the app's image, secrets and network,
its own size, scaling and alarms, reachable by nothing and reaching only Redis, the database and HTTPS."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from environments import load
from tests.support import tfjson

COMMAND = ("arq", "mission_control.worker.WorkerSettings")


@pytest.fixture(scope="module")
def stack(synth_settings: Callable[[Any], Path]) -> tfjson.TfJson:
    from modules.worker.props import WorkerOptions

    dev = load("dev", env={})
    assert dev.ecs is not None
    worker = WorkerOptions(command=COMMAND, cpu=512, memory_mib=1024, max_capacity=3)
    return tfjson.load(
        synth_settings(dataclasses.replace(dev, ecs=dataclasses.replace(dev.ecs, worker=worker))) / "cdk.tf.json"
    )


def services(stack: tfjson.TfJson) -> dict[str, dict[str, Any]]:
    return {service["name"]: service for service in tfjson.resources(stack, "aws_ecs_service")}


def container(stack: tfjson.TfJson, service: dict[str, Any]) -> dict[str, Any]:
    (only,) = json.loads(tfjson.target(stack, service["task_definition"])[1]["container_definitions"])
    return dict(only)


def test_off_by_default(stack_dir: Callable[[str], Path]) -> None:
    for name in ("dev", "prod"):
        assert list(services(tfjson.load(stack_dir(name) / "cdk.tf.json"))) == [f"mission-control-{name}"]


def test_the_worker_runs_the_app_image_with_its_secrets_and_its_own_command(stack: tfjson.TfJson) -> None:
    by_name = services(stack)
    app, worker = by_name["mission-control-dev"], by_name["mission-control-dev-worker"]
    app_container, worker_container = container(stack, app), container(stack, worker)
    assert worker_container["image"] == app_container["image"]
    assert worker_container["secrets"] == app_container["secrets"]
    assert worker_container["command"] == list(COMMAND) and "portMappings" not in worker_container
    assert worker["cluster"] == app["cluster"] and "load_balancer" not in worker
    assert worker["network_configuration"]["subnets"] == app["network_configuration"]["subnets"]
    task = tfjson.target(stack, worker["task_definition"])[1]
    assert (task["cpu"], task["memory"]) == ("512", "1024")
    assert worker["triggers"] == app["triggers"]  # rotated secrets roll the worker too


def test_the_worker_scales_and_alarms_on_its_own(stack: tfjson.TfJson) -> None:
    (address,) = [k for k, v in stack["resource"]["aws_ecs_service"].items() if v["name"].endswith("-worker")]
    targets = [
        t
        for t in tfjson.resources(stack, "aws_appautoscaling_target")
        if f"aws_ecs_service.{address}." in t["resource_id"]
    ]
    assert [(t["min_capacity"], t["max_capacity"]) for t in targets] == [(1, 3)]
    alarms = [a for a in tfjson.resources(stack, "aws_cloudwatch_metric_alarm") if "-worker-" in a["alarm_name"]]
    assert {a["metric_name"] for a in alarms} == {"CPUUtilization", "MemoryUtilization"}
    (topic,) = stack["resource"]["aws_sns_topic"]
    assert all(a["alarm_actions"] == [f"${{aws_sns_topic.{topic}.arn}}"] for a in alarms)


def test_the_worker_reaches_redis_and_the_database_and_nothing_reaches_it(stack: tfjson.TfJson) -> None:
    worker = services(stack)["mission-control-dev-worker"]
    (group,) = worker["network_configuration"]["security_groups"]
    ingress = tfjson.resources(stack, "aws_vpc_security_group_ingress_rule")
    egress = [
        r for r in tfjson.resources(stack, "aws_vpc_security_group_egress_rule") if r["security_group_id"] == group
    ]
    assert not [r for r in ingress if r["security_group_id"] == group]
    database = tfjson.one(stack, "aws_db_instance")
    (database_group,) = database["vpc_security_group_ids"]
    (cache_group,) = tfjson.one(stack, "aws_elasticache_replication_group")["security_group_ids"]
    assert {(r.get("referenced_security_group_id") or r.get("cidr_ipv4"), r["from_port"]) for r in egress} == {
        ("0.0.0.0/0", 443),
        (database_group, database["port"]),
        (cache_group, 6379),
    }
    for target, port in ((database_group, database["port"]), (cache_group, 6379)):
        assert any(
            r["security_group_id"] == target and r["referenced_security_group_id"] == group and r["from_port"] == port
            for r in ingress
        ), target
