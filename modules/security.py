"""Security-group helpers shared by the constructs (one rule per resource, never inline rules)."""

from __future__ import annotations

from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.vpc_security_group_ingress_rule import VpcSecurityGroupIngressRule
from constructs import Construct


def security_group(scope: Construct, *, name: str, description: str, vpc_id: str) -> SecurityGroup:
    """A security group with no inline rules (Terraform then removes AWS's default allow-all egress): each
    allowed flow is a separate rule resource, added by `allow_tcp` or the owning construct."""
    return SecurityGroup(
        scope, "security_group", name=name, description=description, vpc_id=vpc_id, tags={"Name": name}
    )


def allow_tcp(
    scope: Construct, id: str, *, to: SecurityGroup, source: SecurityGroup, port: int | float, description: str
) -> VpcSecurityGroupIngressRule:
    """Let members of `source` reach members of `to` on one TCP port."""
    return VpcSecurityGroupIngressRule(
        scope,
        id,
        security_group_id=to.id,
        referenced_security_group_id=source.id,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        description=description,
    )
