"""The architecture diagrams (docs/diagrams/*.mmd) are what the stacks synthesize: committed ones are current, every
flow a security-group rule allows is drawn with its port and no other flow is, and the network is drawn as it is
(dev without NAT, prod with it)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from diagrams.cli import ENVIRONMENTS, diagram, embed, embedded, markers
from environments import load
from tests.support import tfjson

ROOT = Path(__file__).resolve().parents[2]
FLOW = re.compile(r'^\s*(\w+) -->\|"(?:.* · )?(\w+) ([\d-]+|all)"\| (\w+)$')
Edge = tuple[str, str, str, str]


def drawn_flows(text: str) -> list[Edge]:
    """(source, target, protocol, ports) of every solid arrow."""
    return [(m[1], m[4], m[2], m[3]) for m in map(FLOW.match, text.splitlines()) if m]


def users(stack: tfjson.TfJson) -> dict[str, str]:
    """Security group reference -> name of the resource that uses it (the diagram's node id)."""
    found: dict[str, str] = {}
    for resource_type, blocks in stack["resource"].items():
        if resource_type.startswith(("aws_security_group", "aws_vpc_security_group_")):
            continue
        for name, body in blocks.items():
            for _, value in tfjson.strings(body):
                for group in re.findall(r"\$\{aws_security_group\.\w+\.id\}", value):
                    found[group] = name
    return found


def rule_flows(stack: tfjson.TfJson) -> set[Edge]:
    """What the rules allow: a connect() pair (egress on the source, ingress on the target) is one flow; a rule to
    or from anywhere is a flow from or to the internet. A lone rule between two groups would be a bug: refused."""
    owner = users(stack)
    ingress = tfjson.resources(stack, "aws_vpc_security_group_ingress_rule")
    egress = tfjson.resources(stack, "aws_vpc_security_group_egress_rule")

    def port(rule: dict[str, Any]) -> str:
        return (
            str(rule["from_port"]) if rule["from_port"] == rule["to_port"] else f"{rule['from_port']}-{rule['to_port']}"
        )

    flows: set[Edge] = set()
    for rule in egress:
        if "referenced_security_group_id" not in rule:
            assert rule["cidr_ipv4"] == "0.0.0.0/0", rule
            flows.add((owner[rule["security_group_id"]], "internet", rule["ip_protocol"], port(rule)))
            continue
        partners = [
            other
            for other in ingress
            if other.get("referenced_security_group_id") == rule["security_group_id"]
            and other["security_group_id"] == rule["referenced_security_group_id"]
            and (other["from_port"], other["to_port"]) == (rule["from_port"], rule["to_port"])
        ]
        assert len(partners) == 1, f"egress rule without its ingress rule: {rule}"
        flows.add((owner[rule["security_group_id"]], owner[rule["referenced_security_group_id"]], "tcp", port(rule)))
    for rule in ingress:
        if "referenced_security_group_id" not in rule:
            assert rule["cidr_ipv4"] == "0.0.0.0/0", rule
            flows.add(("internet", owner[rule["security_group_id"]], rule["ip_protocol"], port(rule)))
    return flows


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_committed_diagram_is_what_the_stack_synthesizes(
    environment: str, stack_dir: Callable[[str], Path]
) -> None:
    committed = ROOT / "docs" / "diagrams" / f"{environment}.mmd"
    assert committed.is_file(), f"{committed} is missing. Fix: make diagrams"
    assert committed.read_text() == diagram(stack_dir(environment).parent, environment), (
        f"{committed} is stale: the stack changed since it was drawn. Fix: make diagrams, and commit the result"
    )


@pytest.mark.parametrize("environment", ["dev", "prod"])
def test_every_rule_pair_is_drawn_with_its_port_and_nothing_else(
    environment: str, stack_dir: Callable[[str], Path]
) -> None:
    stack = tfjson.load(stack_dir(environment) / "cdk.tf.json")
    flows = drawn_flows(diagram(stack_dir(environment).parent, environment))
    assert len(flows) == len(set(flows)), f"a flow is drawn twice: {flows}"
    assert set(flows) == rule_flows(stack), (set(flows), rule_flows(stack))


def test_a_worker_s_flows_are_drawn(synth_settings: Callable[[Any], Path]) -> None:
    from modules.worker.props import WorkerOptions

    dev = load("dev", env={})
    assert dev.ecs is not None
    worker = WorkerOptions(command=("arq", "mission_control.worker.WorkerSettings"))
    folder = synth_settings(dataclasses.replace(dev, ecs=dataclasses.replace(dev.ecs, worker=worker)))
    stack = tfjson.load(folder / "cdk.tf.json")
    text = diagram(folder.parent, "dev")
    flows = set(drawn_flows(text))
    assert flows == rule_flows(stack)
    worker_flows = {(source, target) for source, target, _, _ in flows if "worker" in (source, target)}
    assert worker_flows == {("worker", "database"), ("worker", "cache"), ("worker", "internet")}, worker_flows
    assert re.search(r'worker\["Worker service \(ECS Fargate\)', text), text


def zone_lines(text: str, zone: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(f"subgraph {zone}["))
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == "end")
    return lines[start : end + 1]


def test_dev_is_drawn_without_nat_its_tasks_in_the_public_subnets(stack_dir: Callable[[str], Path]) -> None:
    text = diagram(stack_dir("dev").parent, "dev")
    assert not tfjson.resources(tfjson.load(stack_dir("dev") / "cdk.tf.json"), "aws_nat_gateway")
    assert "NAT" not in text.replace("no route", ""), text
    public, private = zone_lines(text, "public"), zone_lines(text, "private")
    assert "no route to the internet" in private[0]
    assert any(line.strip().startswith("service[") for line in public), public
    assert {line.strip().split("[")[0] for line in private[1:-1]} == {"database", "cache"}


def test_prod_is_drawn_with_nat_waf_and_its_tasks_in_the_private_subnets(stack_dir: Callable[[str], Path]) -> None:
    text = diagram(stack_dir("prod").parent, "prod")
    nat_gateways = tfjson.resources(tfjson.load(stack_dir("prod") / "cdk.tf.json"), "aws_nat_gateway")
    assert any(line.strip() == f'nat(["NAT gateway x {len(nat_gateways)}"])' for line in zone_lines(text, "public"))
    assert "internet via NAT" in zone_lines(text, "private")[0]
    assert any(line.strip().startswith("service[") for line in zone_lines(text, "private"))
    assert '  waf -.->|"inspects every request"| load_balancer' in text.splitlines()


def test_lightsail_draws_its_endpoint_database_and_redis_sidecar(stack_dir: Callable[[str], Path]) -> None:
    stack = tfjson.load(stack_dir("lightsail") / "cdk.tf.json")
    deployment = tfjson.one(stack, "aws_lightsail_container_service_deployment_version")
    text = diagram(stack_dir("lightsail").parent, "lightsail")
    endpoint = deployment["public_endpoint"]
    app = f"app_service_{endpoint['container_name']}"
    assert set(drawn_flows(text)) == {
        ("internet", app, "tcp", "443"),
        (app, "app_database", "tcp", "5432"),
        (app, "app_service_redis", "tcp", "6379"),
    }
    assert f"to port {endpoint['container_port']}" in text
    assert "subgraph vpc" not in text


def test_check_reports_a_stale_diagram_and_names_the_fix(stack_dir: Callable[[str], Path], tmp_path: Path) -> None:
    stacks = stack_dir("dev").parent
    for environment in ENVIRONMENTS:
        (tmp_path / f"{environment}.mmd").write_text(diagram(stacks, environment))
    command = [sys.executable, "-m", "diagrams", str(stacks), "--out", str(tmp_path), "--check"]
    assert subprocess.run(command, cwd=ROOT, capture_output=True, text=True).returncode == 0
    (tmp_path / "prod.mmd").write_text("flowchart LR\n")
    stale = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert stale.returncode == 1
    assert "prod.mmd" in stale.stderr and "make diagrams" in stale.stderr
    missing = subprocess.run(
        [*command[:3], str(tmp_path / "nothing"), "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert missing.returncode == 2 and "make synth" in missing.stderr


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_readme_embeds_the_current_diagram(environment: str, stack_dir: Callable[[str], Path]) -> None:
    """`make diagrams` rewrites the README's block between `<!-- diagram: ENV -->` and `<!-- end diagram: ENV -->`."""
    shown = embedded((ROOT / "README.md").read_text(), environment)
    assert shown is not None, f"README.md has no {markers(environment)[0]} block"
    assert shown == diagram(stack_dir(environment).parent, environment), "README.md is stale. Fix: make diagrams"


def test_embedding_replaces_only_the_marked_blocks() -> None:
    text = "intro\n<!-- diagram: dev -->\n```mermaid\nold\n```\n<!-- end diagram: dev -->\noutro\n"
    updated = embed(text, {"dev": "flowchart LR\n  a --> b\n", "prod": "flowchart LR\n"})
    assert updated == text.replace("old\n", "flowchart LR\n  a --> b\n")
    assert embedded(updated, "dev") == "flowchart LR\n  a --> b\n"
    assert embedded(updated, "prod") is None
