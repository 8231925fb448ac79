"""Network paths of the ECS environments, both ways: every pair that must talk has the egress rule on the source
AND the ingress rule on the target, and no other rule exists. Groups are named by what uses them (the load
balancer, the service's tasks, the database, the cache), read from the synthesized resources."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support import tfjson

WORLD = "0.0.0.0/0"
Rule = tuple[str, str, str, int]
"""(direction, group's role, peer's role or CIDR, port)"""


def roles(stack: tfjson.TfJson) -> dict[str, str]:
    """Security group reference -> the role of what uses it."""
    (load_balancer,) = tfjson.one(stack, "aws_lb")["security_groups"]
    (app,) = tfjson.one(stack, "aws_ecs_service")["network_configuration"]["security_groups"]
    (database,) = tfjson.one(stack, "aws_db_instance")["vpc_security_group_ids"]
    (cache,) = tfjson.one(stack, "aws_elasticache_replication_group")["security_group_ids"]
    return {load_balancer: "load balancer", app: "app", database: "database", cache: "cache"}


def rules(stack: tfjson.TfJson) -> set[Rule]:
    named = roles(stack)
    found: set[Rule] = set()
    for direction, resource_type in (
        ("ingress", "aws_vpc_security_group_ingress_rule"),
        ("egress", "aws_vpc_security_group_egress_rule"),
    ):
        for rule in tfjson.resources(stack, resource_type):
            assert rule["ip_protocol"] == "tcp" and rule["from_port"] == rule["to_port"], rule
            group: str = rule["security_group_id"]
            peer: str = rule.get("referenced_security_group_id") or rule.get("cidr_ipv4") or rule["cidr_ipv6"]
            found.add((direction, named.get(group, group), named.get(peer, peer), int(rule["from_port"])))
    return found


def ports(stack: tfjson.TfJson) -> dict[str, int]:
    service = tfjson.one(stack, "aws_ecs_service")
    (container,) = json.loads(tfjson.target(stack, service["task_definition"])[1]["container_definitions"])
    (mapping,) = container["portMappings"]
    return {
        "app": mapping["containerPort"],
        "database": tfjson.one(stack, "aws_db_instance")["port"],
        "cache": tfjson.one(stack, "aws_elasticache_replication_group")["port"],
    }


def must_talk(stack: tfjson.TfJson) -> list[tuple[str, str, int]]:
    port = ports(stack)
    return [
        ("load balancer", "app", port["app"]),
        ("app", "database", port["database"]),
        ("app", "cache", port["cache"]),
    ]


@pytest.fixture(
    scope="module",
    params=[("dev", {}), ("prod", {}), ("prod", {"MC_PROD_DOMAIN_NAME": "mc.example.com"})],
    ids=["dev", "prod", "prod-https"],
)
def stack(request: pytest.FixtureRequest, synth_app: Callable[[dict[str, str]], Path]) -> tfjson.TfJson:
    name, env = request.param
    return tfjson.load(synth_app(env) / name / "cdk.tf.json")


def test_every_pair_that_must_talk_can_both_ways(stack: tfjson.TfJson) -> None:
    found = rules(stack)
    for source, target, port in must_talk(stack):
        assert ("egress", source, target, port) in found, f"{source} may not send to {target}:{port}: {found}"
        assert ("ingress", target, source, port) in found, f"{target}:{port} does not admit {source}: {found}"


def test_nothing_else_is_open(stack: tfjson.TfJson) -> None:
    https = "aws_lb_listener" in stack["resource"] and any(
        listener["port"] == 443 for listener in tfjson.resources(stack, "aws_lb_listener")
    )
    expected: set[Rule] = {("ingress", "load balancer", WORLD, 80), ("egress", "app", WORLD, 443)}
    if https:
        expected.add(("ingress", "load balancer", WORLD, 443))
    for source, target, port in must_talk(stack):
        expected |= {("egress", source, target, port), ("ingress", target, source, port)}
    assert rules(stack) == expected


def test_groups_have_no_inline_rules_and_the_default_group_is_empty(stack: tfjson.TfJson) -> None:
    for group in tfjson.resources(stack, "aws_security_group"):
        assert not group.get("ingress") and not group.get("egress"), group
    default = tfjson.one(stack, "aws_default_security_group")
    assert not default.get("ingress") and not default.get("egress")


def test_every_rule_belongs_to_a_group_in_use(stack: tfjson.TfJson) -> None:
    """A rule on a group nothing uses would be invisible to the checks above."""
    used: set[Any] = set(roles(stack))
    for resource_type in ("aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"):
        for rule in tfjson.resources(stack, resource_type):
            assert rule["security_group_id"] in used, rule


def test_the_blue_green_test_listener_is_closed_and_both_target_groups_are_reachable(stack: tfjson.TfJson) -> None:
    """prod's test listener (CodeDeploy's test traffic) has no ingress rule: nothing reaches it from outside until
    someone opens it. Both target groups take the app port, which the load balancer may reach (either may serve)."""
    listeners = tfjson.resources(stack, "aws_lb_listener")
    tested = [listener for listener in listeners if listener["port"] not in (80, 443)]
    if not tfjson.resources(stack, "aws_codedeploy_deployment_group"):
        assert not tested  # rolling (dev): production listeners only
        return
    (test_listener,) = tested
    assert not [rule for rule in rules(stack) if rule[3] == test_listener["port"]]
    found = rules(stack)
    for group in tfjson.resources(stack, "aws_lb_target_group"):
        assert ("egress", "load balancer", "app", group["port"]) in found, group["name"]
        assert ("ingress", "app", "load balancer", group["port"]) in found, group["name"]
    assert len(tfjson.resources(stack, "aws_lb_target_group")) == 2
