"""`diagrams.model` on hand-made stacks: every security-group rule becomes a flow (a pair once, a lone rule too, so
a half-written flow is seen), CIDR peers are drawn as such, and subnet CIDRs are Terraform's `cidrsubnet`."""

from __future__ import annotations

from typing import Any

from diagrams.mermaid import render
from diagrams.model import cidr, read_stack


def rule(group: str, port: int, description: str, **peer: str) -> dict[str, Any]:
    return {
        "security_group_id": f"${{aws_security_group.{group}.id}}",
        "ip_protocol": "tcp",
        "from_port": port,
        "to_port": port,
        "description": description,
        **peer,
    }


def stack() -> dict[str, Any]:
    return {
        "resource": {
            "aws_security_group": {"web": {"name": "web"}, "db": {"name": "db"}, "spare": {"name": "spare"}},
            "aws_lb": {"web": {"name": "web", "security_groups": ["${aws_security_group.web.id}"]}},
            "aws_db_instance": {
                "db": {
                    "engine": "postgres",
                    "instance_class": "db.t3.micro",
                    "vpc_security_group_ids": ["${aws_security_group.db.id}"],
                }
            },
            "aws_vpc_security_group_egress_rule": {
                "web_to_db": rule(
                    "web",
                    5432,
                    "PostgreSQL to the database",
                    referenced_security_group_id="${aws_security_group.db.id}",
                ),
            },
            "aws_vpc_security_group_ingress_rule": {
                "db_from_web": rule(
                    "db", 5432, "PostgreSQL from the web", referenced_security_group_id="${aws_security_group.web.id}"
                ),
                "spare_from_office": rule("spare", 22, "SSH from the office", cidr_ipv4="203.0.113.0/24"),
                "db_from_spare": rule(
                    "db",
                    6432,
                    "pgbouncer from the spare",
                    referenced_security_group_id="${aws_security_group.spare.id}",
                ),
            },
        }
    }


def test_a_pair_is_one_flow_and_a_lone_rule_is_drawn_too() -> None:
    graph = read_stack(stack())
    flows = {(f.source, f.target, f.ports): f.rules for f in graph.flows}
    assert flows == {
        ("web", "db", "5432"): (
            "aws_vpc_security_group_egress_rule.web_to_db",
            "aws_vpc_security_group_ingress_rule.db_from_web",
        ),
        ("cidr_203_0_113_0_24", "spare", "22"): ("aws_vpc_security_group_ingress_rule.spare_from_office",),
        ("spare", "db", "6432"): ("aws_vpc_security_group_ingress_rule.db_from_spare",),
    }
    # A group nothing drawn uses is drawn itself, so its rules are not lost.
    assert graph.nodes["spare"].label == "Security group<br/>spare"
    assert graph.nodes["cidr_203_0_113_0_24"].label == "203.0.113.0/24"


def test_flows_are_solid_arrows_labelled_with_what_and_port() -> None:
    lines = render(read_stack(stack()), "test").splitlines()
    assert lines[0] == "flowchart LR"
    assert '  web -->|"PostgreSQL · tcp 5432"| db' in lines
    assert '  cidr_203_0_113_0_24 -->|"SSH · tcp 22"| spare' in lines


def test_cidrsubnet_is_computed_as_terraform_does() -> None:
    assert cidr('${cidrsubnet("10.0.0.0/16", 4, 0)}') == "10.0.0.0/20"
    assert cidr('${cidrsubnet("10.0.0.0/16", 4, 9)}') == "10.0.144.0/20"
    assert cidr("10.1.2.0/24") == "10.1.2.0/24"
    assert cidr("${var.subnet}") is None
