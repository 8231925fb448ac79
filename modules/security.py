"""Security groups and the one way to let two of them talk: `connect(source, target, port, what)`.

    connect(service, database, 5432, "PostgreSQL")

writes the ingress rule on the target (`database/from_app`) and the matching egress rule on the source
(`service/to_database`) together, so a flow is never allowed on one side only. Groups have no inline rules and no
default egress: every allowed flow is one of these rule pairs, or a rule its construct documents (the load
balancer's listeners from the internet, the tasks' HTTPS out).
"""

from __future__ import annotations

from typing import Protocol

from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_egress_rule import VpcSecurityGroupEgressRule
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from constructs import Construct


class Peer(Protocol):
    """A construct with a security group that other constructs may connect to or from."""

    security_group: SecurityGroup
    peer_id: str
    """Names the rules about it on the other side: `from_<peer_id>`, `to_<peer_id>` (part of their addresses)."""
    peer_label: str
    """Names it in rule descriptions: `PostgreSQL from the <peer_label>`."""


def security_group(scope: Construct, *, name: str, description: str, vpc_id: str) -> SecurityGroup:
    """A security group with no inline rules (Terraform then removes AWS's default allow-all egress): each
    allowed flow is a separate rule resource, added by `connect` or the owning construct."""
    return SecurityGroup(
        scope, "security_group", name=name, description=description, vpc_id=vpc_id, tags={"Name": name}
    )


def connect(
    source: Peer, target: Peer, port: int | float, what: str
) -> tuple[VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule]:
    """Let members of `source` open TCP connections to members of `target` on `port`: the egress rule on the
    source and the ingress rule on the target, each referencing the other's group."""
    assert isinstance(source, Construct) and isinstance(target, Construct)
    egress = VpcSecurityGroupEgressRule(
        source,
        f"to_{target.peer_id}",
        security_group_id=source.security_group.id,
        referenced_security_group_id=target.security_group.id,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        description=f"{what} to the {target.peer_label}",
    )
    ingress = VpcSecurityGroupIngressRule(
        target,
        f"from_{source.peer_id}",
        security_group_id=target.security_group.id,
        referenced_security_group_id=source.security_group.id,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        description=f"{what} from the {source.peer_label}",
    )
    return egress, ingress
